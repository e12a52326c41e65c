import type Database from 'better-sqlite3';
import type { Logger } from 'pino';
import { AppError, strictAssert } from '../../shared/ipc/errors';
import { isSqliteError, runForeignKeyCheck } from './integrity';
import type { Migration } from './migrations/migration';

export interface MigrationReport {
  /** `user_version` before the run. */
  readonly from: number;
  /** `user_version` after the run (equal to `from` when nothing was pending). */
  readonly to: number;
  readonly applied: ReadonlyArray<{ readonly version: number; readonly name: string }>;
}

function problemWith(migration: Migration, index: number): string | null {
  const expected = index + 1;
  if (!Number.isSafeInteger(migration.version)) return `has a non-integer version ${String(migration.version)}`;
  if (migration.version !== expected) {
    return `has version ${migration.version} but position ${index} requires version ${expected} (versions must increase by one from 1)`;
  }
  if (typeof migration.name !== 'string' || migration.name.trim() === '') return 'has an empty name';
  if (typeof migration.up !== 'function') return 'has no up() function';
  return null;
}

/**
 * Refuses a malformed migration list before it can touch a database. The list is code, so a
 * problem here is a programming error, but it is reported with the same code as a failed
 * migration because the outcome for the user is the same: the database cannot be brought up
 * to date. Versions must be exactly 1, 2, 3, ... so `user_version` alone says which ran.
 */
export function validateMigrations(migrations: readonly Migration[]): void {
  migrations.forEach((migration, index) => {
    const problem = problemWith(migration, index);
    if (problem !== null) {
      throw new AppError('STORE_MIGRATION_FAILED', `Invalid migration list: entry ${index} (${migration.name || 'unnamed'}) ${problem}.`, {
        index,
        version: migration.version,
        name: migration.name,
      });
    }
  });
}

/** The schema version a fully migrated database has: 0 for an empty list. */
export function latestVersion(migrations: readonly Migration[]): number {
  return migrations.at(-1)?.version ?? 0;
}

export function readUserVersion(db: Database.Database): number {
  const version = db.pragma('user_version', { simple: true });
  strictAssert(typeof version === 'number', 'PRAGMA user_version returns a number');
  return version;
}

/**
 * The refusal for a database written by a newer ArbDesk. Running old code against a newer
 * schema could silently drop or misread columns it does not know, so the only safe answer is
 * to stop and tell the user to upgrade.
 */
export function databaseFromTheFutureError(filePath: string, userVersion: number, latest: number): AppError {
  return new AppError(
    'STORE_MIGRATION_FAILED',
    `The database ${filePath} is at schema version ${userVersion}, but this ArbDesk only knows versions up to ${latest}: ` +
      'the app is older than the data. Install the newer ArbDesk that wrote it; the file was not changed.',
    { path: filePath, userVersion, latestKnownVersion: latest },
  );
}

function migrationFailedError(filePath: string, migration: Migration, from: number, error: unknown): AppError {
  return new AppError(
    'STORE_MIGRATION_FAILED',
    `Migration ${migration.version} (${migration.name}) failed on ${filePath}; ` +
      `the database was left unchanged at schema version ${from}.`,
    {
      path: filePath,
      version: migration.version,
      name: migration.name,
      fromVersion: from,
      sqliteCode: isSqliteError(error) ? error.code : null,
      sqliteMessage: error instanceof Error ? error.message : String(error),
    },
    { cause: error },
  );
}

/**
 * Brings a database up to the last migration in `migrations`, tracking progress in
 * `PRAGMA user_version`.
 *
 * All pending migrations run in ONE transaction: either the database reaches the latest
 * version or it stays exactly where it was (schema and user_version), never at an intermediate
 * version that no released app expects. The transaction is BEGIN IMMEDIATE so a second process
 * (the CLI, a second window) waits for the write lock instead of migrating the same file
 * concurrently; the version is re-read under that lock.
 *
 * Constraints this puts on migration authors: `up()` must not COMMIT, VACUUM or change
 * `journal_mode`/`foreign_keys` (they are no-ops or errors inside a transaction). A migration
 * that rebuilds a table uses `PRAGMA defer_foreign_keys = ON`; a foreign-key check runs before
 * the commit and fails the run if any orphan was left behind.
 *
 * The list is a parameter, not an import, so this module does not depend on which migrations
 * exist and tests can inject failing ones; the composition root passes `migrations/index.ts`.
 */
export function migrate(db: Database.Database, migrations: readonly Migration[], logger?: Logger): MigrationReport {
  validateMigrations(migrations);
  strictAssert(!db.inTransaction, 'migrate() must not run inside an open transaction');
  const filePath = db.name;
  const latest = latestVersion(migrations);

  // Checked outside the transaction so an up-to-date database (every start but the first
  // after an upgrade) never takes the write lock.
  const before = readUserVersion(db);
  if (before > latest) throw databaseFromTheFutureError(filePath, before, latest);
  if (before === latest) return { from: before, to: before, applied: [] };

  const run = db.transaction((): MigrationReport => {
    const from = readUserVersion(db);
    if (from > latest) throw databaseFromTheFutureError(filePath, from, latest);
    const pending = migrations.filter((migration) => migration.version > from);
    for (const migration of pending) {
      try {
        migration.up(db);
        // Inside the transaction, so it rolls back with the schema if a later step fails.
        db.pragma(`user_version = ${migration.version}`);
      } catch (error) {
        throw migrationFailedError(filePath, migration, from, error);
      }
    }
    const orphans = runForeignKeyCheck(db, 10);
    const last = pending.at(-1);
    if (orphans.length > 0 && last !== undefined) {
      throw migrationFailedError(filePath, last, from, new Error(`foreign key violations: ${orphans.join('; ')}`));
    }
    return { from, to: latest, applied: pending.map(({ version, name }) => ({ version, name })) };
  });

  const report = run.immediate();
  if (report.applied.length > 0) {
    logger?.info({ path: filePath, from: report.from, to: report.to, applied: report.applied }, 'database migrated');
  }
  return report;
}
