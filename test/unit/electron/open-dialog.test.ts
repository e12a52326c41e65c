import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { BrowserWindow, Dialog, OpenDialogOptions } from 'electron';
import { afterAll, describe, expect, it } from 'vitest';
import { createImportSourceDialog } from '../../../src/main/electron/open-dialog';

const scratch = mkdtempSync(path.join(tmpdir(), 'arbdesk-dialog-'));
const file = path.join(scratch, 'KO.csv');
writeFileSync(file, 'date,open,high,low,close,volume\n');
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function fakeDialog(answer: { canceled: boolean; filePaths: string[] }) {
  const calls: OpenDialogOptions[] = [];
  const dialog = {
    showOpenDialog: async (...args: [BrowserWindow, OpenDialogOptions] | [OpenDialogOptions]) => {
      calls.push(args.length === 2 ? args[1] : args[0]);
      return answer;
    },
  } as unknown as Pick<Dialog, 'showOpenDialog'>;
  return { dialog, calls };
}

describe('the native import dialog', () => {
  it('offers files and folders of CSV price data and reports what was chosen', async () => {
    const { dialog, calls } = fakeDialog({ canceled: false, filePaths: [file] });
    expect(await createImportSourceDialog(dialog, () => null)()).toEqual({ path: file, kind: 'file' });
    expect(calls[0]?.properties).toEqual(['openFile', 'openDirectory']);
    const folder = fakeDialog({ canceled: false, filePaths: [scratch] });
    expect(await createImportSourceDialog(folder.dialog, () => null)()).toEqual({ path: scratch, kind: 'directory' });
  });

  it('answers null when the user cancels', async () => {
    const { dialog } = fakeDialog({ canceled: true, filePaths: [] });
    expect(await createImportSourceDialog(dialog, () => null)()).toBeNull();
  });
});
