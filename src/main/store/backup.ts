import { randomBytes } from 'node:crypto';
import { closeSync, constants, copyFileSync, existsSync, fsyncSync, linkSync, openSync, renameSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { Logger } from 'pino';
import { AppError } from '../../shared/ipc/errors';
import type { Store } from './db';
import { isCorruptionError, MAX_REPORTED_PROBLEMS, runIntegrityCheck } from './integrity';
import { databaseFromTheFutureError, latestVersion, readUserVersion } from './migrate';
import type { Migration } from './migrations/migration';

/** SQLite's "copy everything in one step" page count (better-sqlite3 clamps to this). */
const ALL_PAGES = 0x7fffffff;
/** How many times a backup may start over (another connection wrote) before it copies in one step. */
const MAX_RESTARTS = 3;

export interface BackupResult {
  readonly path: string;
  readonly bytes: number;
  readonly pages: number;
  readonly userVersion: number;
}

export interface BackupOptions {
  /** Pages copied per event-loop turn; smaller keeps the main thread more responsive. */
  readonly pagesPerStep?: number;
  readonly onProgress?: (progress: { totalPages: number; remainingPages: number }) => void;
  readonly logger?: Logger;
}

function errorCode(error: unknown): string | undefined {
  return error instanceof Error && 'code' in error && typeof error.code === 'string' ? error.code : undefined;
}

function fsyncFile(filePath: string): void {
  const fd = openSync(filePath, 'r+');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** Makes a rename durable. Windows cannot open a directory for fsync, and NTFS journals renames. */
function fsyncDirectory(directory: string): void {
  if (process.platform === 'win32') return;
  const fd = openSync(directory, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

function removeDatabaseFiles(filePath: string): void {
  for (const suffix of ['', '-journal', '-wal', '-shm']) rmSync(`${filePath}${suffix}`, { force: true });
}

function temporarySibling(target: string, purpose: string): string {
  return path.join(path.dirname(target), `.${path.basename(target)}.${purpose}-${process.pid}-${randomBytes(4).toString('hex')}`);
}

type DamageError = (problems: readonly string[], cause?: unknown) => AppError;

/**
 * Integrity-checks a private copy and returns its schema version. Damage can surface as a
 * problem list or as SQLITE_CORRUPT/NOTADB thrown by the first read; both mean "do not use".
 */
function verifyCopy(copyPath: string, damaged: DamageError, options: { makeSelfContained: boolean }): number {
  let db: Database.Database | undefined;
  try {
    db = new Database(copyPath, { fileMustExist: true });
    const problems = runIntegrityCheck(db);
    if (problems.length > 0) throw damaged(problems);
    // A backup of a WAL database is itself marked WAL; DELETE mode makes it one portable file.
    if (options.makeSelfContained) db.pragma('journal_mode = DELETE');
    return readUserVersion(db);
  } catch (error) {
    if (isCorruptionError(error)) throw damaged([error.message], error);
    throw error;
  } finally {
    db?.close();
  }
}

/**
 * Publishes `source` at `destination` only if nothing is there, atomically: a hard link fails
 * with EEXIST instead of replacing, so a concurrent writer of the same name cannot be clobbered.
 * File systems without hard links (FAT, some network shares) fall back to an exclusive copy.
 */
function publishWithoutOverwrite(source: string, destination: string): void {
  try {
    linkSync(source, destination);
  } catch (error) {
    const code = errorCode(error);
    if (code === 'EEXIST') throw destinationExistsError(destination);
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EXDEV' && code !== 'ENOSYS') throw error;
    try {
      copyFileSync(source, destination, constants.COPYFILE_EXCL);
    } catch (copyError) {
      if (errorCode(copyError) === 'EEXIST') throw destinationExistsError(destination);
      throw copyError;
    }
    fsyncFile(destination);
  }
  fsyncDirectory(path.dirname(destination));
}

function destinationExistsError(destination: string): AppError {
  return new AppError('CONFLICT', `A file already exists at ${destination}; choose a new backup name (backups never overwrite).`, {
    path: destination,
  });
}

/**
 * Copies the open database to `destPath` with SQLite's online backup API, so the app keeps
 * running and writing while it copies and the result is a consistent snapshot.
 *
 * The copy runs a few pages per event-loop turn to keep the main thread (and the kill switch)
 * responsive. A write by ANOTHER connection makes SQLite restart the copy; after a few restarts
 * the remainder is copied in one step, which holds a read snapshot but never blocks writers in
 * WAL mode, so a busy writer cannot starve the backup forever.
 *
 * The backup is written under a temporary name, integrity-checked, converted to a single
 * self-contained file, then published without ever overwriting an existing file (CONFLICT).
 */
export async function backupDatabase(store: Store, destPath: string, options: BackupOptions = {}): Promise<BackupResult> {
  const destination = path.resolve(destPath);
  if (existsSync(destination)) throw destinationExistsError(destination);
  if (!existsSync(path.dirname(destination))) {
    throw new AppError('NOT_FOUND', `The backup folder ${path.dirname(destination)} does not exist.`, { path: destination });
  }

  const pagesPerStep = options.pagesPerStep ?? 256;
  // Zero would make every step copy nothing, and the backup would never finish.
  if (!Number.isSafeInteger(pagesPerStep) || pagesPerStep < 1) {
    throw new AppError('VALIDATION_FAILED', `pagesPerStep must be a positive integer, got ${String(pagesPerStep)}.`, { pagesPerStep });
  }
  const partial = temporarySibling(destination, 'partial');
  let restarts = 0;
  let previousRemaining = Number.POSITIVE_INFINITY;
  try {
    const metadata = await store.db.backup(partial, {
      progress(progress) {
        options.onProgress?.(progress);
        // SQLite starts over from page 1 after a foreign write, so no progress means a restart.
        if (progress.remainingPages >= previousRemaining) restarts += 1;
        previousRemaining = progress.remainingPages;
        return restarts >= MAX_RESTARTS ? ALL_PAGES : pagesPerStep;
      },
    });
    const damaged: DamageError = (problems, cause) =>
      new AppError(
        'STORE_CORRUPT',
        `The backup copy of ${store.path} failed its integrity check (${problems[0] ?? 'unknown problem'}), so no backup was written. ` +
          'The database itself is probably damaged: run `arbdesk db check`.',
        { path: store.path, destination, problems: problems.slice(0, MAX_REPORTED_PROBLEMS) },
        cause === undefined ? undefined : { cause },
      );
    const userVersion = verifyCopy(partial, damaged, { makeSelfContained: true });
    fsyncFile(partial);
    publishWithoutOverwrite(partial, destination);
    const bytes = statSync(destination).size;
    options.logger?.info({ path: destination, bytes, pages: metadata.totalPages, restarts, userVersion }, 'database backed up');
    return { path: destination, bytes, pages: metadata.totalPages, userVersion };
  } finally {
    removeDatabaseFiles(partial);
  }
}

export interface RestoreOptions {
  readonly backupPath: string;
  readonly targetPath: string;
  /** The app's migrations: a backup from a newer app is refused. */
  readonly migrations: readonly Migration[];
  readonly logger?: Logger;
}

export interface RestoreResult {
  readonly path: string;
  readonly bytes: number;
  readonly userVersion: number;
}

/**
 * Replaces the database at `targetPath` with a verified copy of `backupPath`.
 *
 * MUST be called while no connection to the target is open (the app quit; `arbdesk db restore`
 * runs standalone). SQLite cannot see a file replaced under an open connection, and that
 * connection's -wal would then be replayed onto the wrong file.
 *
 * The backup is copied to a temporary file next to the target and the COPY is verified
 * (integrity_check, a schema version this app knows), so what is installed is exactly what was
 * checked. It is then fsynced and renamed over the target, which is atomic on one file
 * system. The target's -wal, -shm and -journal are removed before the rename: a stale WAL or
 * journal next to the new file would be replayed into it and corrupt it. A crash between the two steps leaves the
 * old database without its unflushed WAL tail, never a mismatched pair. Any refusal leaves the
 * target untouched.
 */
export function restoreDatabase(options: RestoreOptions): RestoreResult {
  const backupPath = path.resolve(options.backupPath);
  const targetPath = path.resolve(options.targetPath);
  if (backupPath === targetPath) {
    throw new AppError('CONFLICT', `The backup and the target are the same file (${targetPath}).`, { backupPath, targetPath });
  }
  if (!existsSync(backupPath)) throw new AppError('NOT_FOUND', `No backup file at ${backupPath}.`, { backupPath });
  if (!existsSync(path.dirname(targetPath))) {
    throw new AppError('NOT_FOUND', `The database folder ${path.dirname(targetPath)} does not exist.`, { targetPath });
  }
  const backupWal = `${backupPath}-wal`;
  if (existsSync(backupWal) && statSync(backupWal).size > 0) {
    // Copying only the main file would silently drop the transactions still in that WAL.
    throw new AppError(
      'VALIDATION_FAILED',
      `The backup ${backupPath} has an unmerged write-ahead log (${backupWal}); it looks like a live database, not a backup. ` +
        'Make a backup with `arbdesk db backup` and restore that instead.',
      { backupPath },
    );
  }

  const staging = temporarySibling(targetPath, 'restore');
  try {
    copyFileSync(backupPath, staging, constants.COPYFILE_EXCL);
    const damaged: DamageError = (problems, cause) =>
      new AppError(
        'STORE_CORRUPT',
        `The backup ${backupPath} is damaged or not a database (${problems[0] ?? 'unknown problem'}); nothing was restored ` +
          `and ${targetPath} is unchanged. Try another backup.`,
        { backupPath, targetPath, problems: problems.slice(0, MAX_REPORTED_PROBLEMS) },
        cause === undefined ? undefined : { cause },
      );
    const userVersion = verifyCopy(staging, damaged, { makeSelfContained: false });
    const latest = latestVersion(options.migrations);
    if (userVersion > latest) throw databaseFromTheFutureError(backupPath, userVersion, latest);
    if (userVersion < 1) {
      throw new AppError('VALIDATION_FAILED', `${backupPath} is a SQLite database but not an ArbDesk one (schema version 0).`, {
        backupPath,
        userVersion,
      });
    }
    fsyncFile(staging);
    // A hot rollback journal would be replayed into the new file just like a stale WAL.
    for (const suffix of ['-wal', '-shm', '-journal']) rmSync(`${targetPath}${suffix}`, { force: true });
    renameSync(staging, targetPath);
    fsyncDirectory(path.dirname(targetPath));
    const bytes = statSync(targetPath).size;
    options.logger?.warn({ backupPath, targetPath, bytes, userVersion }, 'database restored from backup');
    return { path: targetPath, bytes, userVersion };
  } finally {
    removeDatabaseFiles(staging);
  }
}
