import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { AppError } from '../../shared/ipc/errors';

/** How many problem lines travel in an error's details; the rest are in the log. */
export const MAX_REPORTED_PROBLEMS = 10;

/** An error raised by better-sqlite3; its `code` is SQLite's (extended) result code name. */
export type SqliteError = InstanceType<typeof Database.SqliteError>;

/** Narrows an unknown throw to a SQLite error so its code can be inspected. */
export function isSqliteError(error: unknown): error is SqliteError {
  return error instanceof Database.SqliteError;
}

/**
 * True for SQLite's "this file is damaged or is not a database" failures (including the
 * extended codes such as SQLITE_CORRUPT_INDEX). These can surface from any statement, not only
 * from an integrity check, because SQLite reads pages lazily; callers map them to STORE_CORRUPT.
 */
export function isCorruptionError(error: unknown): error is SqliteError {
  return (
    isSqliteError(error) &&
    (error.code.startsWith('SQLITE_CORRUPT') || error.code.startsWith('SQLITE_NOTADB'))
  );
}

/**
 * Turns the rows of `PRAGMA quick_check` / `integrity_check` into problem lines. Recent SQLite
 * versions return all problems in one newline-separated row, older ones one row each, so both
 * are flattened; the "*** in database main ***" banner carries no information and is dropped.
 */
function problemsFrom(rows: unknown[]): string[] {
  const lines: string[] = [];
  for (const row of rows) {
    const value = typeof row === 'object' && row !== null ? Object.values(row)[0] : row;
    for (const line of String(value).split('\n')) {
      const trimmed = line.trim();
      if (trimmed === '' || trimmed === 'ok' || /^\*\*\* in database \w+ \*\*\*$/.test(trimmed)) continue;
      lines.push(trimmed);
    }
  }
  return lines;
}

/**
 * The cheap check run on every open. quick_check verifies b-tree structure and record format
 * but not that indexes match their tables, so its cost is one read of every page and it never
 * sorts; that is the right trade for start-up. An empty array means the file is sound.
 */
export function runQuickCheck(db: Database.Database, maxProblems = 100): string[] {
  return problemsFrom(db.pragma(`quick_check(${Math.trunc(maxProblems)})`) as unknown[]);
}

/** The full check behind `arbdesk db check`, restore and backup verification. */
export function runIntegrityCheck(db: Database.Database, maxProblems = 100): string[] {
  return problemsFrom(db.pragma(`integrity_check(${Math.trunc(maxProblems)})`) as unknown[]);
}

/**
 * integrity_check does not look at foreign keys, and a migration or a manual edit can leave
 * orphans that integrity_check calls "ok"; this reports them in the same line format.
 */
export function runForeignKeyCheck(db: Database.Database, maxProblems = 100): string[] {
  const rows = db.pragma('foreign_key_check') as Array<{ table: string; rowid: number | null; parent: string; fkid: number }>;
  return rows
    .slice(0, maxProblems)
    .map((row) => `foreign key ${row.fkid} of ${row.table} rowid ${String(row.rowid)} references a missing row in ${row.parent}`);
}

/** The error every open path raises for a damaged file, with the remedy in the message. */
export function corruptDatabaseError(filePath: string, problems: readonly string[], cause?: unknown): AppError {
  return new AppError(
    'STORE_CORRUPT',
    `The database file ${filePath} is damaged (${problems[0] ?? 'integrity check failed'}). ` +
      'Quit ArbDesk, then restore a backup with `arbdesk db restore <backup-file>`, ' +
      'or move the file (with any -wal and -shm files next to it) aside to start with an empty database.',
    { path: filePath, problems: problems.slice(0, MAX_REPORTED_PROBLEMS) },
    cause === undefined ? undefined : { cause },
  );
}

interface DatabaseCheckCommon {
  /** Problem lines; empty when ok. */
  readonly integrity: readonly string[];
  readonly walMode: boolean;
  /** Size of the main file; committed data may also sit in the -wal file until a checkpoint. */
  readonly sizeBytes: number;
  readonly walBytes: number;
}

/**
 * Discriminated on `ok`, so code that has ruled out damage gets a non-null schema version
 * without a cast.
 */
export type DatabaseCheckReport =
  | (DatabaseCheckCommon & { readonly ok: true; readonly userVersion: number })
  | (DatabaseCheckCommon & {
      readonly ok: false;
      /** Null when the file is too damaged to read its header. */
      readonly userVersion: number | null;
    });

/**
 * Runs the full integrity_check (plus a foreign-key check) on a database file, for
 * `arbdesk db check`. It opens its own read-only connection, so it can run while the app is
 * up: in WAL mode readers never block the writer. A damaged file is a report (ok: false),
 * not an exception, because reporting damage is the purpose of the command; only a missing
 * file throws (NOT_FOUND).
 */
export function checkDatabase(filePath: string): DatabaseCheckReport {
  const resolved = path.resolve(filePath);
  if (!existsSync(resolved)) {
    throw new AppError('NOT_FOUND', `No database file at ${resolved}.`, { path: resolved });
  }
  const sizeBytes = statSync(resolved).size;
  const walPath = `${resolved}-wal`;
  const walBytes = existsSync(walPath) ? statSync(walPath).size : 0;

  const db = new Database(resolved, { readonly: true, fileMustExist: true });
  try {
    const userVersion = db.pragma('user_version', { simple: true }) as number;
    const walMode = db.pragma('journal_mode', { simple: true }) === 'wal';
    const integrity = [...runIntegrityCheck(db), ...runForeignKeyCheck(db)];
    const common = { integrity, walMode, sizeBytes, walBytes };
    return integrity.length === 0 ? { ...common, ok: true, userVersion } : { ...common, ok: false, userVersion };
  } catch (error) {
    if (!isCorruptionError(error)) throw error;
    return { ok: false, integrity: [error.message], userVersion: null, walMode: false, sizeBytes, walBytes };
  } finally {
    db.close();
  }
}
