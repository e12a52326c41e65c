import path from 'node:path';
import Database from 'better-sqlite3';
import type { Logger } from 'pino';
import { AppError, isAppError } from '../../shared/ipc/errors';
import { corruptDatabaseError, isCorruptionError, isSqliteError, runQuickCheck } from './integrity';
import { ioFaultError } from './io-errors';
import { databaseFromTheFutureError, latestVersion, migrate, readUserVersion, validateMigrations } from './migrate';
import type { Migration } from './migrations/migration';

export interface OpenDatabaseOptions {
  /** The database file; created (read-write mode) if missing. */
  readonly path: string;
  /** How long a statement waits for another connection's lock (config `store.busyTimeoutMs`). */
  readonly busyTimeoutMs: number;
  /** Every migration in order; the composition root passes `migrations` from migrations/index.ts. */
  readonly migrations: readonly Migration[];
  readonly logger?: Logger;
  /**
   * For secondary readers (workers, `arbdesk` inspection commands). A read-only handle never
   * migrates, so it refuses a database that is behind the given migrations as well as one
   * from the future: it would otherwise query tables that do not exist yet.
   */
  readonly readonly?: boolean;
}

/** An open ArbDesk database. Repositories take `.db`; nothing else should issue SQL. */
export interface Store {
  readonly db: Database.Database;
  /** Absolute path of the database file. */
  readonly path: string;
  readonly readonly: boolean;
  /** `user_version` after migrations ran. */
  readonly schemaVersion: number;
  /** Idempotent. Runs `PRAGMA optimize` first (SQLite's advice for long-lived connections). */
  close(): void;
}

/**
 * Connection settings, applied after the integrity check so a damaged file is never written.
 *
 * synchronous = FULL rather than NORMAL: in WAL mode NORMAL can never corrupt the database,
 * but a power cut may roll back the last few committed transactions. Those could be the
 * persisted kill-switch halt or an audit entry, and an app that comes back un-halted after a
 * power cut is a real-money risk. FULL costs one fsync of the WAL per commit, which is
 * negligible at our write rates because bulk writes (market data) are batched per transaction.
 * One exception, on the trading database: a halt (any restriction) commits at NORMAL and is
 * flushed off the main thread right after (trading/trading-state-persistence.ts), because
 * that fsync takes tens of milliseconds while an import writes and a power cut restarts ArbDesk HALTED anyway.
 */
function configureConnection(db: Database.Database, logger: Logger | undefined): void {
  db.pragma('foreign_keys = ON');
  const journalMode = db.pragma('journal_mode = WAL', { simple: true });
  if (journalMode !== 'wal') {
    // Some network and virtual file systems lack the shared memory WAL needs; SQLite then
    // keeps the old mode. Correctness holds, only reader/writer concurrency is lost.
    logger?.warn({ path: db.name, journalMode }, 'database is not in WAL mode; readers will block the writer');
  }
  db.pragma('synchronous = FULL');
  // Caps the -wal file left after a checkpoint (a large import can grow it to gigabytes).
  db.pragma('journal_size_limit = 67108864');
}

/**
 * Opens (creating if needed) the ArbDesk database, refuses a damaged file before anything is
 * written to it, then brings the schema up to date.
 *
 * Order matters: the quick_check runs first because switching journal mode or migrating
 * writes to the file, which could spread damage and destroy what a recovery tool could
 * still salvage. SQLite reads pages lazily, so damage can also surface as SQLITE_CORRUPT or
 * SQLITE_NOTADB from any statement during open; every such failure becomes the same
 * STORE_CORRUPT error, whose message tells the user how to recover.
 *
 * Throws AppError: STORE_CORRUPT, STORE_MIGRATION_FAILED (failed migration, invalid list, or a
 * database from a newer app), STORAGE_FULL / STORAGE_READ_ONLY / STORE_BUSY (io-errors.ts),
 * UNAVAILABLE (file cannot be opened at all).
 */
