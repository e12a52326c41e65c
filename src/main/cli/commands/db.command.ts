import { constants, copyFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { AppError, isAppError } from '../../../shared/ipc/errors';
import { loadConfig } from '../../config/load-config';
import { ensureAppDirs, resolveAppPaths, type AppPaths } from '../../config/paths';
import { backupDatabase } from '../../store/backup';
import { backupDatabasePair, restoreDatabasePair, tradingBackupPathFor } from '../../store/backup-pair';
import { openDatabase, type Store } from '../../store/db';
import { timestampedBackupPath } from '../../store/backup-names';
import { checkDatabase, type DatabaseCheckReport } from '../../store/integrity';
import type { Migration } from '../../store/migrations/migration';
import { migrations } from '../../store/migrations';
import { createAuditRepo, type AuditChainReport } from '../../store/repos/audit.repo';
import { tradingMigrations } from '../../store/trading-migrations';
import { isProcessAlive, readInstanceLock } from '../../control/instance-lock';
import { exitCodes } from '../exit-codes';
import { withStore } from '../with-store';

/**
 * Saves a database a restore is about to replace: through the backup API when it opens,
 * or byte for byte when it is damaged (a damaged database is why people restore).
 */
async function keepCurrent(filePath: string, list: readonly Migration[], prefix: string, busyTimeoutMs: number, backupDir: string): Promise<string> {
  let current: Store;
  try {
    current = openDatabase({ path: filePath, busyTimeoutMs, migrations: list });
  } catch (error) {
    if (!isAppError(error) || error.code !== 'STORE_CORRUPT') throw error;
    const target = timestampedBackupPath(backupDir, `${prefix}-damaged`);
    copyFileSync(filePath, target, constants.COPYFILE_EXCL);
    return target;
  }
  try {
    return (await backupDatabase(current, timestampedBackupPath(backupDir, prefix))).path;
  } finally {
    current.close();
  }
}

async function keepBoth(paths: AppPaths): Promise<void> {
  const { config } = loadConfig({ paths, env: process.env });
  const timeout = config.store.busyTimeoutMs;
  if (existsSync(paths.dbFile)) process.stdout.write(`Kept the current database as ${await keepCurrent(paths.dbFile, migrations, 'pre-restore', timeout, paths.backupDir)}\n`);
  if (existsSync(paths.tradingDbFile)) {
    const kept = await keepCurrent(paths.tradingDbFile, tradingMigrations, 'pre-restore-trading', timeout, paths.backupDir);
    process.stdout.write(`Kept the current trading database as ${kept}\n`);
  }
}

/** The trading file's audit chain, verified through a read-only connection (null when the file is damaged). */
function verifyAuditChain(filePath: string, report: DatabaseCheckReport): AuditChainReport | null {
  if (!report.ok) return null;
  const store = openDatabase({ path: filePath, busyTimeoutMs: 2000, migrations: tradingMigrations, readonly: true });
  try {
    return createAuditRepo(store.db).verifyChain();
  } finally {
    store.close();
  }
}

function describe(filePath: string, report: DatabaseCheckReport): string {
  if (!report.ok) return `${filePath}: DAMAGED\n${report.integrity.map((line) => `  ${line}`).join('\n')}\n`;
  return `${filePath}: ok (schema v${report.userVersion}, ${report.walMode ? 'WAL' : 'rollback journal'}, ${report.sizeBytes} bytes)\n`;
}

export function registerDbCommand(program: Command): void {
  const db = program.command('db').description('back up, restore and check the research and trading databases');
  db.command('backup')
    .description('online backup of both databases through SQLite’s backup API (safe while ArbDesk runs)')
    .argument('[destination]', 'research file to write (the trading file goes beside it as <name>.trading.sqlite); defaults to the backups folder')
    .action(async (destination: string | undefined) => {
      const dbFile = resolveAppPaths(process.env).dbFile;
      // Checked first: opening would otherwise create an empty database just to back it up.
      if (!existsSync(dbFile)) throw new AppError('NOT_FOUND', `No database at ${dbFile} to back up.`, { path: dbFile });
      await withStore(async (store, { paths, trading }) => {
        const target = path.resolve(destination ?? timestampedBackupPath(paths.backupDir));
        const result = await backupDatabasePair(store, trading(), target);
        process.stdout.write(
          `Backed up ${result.research.pages} pages (${result.research.bytes} bytes, schema v${result.research.userVersion}) to ${result.research.path}\n` +
            `Backed up the trading database (${result.trading.bytes} bytes, audit head ${result.auditHead === null ? 'empty' : `#${result.auditHead.id}`}) to ${result.trading.path}\n`,
        );
      });
    });
  db.command('restore')
    .description('replace both databases with a verified backup pair (quit ArbDesk first)')
    .argument('<backup>', 'research backup file; its trading companion <name>.trading.sqlite is restored with it when present')
    .option('--trading <file>', 'trading backup file, if not beside the research one')
    .option('--accept-audit-rewind', 'allow a trading backup whose audit log is behind the current one; the rewind is recorded in the restored log')
    .action(async (backup: string, options: { trading?: string; acceptAuditRewind?: boolean }) => {
      const paths = resolveAppPaths(process.env);
      ensureAppDirs(paths);
      const { config } = loadConfig({ paths, env: process.env });
      const holder = readInstanceLock(paths.instanceLockFile);
      if (holder !== null && isProcessAlive(holder.pid)) {
        throw new AppError('CONFLICT', `ArbDesk (pid ${holder.pid}) is running on ${paths.home}; quit it before restoring. Nothing was restored.`, { pid: holder.pid });
      }
      const restore = (accept: boolean) =>
        restoreDatabasePair({
          backupPath: backup,
          ...(options.trading === undefined ? {} : { tradingBackupPath: options.trading }),
          researchTarget: paths.dbFile,
          tradingTarget: paths.tradingDbFile,
          acceptAuditRewind: accept,
          actor: 'user:cli',
          busyTimeoutMs: config.store.busyTimeoutMs,
        });
      // A refusal (an audit rewind without the flag, a damaged backup) leaves both files as they
      // were; only the pre-restore copies made below stay behind, which is harmless.
      const tradingBackup = options.trading ?? tradingBackupPathFor(backup);
      if (!existsSync(tradingBackup)) process.stdout.write(`No trading backup at ${tradingBackup}; restoring the research database only.\n`);
      await keepBoth(paths);
      const result = restore(options.acceptAuditRewind === true);
      process.stdout.write(`Restored ${result.research.bytes} bytes (schema v${result.research.userVersion}) into ${result.research.path}\n`);
      if (result.trading !== null) process.stdout.write(`Restored ${result.trading.bytes} bytes into ${result.trading.path}\n`);
      if (result.rewound !== null) {
        process.stdout.write(
          `The audit log was rewound from entry ${result.rewound.from.id} (${result.rewound.from.hash}) to ${result.rewound.to === null ? 'empty' : `entry ${result.rewound.to.id}`}; recorded as audit.rewind.\n`,
        );
      }
      // Recorded in the restored log; the append also moves the head kept outside the database
      // to the restored chain, so `audit verify` does not report the deliberate rewind as loss.
      await withStore(async (_store, context) => {
        (await context.audit()).append({
          actor: 'user:cli',
          action: 'db.restore',
          subject: path.resolve(backup),
          details: { tradingBackup: result.trading === null ? null : path.resolve(tradingBackup), rewound: result.rewound !== null },
        });
      });
    });
  db.command('check')
    .description('run SQLite’s full integrity_check and a foreign-key check on both databases, and verify the audit chain')
    .option('--json', 'print the reports as JSON')
    .action((options: { json?: boolean }) => {
      const paths = resolveAppPaths(process.env);
      const research = checkDatabase(paths.dbFile);
      const trading = existsSync(paths.tradingDbFile) ? checkDatabase(paths.tradingDbFile) : null;
      const auditChain = trading === null ? null : verifyAuditChain(paths.tradingDbFile, trading);
      const ok = research.ok && (trading === null || trading.ok) && (auditChain === null || auditChain.ok);
      if (options.json) process.stdout.write(`${JSON.stringify({ ok, research, trading, auditChain }, null, 2)}\n`);
      else {
        process.stdout.write(describe(paths.dbFile, research));
        if (trading === null) process.stdout.write(`${paths.tradingDbFile}: not created yet (ArbDesk creates it on start)\n`);
        else process.stdout.write(describe(paths.tradingDbFile, trading));
        if (auditChain !== null) {
          process.stdout.write(
            auditChain.ok
              ? `audit chain: ok (${auditChain.checked} entries)\n`
              : `audit chain: BROKEN at entry ${auditChain.firstBadId ?? '?'}: ${auditChain.problem ?? 'unknown problem'}\n`,
          );
        }
      }
      process.exitCode = ok ? exitCodes.ok : exitCodes.dataError;
    });
}
