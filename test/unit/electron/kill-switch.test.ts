import { beforeEach, describe, expect, it, vi } from 'vitest';

vi.mock('electron', () => import('./fake-electron'));

import type { MenuItemConstructorOptions } from 'electron';
import { KILL_SWITCH_ACCELERATOR, createKillSwitch } from '../../../src/main/electron/kill-switch';
import { KILL_SWITCH_MENU_LABEL, buildMenuTemplate, installApplicationMenu } from '../../../src/main/electron/menu';
import { registerKillSwitchShortcut } from '../../../src/main/electron/shortcuts';
import { Menu, createMemoryLogger, dialog, globalShortcut } from './fake-electron';

beforeEach(() => {
  dialog.showErrorBox.mockClear();
  globalShortcut.registered.clear();
  globalShortcut.available = true;
});

function flatten(items: readonly MenuItemConstructorOptions[]): MenuItemConstructorOptions[] {
  return items.flatMap((item) => [item, ...(Array.isArray(item.submenu) ? flatten(item.submenu) : [])]);
}

function click(item: MenuItemConstructorOptions | undefined): void {
  if (item?.click === undefined) throw new Error('menu item has no click handler');
  (item.click as () => void)();
}

describe('kill switch', () => {
  it('halts trading as the user, with a reason naming where it came from', async () => {
    const haltTrading = vi.fn((_reason: string, _actor: string) => Promise.resolve());
    const engage = createKillSwitch({ haltTrading, logger: createMemoryLogger().logger });
    await engage('menu');
    await engage('global-shortcut');
    expect(haltTrading.mock.calls).toEqual([
      ['Kill switch (application menu)', 'user'],
      ['Kill switch (global shortcut)', 'user'],
    ]);
  });

  it('puts a failed halt in front of the user and logs it as fatal', async () => {
    const { logger, lines } = createMemoryLogger();
    const engage = createKillSwitch({ haltTrading: () => Promise.reject(new Error('database is locked')), logger });
    await engage('menu');
    expect(dialog.showErrorBox).toHaveBeenCalledTimes(1);
    expect(dialog.showErrorBox.mock.calls[0]?.[1]).toContain('database is locked');
    expect(lines().some((line) => line['level'] === 60)).toBe(true);
  });
});

describe('application menu', () => {
  const engageKillSwitch = vi.fn((_source: string) => Promise.resolve());
  const openLogsFolder = vi.fn();

  it('has a Trading > Halt item on CmdOrCtrl+Shift+K that engages the kill switch from the menu', () => {
    const items = flatten(buildMenuTemplate({ platform: 'linux', isPackaged: true, actions: { engageKillSwitch, openLogsFolder } }));
    const halt = items.find((item) => item.id === 'kill-switch');
    expect(halt).toMatchObject({ label: KILL_SWITCH_MENU_LABEL, accelerator: KILL_SWITCH_ACCELERATOR });
    expect(KILL_SWITCH_ACCELERATOR).toBe('CommandOrControl+Shift+K');
    click(halt);
    expect(engageKillSwitch).toHaveBeenCalledWith('menu');
    click(items.find((item) => item.id === 'open-logs'));
    expect(openLogsFolder).toHaveBeenCalledTimes(1);
  });

  it('offers reload and DevTools only in development, and backup only when the core can', () => {
    const roles = (isPackaged: boolean) =>
      flatten(buildMenuTemplate({ platform: 'linux', isPackaged, actions: { engageKillSwitch, openLogsFolder } })).map((item) => item.role);
    expect(roles(true)).not.toContain('reload');
    expect(roles(true)).not.toContain('toggleDevTools');
    expect(roles(false)).toEqual(expect.arrayContaining(['reload', 'toggleDevTools']));

    const ids = (backupDatabase?: () => void) =>
      flatten(
        buildMenuTemplate({
          platform: 'linux',
          isPackaged: true,
          actions: { engageKillSwitch, openLogsFolder, ...(backupDatabase ? { backupDatabase } : {}) },
        }),
      ).map((item) => item.id);
    expect(ids()).not.toContain('backup-database');
    expect(ids(() => undefined)).toContain('backup-database');
  });

  it('uses the macOS app menu on darwin and installs the menu', () => {
    const template = buildMenuTemplate({ platform: 'darwin', isPackaged: true, actions: { engageKillSwitch, openLogsFolder } });
    expect(template[0]).toEqual({ role: 'appMenu' });
    installApplicationMenu({ platform: 'darwin', isPackaged: true, actions: { engageKillSwitch, openLogsFolder } });
    expect(Menu.current?.template).toHaveLength(template.length);
  });
});

describe('global kill-switch shortcut', () => {
  it('registers the accelerator system-wide, engages from the shortcut, and unregisters', () => {
    const engage = vi.fn((_source: string) => Promise.resolve());
    const unregister = registerKillSwitchShortcut(engage, createMemoryLogger().logger);
    const callback = globalShortcut.registered.get(KILL_SWITCH_ACCELERATOR);
    if (callback === undefined) throw new Error('the shortcut was not registered');
    callback();
    expect(engage).toHaveBeenCalledWith('global-shortcut');
    unregister();
    expect(globalShortcut.registered.has(KILL_SWITCH_ACCELERATOR)).toBe(false);
  });

  it('warns when another application owns the keys', () => {
    globalShortcut.available = false;
    const { logger, lines } = createMemoryLogger();
    const unregister = registerKillSwitchShortcut(vi.fn(), logger);
    expect(lines().some((line) => line['msg'] === 'could not register the global kill-switch shortcut')).toBe(true);
    expect(() => unregister()).not.toThrow();
  });
});
