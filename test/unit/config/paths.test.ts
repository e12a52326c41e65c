import { statSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ensureAppDirs, resolveAppPaths } from '../../../src/main/config/paths';
import { isAppError } from '../../../src/shared/ipc/errors';
import { makeTempHome } from '../../helpers/temp-home';

describe('resolveAppPaths', () => {
  it('uses ~/.config/ArbDesk on Linux without XDG_CONFIG_HOME', () => {
    const paths = resolveAppPaths({}, 'linux', '/home/ada');
    expect(paths).toEqual({
      home: '/home/ada/.config/ArbDesk',
      configFile: '/home/ada/.config/ArbDesk/config.json',
      dbFile: '/home/ada/.config/ArbDesk/arbdesk.sqlite',
      tradingDbFile: '/home/ada/.config/ArbDesk/trading.sqlite',
      logDir: '/home/ada/.config/ArbDesk/logs',
      backupDir: '/home/ada/.config/ArbDesk/backups',
      cacheDir: '/home/ada/.config/ArbDesk/cache',
      auditHeadFile: '/home/ada/.config/ArbDesk/audit-head.json',
      instanceLockFile: '/home/ada/.config/ArbDesk/instance.lock',
      controlEndpoint: '/home/ada/.config/ArbDesk/control.sock',
    });
  });

  it('puts the control channel in a named pipe derived from the data directory on Windows', () => {
    const a = resolveAppPaths({ APPDATA: 'C:\\Users\\ada\\AppData\\Roaming' }, 'win32', 'C:\\Users\\ada');
    const b = resolveAppPaths({ ARBDESK_HOME: 'D:\\portable\\ArbDesk' }, 'win32', 'C:\\Users\\ada');
    expect(a.controlEndpoint).toMatch(/^\\\\\.\\pipe\\arbdesk-[0-9a-f]{24}$/);
    expect(b.controlEndpoint).not.toBe(a.controlEndpoint);
    // Case-insensitive like the file system: the same directory spelled differently is one instance.
    expect(resolveAppPaths({ ARBDESK_HOME: 'd:\\PORTABLE\\arbdesk' }, 'win32', 'C:\\Users\\ada').controlEndpoint).toBe(b.controlEndpoint);
  });

  it('honours an absolute XDG_CONFIG_HOME on Linux and ignores a relative one', () => {
    expect(resolveAppPaths({ XDG_CONFIG_HOME: '/xdg' }, 'linux', '/home/ada').home).toBe('/xdg/ArbDesk');
    expect(resolveAppPaths({ XDG_CONFIG_HOME: 'rel/xdg' }, 'linux', '/home/ada').home).toBe('/home/ada/.config/ArbDesk');
  });

  it('uses Application Support on macOS', () => {
    expect(resolveAppPaths({}, 'darwin', '/Users/ada').home).toBe('/Users/ada/Library/Application Support/ArbDesk');
  });

  it('uses %APPDATA% on Windows, with backslashes', () => {
    const paths = resolveAppPaths({ APPDATA: 'C:\\Users\\ada\\AppData\\Roaming' }, 'win32', 'C:\\Users\\ada');
    expect(paths.home).toBe('C:\\Users\\ada\\AppData\\Roaming\\ArbDesk');
    expect(paths.dbFile).toBe('C:\\Users\\ada\\AppData\\Roaming\\ArbDesk\\arbdesk.sqlite');
    expect(resolveAppPaths({}, 'win32', 'C:\\Users\\ada').home).toBe('C:\\Users\\ada\\AppData\\Roaming\\ArbDesk');
  });

  it('lets ARBDESK_HOME replace the whole directory', () => {
    const paths = resolveAppPaths({ ARBDESK_HOME: '/data/arb/', XDG_CONFIG_HOME: '/xdg' }, 'linux', '/home/ada');
    expect(paths.home).toBe('/data/arb');
    expect(paths.logDir).toBe('/data/arb/logs');
    expect(paths.configFile).toBe('/data/arb/config.json');
  });

  it('treats an empty ARBDESK_HOME as unset and refuses a relative one', () => {
    expect(resolveAppPaths({ ARBDESK_HOME: '' }, 'linux', '/home/ada').home).toBe('/home/ada/.config/ArbDesk');
    let caught: unknown;
    try {
      resolveAppPaths({ ARBDESK_HOME: 'relative/dir' }, 'linux', '/home/ada');
    } catch (error) {
      caught = error;
    }
    expect(isAppError(caught) && caught.code).toBe('CONFIG_INVALID');
  });
});

describe('ensureAppDirs', () => {
  let cleanup = (): void => {};
  afterEach(() => cleanup());

  it('creates home, logs, backups and cache owner-only', () => {
    const temp = makeTempHome();
    cleanup = temp.cleanup;
    const paths = resolveAppPaths({ ARBDESK_HOME: path.join(temp.dir, 'home') });
    ensureAppDirs(paths);
    ensureAppDirs(paths); // idempotent
    for (const dir of [paths.home, paths.logDir, paths.backupDir, paths.cacheDir]) {
      const stats = statSync(dir);
      expect(stats.isDirectory()).toBe(true);
      if (process.platform !== 'win32') expect(stats.mode & 0o777).toBe(0o700);
    }
  });
});
