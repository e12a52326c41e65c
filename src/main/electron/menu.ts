import { Menu, type MenuItemConstructorOptions } from 'electron';
import { KILL_SWITCH_ACCELERATOR, type KillSwitchSource } from './kill-switch';

export interface MenuActions {
  readonly engageKillSwitch: (source: KillSwitchSource) => Promise<void>;
  readonly openLogsFolder: () => void;
  /** Present when the core offers an on-demand backup; the item is omitted otherwise. */
  readonly backupDatabase?: () => void;
}

export interface MenuOptions {
  readonly platform: NodeJS.Platform;
  /** Reload and DevTools exist only in development builds. */
  readonly isPackaged: boolean;
  readonly actions: MenuActions;
}

export const KILL_SWITCH_MENU_LABEL = 'Halt Trading (Kill Switch)';

/** The application menu as data, so its content is testable without Electron. */
export function buildMenuTemplate(options: MenuOptions): MenuItemConstructorOptions[] {
  const { actions, isPackaged } = options;
  const isMac = options.platform === 'darwin';

  const file: MenuItemConstructorOptions[] = [];
  if (actions.backupDatabase !== undefined) {
    const backup = actions.backupDatabase;
    file.push({ id: 'backup-database', label: 'Back Up Database…', click: () => backup() }, { type: 'separator' });
  }
  file.push(isMac ? { role: 'close' } : { role: 'quit' });

  const view: MenuItemConstructorOptions[] = isPackaged
    ? []
    : [{ role: 'reload' }, { role: 'forceReload' }, { role: 'toggleDevTools' }, { type: 'separator' }];
  view.push({ role: 'resetZoom' }, { role: 'zoomIn' }, { role: 'zoomOut' }, { type: 'separator' }, { role: 'togglefullscreen' });

  const template: MenuItemConstructorOptions[] = [];
  if (isMac) template.push({ role: 'appMenu' });
  template.push(
    { label: 'File', submenu: file },
    // Without the Edit menu, copy and paste do not work in text fields on macOS.
    { role: 'editMenu' },
    { label: 'View', submenu: view },
    {
      label: 'Trading',
      submenu: [
        {
          id: 'kill-switch',
          label: KILL_SWITCH_MENU_LABEL,
          accelerator: KILL_SWITCH_ACCELERATOR,
          click: () => void actions.engageKillSwitch('menu'),
        },
      ],
    },
    { role: 'windowMenu' },
    {
      role: 'help',
      submenu: [
        { role: 'about' },
        { id: 'open-logs', label: 'Open Logs Folder', click: () => actions.openLogsFolder() },
      ],
    },
  );
  return template;
}

export function installApplicationMenu(options: MenuOptions): void {
  Menu.setApplicationMenu(Menu.buildFromTemplate(buildMenuTemplate(options)));
}
