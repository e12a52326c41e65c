import { createHash } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { AppError } from '../../shared/ipc/errors';

/** Where ArbDesk keeps everything it writes. All paths are absolute. */
export interface AppPaths {
  /** The user-data directory: ARBDESK_HOME, or the OS default Electron also uses. */
  readonly home: string;
  readonly configFile: string;
  readonly dbFile: string;
  /** The trading database beside it: trading state, sessions, the audit log (orders later). */
  readonly tradingDbFile: string;
  readonly logDir: string;
  readonly backupDir: string;
  readonly cacheDir: string;
  /** The newest audit entry (id + hash), kept outside the database to detect a cut-off tail. */
  readonly auditHeadFile: string;
  /** The running instance's lock: pid, start time, its URL and control endpoint. */
  readonly instanceLockFile: string;
  /**
   * The local control channel of the running instance: a Unix domain socket (mode 0600) in
   * the data directory, or on Windows a named pipe whose name is derived from the directory.
   */
  readonly controlEndpoint: string;
}

/** Must match `productName` in package.json so Electron's app.getPath('userData') agrees. */
export const appDirectoryName = 'ArbDesk';

type EnvLike = Readonly<Record<string, string | undefined>>;

/**
 * Resolves the user-data directory and the files inside it. `ARBDESK_HOME` replaces the whole
 * directory (database, logs, config, backups), which is how tests and portable installs keep
 * their data apart. An empty variable counts as unset, as shells use `VAR= cmd` to unset.
 */
export function resolveAppPaths(
  env: EnvLike = process.env,
  platform: NodeJS.Platform = process.platform,
  homedir: string = os.homedir(),
): AppPaths {
  // Paths are built with the target platform's rules so Windows layouts can be checked on Linux.
  const p = platform === 'win32' ? path.win32 : path.posix;
  const override = nonEmpty(env['ARBDESK_HOME']);
  let home: string;
  if (override !== undefined) {
    if (!p.isAbsolute(override)) {
      throw new AppError('CONFIG_INVALID', `ARBDESK_HOME must be an absolute path, got a relative one: ${override}`, {
        issues: [{ path: 'ARBDESK_HOME', message: 'must be an absolute path', source: 'ARBDESK_HOME' }],
      });
    }
    home = p.resolve(override);
  } else {
    home = p.join(defaultUserDataRoot(env, platform, homedir), appDirectoryName);
  }
  return {
    home,
    configFile: p.join(home, 'config.json'),
    dbFile: p.join(home, 'arbdesk.sqlite'),
    tradingDbFile: p.join(home, 'trading.sqlite'),
    logDir: p.join(home, 'logs'),
    backupDir: p.join(home, 'backups'),
    cacheDir: p.join(home, 'cache'),
    auditHeadFile: p.join(home, 'audit-head.json'),
    instanceLockFile: p.join(home, 'instance.lock'),
    controlEndpoint: controlEndpointFor(home, platform),
  };
}

/**
 * Windows has no socket files: a named pipe lives in one machine-wide namespace, so its name
 * is derived from the data directory (one instance per directory) and its ACL is set by
 * Node to the creating user. Elsewhere a socket file in the (0700) data directory.
 */
export function controlEndpointFor(home: string, platform: NodeJS.Platform = process.platform): string {
  if (platform === 'win32') return `\\\\.\\pipe\\arbdesk-${createHash('sha256').update(home.toLowerCase()).digest('hex').slice(0, 24)}`;
  return path.posix.join(home, 'control.sock');
}

/** The per-OS parent of the user-data directory, as Electron's `appData` path defines it. */
function defaultUserDataRoot(env: EnvLike, platform: NodeJS.Platform, homedir: string): string {
  switch (platform) {
    case 'darwin':
      return path.posix.join(homedir, 'Library', 'Application Support');
    case 'win32':
      return nonEmpty(env['APPDATA']) ?? path.win32.join(homedir, 'AppData', 'Roaming');
    default: {
      // The XDG spec says a relative XDG_CONFIG_HOME is invalid and must be ignored.
      const xdg = nonEmpty(env['XDG_CONFIG_HOME']);
      return xdg !== undefined && path.posix.isAbsolute(xdg) ? xdg : path.posix.join(homedir, '.config');
    }
  }
}

/**
 * Creates the home directory and its subdirectories, owner-only (0o700). Existing directories
 * keep their mode: ARBDESK_HOME may point at a directory the user manages themselves.
 */
export function ensureAppDirs(paths: AppPaths): void {
  for (const dir of [paths.home, paths.logDir, paths.backupDir, paths.cacheDir]) {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
  }
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value;
}
