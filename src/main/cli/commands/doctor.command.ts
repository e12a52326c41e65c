import type { Command } from 'commander';
import pino from 'pino';
import { runDoctor } from '../../app/doctor';
import { ensureAppDirs, resolveAppPaths } from '../../config/paths';
import { createKeychain } from '../../secrets/keychain';
import { exitCodes } from '../exit-codes';

const marks = { ok: 'ok  ', warn: 'WARN', fail: 'FAIL' } as const;

export function registerDoctorCommand(program: Command): void {
  program
    .command('doctor')
    .description('check SQLite, the keychain, the ML backend, the data directory and free disk, and say how to fix each failure')
    .option('--json', 'print the checks as JSON')
    .action(async (options: { json?: boolean }) => {
      const paths = resolveAppPaths(process.env);
      ensureAppDirs(paths);
      // The doctor must work when logging or the database is broken, so it logs nowhere.
      const logger = pino({ level: 'silent' });
      const checks = await runDoctor({ paths, env: process.env, keychain: createKeychain({ logger }), logger });
      if (options.json) {
        process.stdout.write(`${JSON.stringify(checks, null, 2)}\n`);
      } else {
        for (const check of checks) {
          process.stdout.write(`[${marks[check.status]}] ${check.title}: ${check.detail}\n`);
          if (check.status !== 'ok' && check.remedy) process.stdout.write(`       → ${check.remedy}\n`);
        }
      }
      process.exitCode = checks.some((check) => check.status === 'fail') ? exitCodes.failure : exitCodes.ok;
    });
}