export function openDatabase(options: OpenDatabaseOptions): Store {
  const filePath = options.path === ':memory:' ? options.path : path.resolve(options.path);
  const readonly = options.readonly ?? false;
  const logger = options.logger?.child({ module: 'store' });
  // Validate before the file is touched: a bad list is a bug, and the file should not pay for it.
  validateMigrations(options.migrations);

  let db: Database.Database;
  try {
    db = new Database(filePath, { readonly, fileMustExist: readonly, timeout: options.busyTimeoutMs });
  } catch (error) {
    const fault = ioFaultError(error, { file: filePath, busyTimeoutMs: options.busyTimeoutMs });
    if (fault !== null) throw fault;
    throw new AppError(
      'UNAVAILABLE',
      `Cannot open the database file ${filePath}: ${error instanceof Error ? error.message : String(error)}.`,
      { path: filePath, readonly, sqliteCode: isSqliteError(error) ? error.code : null },
      { cause: error },
    );
  }

  try {
    const problems = runQuickCheck(db);
    if (problems.length > 0) {
      logger?.error({ path: filePath, problems }, 'database failed quick_check');
      throw corruptDatabaseError(filePath, problems);
    }
    if (readonly) {
      assertCurrentSchema(db, filePath, options.migrations);
    } else {
      configureConnection(db, logger);
      migrate(db, options.migrations, logger);
    }
  } catch (error) {
    db.close();
    if (isCorruptionError(error)) {
      logger?.error({ path: filePath, err: error }, 'database is damaged');
      throw corruptDatabaseError(filePath, [error.message], error);
    }
    if (isAppError(error)) throw error;
    const fault = ioFaultError(error, { file: filePath, busyTimeoutMs: options.busyTimeoutMs });
    if (fault !== null) throw fault;
    throw new AppError(
      'UNAVAILABLE',
      `Cannot prepare the database file ${filePath}: ${error instanceof Error ? error.message : String(error)}.`,
      { path: filePath, readonly, sqliteCode: isSqliteError(error) ? error.code : null },
      { cause: error },
    );
  }

  const schemaVersion = readUserVersion(db);
  logger?.info({ path: filePath, schemaVersion, readonly }, 'database open');
  return {
    db,
    path: filePath,
    readonly,
    schemaVersion,
    close() {
      if (!db.open) return;
      if (!readonly) {
        try {
          db.pragma('optimize');
        } catch (error) {
          // Housekeeping only. It may need a lock another connection holds; failing here must
          // neither leave the file open nor replace the error that is unwinding the caller.
          logger?.warn({ path: filePath, err: error }, 'PRAGMA optimize skipped on close');
        }
      }
      db.close();
      logger?.info({ path: filePath }, 'database closed');
    },
  };
}

function assertCurrentSchema(db: Database.Database, filePath: string, migrations: readonly Migration[]): void {
  const latest = latestVersion(migrations);
  const version = readUserVersion(db);
  if (version > latest) throw databaseFromTheFutureError(filePath, version, latest);
  if (version < latest) {
    throw new AppError(
      'STORE_MIGRATION_FAILED',
      `The database ${filePath} is at schema version ${version} but ${latest} is required, and a read-only or secondary ` +
        'connection cannot migrate it. Start ArbDesk once (it migrates on open), then retry.',
      { path: filePath, userVersion: version, latestKnownVersion: latest },
    );
  }
}

export interface SecondaryConnectionOptions {
  /** The database file; it must exist (the primary connection created it). */
  readonly path: string;
  readonly busyTimeoutMs: number;
  /** The app's migrations: the schema must be exactly at their latest version. */
  readonly migrations: readonly Migration[];
  /** Reading only (a scan shard) or also writing (an import). */
  readonly readonly?: boolean;
  readonly logger?: Logger;
}

/**
 * A further connection to a database the primary connection already opened, checked and
 * migrated: for worker threads and secondary processes. It skips the quick_check (seconds on
 * a large file, and main has just run it) and never migrates; it refuses a schema that is not
 * exactly the latest, because its queries are written for that one. A write connection gets
 * the same per-connection settings as the primary (foreign keys, synchronous=FULL); journal
 * mode is a property of the file, already WAL.
 *
 * Throws AppError: UNAVAILABLE (missing or unopenable file), STORE_CORRUPT, STORE_MIGRATION_FAILED
 * (schema behind or ahead of this app).
 */
export function openSecondaryConnection(options: SecondaryConnectionOptions): Store {
  const filePath = path.resolve(options.path);
  const readonly = options.readonly ?? false;
  let db: Database.Database;
  try {
    db = new Database(filePath, { readonly, fileMustExist: true, timeout: options.busyTimeoutMs });
  } catch (error) {
    throw new AppError(
      'UNAVAILABLE',
      `Cannot open the database file ${filePath} for a secondary connection: ${error instanceof Error ? error.message : String(error)}.`,
      { path: filePath, readonly, sqliteCode: isSqliteError(error) ? error.code : null },
      { cause: error },
    );
  }
  try {
    assertCurrentSchema(db, filePath, options.migrations);
    if (!readonly) {
      db.pragma('foreign_keys = ON');
      db.pragma('synchronous = FULL');
      db.pragma('journal_size_limit = 67108864');
    }
  } catch (error) {
    db.close();
    if (isCorruptionError(error)) throw corruptDatabaseError(filePath, [error.message], error);
    if (isAppError(error)) throw error;
    throw new AppError(
      'UNAVAILABLE',
      `Cannot prepare a secondary connection to ${filePath}: ${error instanceof Error ? error.message : String(error)}.`,
      { path: filePath, readonly, sqliteCode: isSqliteError(error) ? error.code : null },
      { cause: error },
    );
  }
  const schemaVersion = readUserVersion(db);
  options.logger?.debug({ path: filePath, schemaVersion, readonly }, 'secondary connection open');
  return {
    db,
    path: filePath,
    readonly,
    schemaVersion,
    close() {
      // No `PRAGMA optimize` here: it may write, and the long-lived primary connection runs it.
      if (db.open) db.close();
    },
  };
}
