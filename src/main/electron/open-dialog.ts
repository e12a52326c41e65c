import { stat } from 'node:fs/promises';
import type { BrowserWindow, Dialog } from 'electron';
import type { ChooseImportSource } from '../security/import-source';

/**
 * The native open dialog for imports: the only way a path reaches main from the desktop
 * renderer (it then holds a grant, see security/path-grants.ts). One dialog for files and
 * folders, since price data comes as either.
 */
export function createImportSourceDialog(dialog: Pick<Dialog, 'showOpenDialog'>, window: () => BrowserWindow | null): ChooseImportSource {
  return async () => {
    const parent = window();
    const options = {
      title: 'Choose price data to import',
      buttonLabel: 'Choose',
      properties: ['openFile', 'openDirectory'] as Array<'openFile' | 'openDirectory'>,
      filters: [{ name: 'CSV price files', extensions: ['csv', 'txt'] }],
    };
    const result = parent === null ? await dialog.showOpenDialog(options) : await dialog.showOpenDialog(parent, options);
    const chosen = result.filePaths[0];
    if (result.canceled || chosen === undefined) return null;
    return { path: chosen, kind: (await stat(chosen)).isDirectory() ? 'directory' : 'file' };
  };
}
