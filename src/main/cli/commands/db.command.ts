import { constants, copyFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { AppError, isAppError } from '../../../shared/ipc/errors';
import { loadConfig } from '../../config/load-config';
import { ensureAppDirs, resolveAppPaths, type AppPaths } from '../../config/paths';
import { backupDatabase, restoreDatabase } from '../../store/backup';
import { openDatabase, type Store } from '../../store/db';
import { timestampedBackupPath } from '../../store/backup-names';
import { checkDatabase } from '../../store/integrity';
import { migrations } from '../../store/migrations';
import { exitCodes } from '../exit-codes';
import { withStore } from '../with-store';

/**
 * Saves the database a restore is about to replace: through the backup API when it opens,
 * or byte for byte when it is damaged (a damaged database is why people restore).
 */
async function keepCurrent(paths: AppPaths): Promise<string> {
  const { config } = loadConfig({ paths, env: process.env });
  let current: Store;
  try {
    current = openDatabase({ path: paths.dbFile, busyTimeoutMs: config.store.busyTimeoutMs, migrations });
  } catch (error) {
    if (!isAppError(error) || error.code !== 'STORE_CORRUPT') throw error;
    const target = timestampedBackupPath(paths.backupDir, 'pre-restore-damaged');
    copyFileSync(paths.dbFile, target, constants.COPYFILE_EXCL);
    return target;
  }
  try {
    return (await backupDatabase(current, timestampedBackupPath(paths.backupDir, 'pre-restore'))).path;
  } finally {
    current.close();
  }
}

export function registerDbCommand(program: Command): void {
  const db = program.command('db').description('back up, restore and check the database');
  db.command('backup')
    .description('online backup through SQLite’s backup API (safe while ArbDesk runs)')
    .argument('[destination]', 'file to write; defaults to a timestamped file in the backups folder')
    .action(async (destination: string | undefined) => {
      const dbFile = resolveAppPaths(process.env).dbFile;
      // Checked first: opening would otherwise create an empty database just to back it up.
      if (!existsSync(dbFile)) throw new AppError('NOT_FOUND', `No database at ${dbFile} to back up.`, { path: dbFile });
      await withStore(async (store, { paths }) => {
        const target = path.resolve(destination ?? timestampedBackupPath(paths.backupDir));
        const result = await backupDatabase(store, target);
        process.stdout.write(`Backed up ${result.pages} pages (${result.bytes} bytes, schema v${result.userVersion}) to ${result.path}\n`);
      });
    });
  db.command('restore')
    .description('replace the database with a verified backup (quit ArbDesk first)')
    .argument('<backup>', 'backup file to restore')
    .action(async (backup: string) => {
      const paths = resolveAppPaths(process.env);
      ensureAppDirs(paths);
      // The database being replaced is kept first: a restore must never be the way data is lost.
      if (existsSync(paths.dbFile)) process.stdout.write(`Kept the current database as ${await keepCurrent(paths)}\n`);
      const result = restoreDatabase({ backupPath: backup, targetPath: paths.dbFile, migrations });
      process.stdout.write(`Restored ${result.bytes} bytes (schema v${result.userVersion}) into ${result.path}\n`);
    });
  db.command('check')
    .description('run SQLite’s full integrity_check and a foreign-key check')
    .option('--json', 'print the report as JSON')
    .action((options: { json?: boolean }) => {
      const paths = resolveAppPaths(process.env);
      const report = checkDatabase(paths.dbFile);
      if (options.json) process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
      else if (report.ok) process.stdout.write(`${paths.dbFile}: ok (schema v${report.userVersion}, ${report.walMode ? 'WAL' : 'rollback journal'}, ${report.sizeBytes} bytes)\n`);
      else process.stdout.write(`${paths.dbFile}: DAMAGED\n${report.integrity.map((line) => `  ${line}`).join('\n')}\n`);
      process.exitCode = report.ok ? exitCodes.ok : exitCodes.dataError;
    });
}
