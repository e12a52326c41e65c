import { accessSync, constants, existsSync, rmSync, statfsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Logger } from 'pino';
import type { DoctorCheck } from '../../shared/domain/system';
import { isAppError } from '../../shared/ipc/errors';
import { loadConfig } from '../config/load-config';
import type { AppPaths } from '../config/paths';
import { probeMlBackend } from '../ml/ml-backend';
import type { Keychain } from '../secrets/keychain';
import { storedAuditKeyId } from '../audit/audit-signer';
import { checkDatabase } from '../store/integrity';
import { migrations } from '../store/migrations';
import { tradingMigrations } from '../store/trading-migrations';
import { latestVersion } from '../store/migrate';

const GiB = 1024 ** 3;
const MiB = 1024 ** 2;

export interface DoctorOptions {
  readonly paths: AppPaths;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly keychain: Keychain;
  readonly logger: Logger;
}

function describe(error: unknown): string {
  if (isAppError(error)) return error.message;
  if (error instanceof Error) return error.message;
  return String(error);
}

/**
 * Runs one check; an exception inside it is the check's finding, reported with its remedy,
 * so one broken subsystem never hides the state of the others.
 */
async function check(
  id: string,
  title: string,
  remedy: string,
  body: () => Promise<Omit<DoctorCheck, 'id' | 'title'>> | Omit<DoctorCheck, 'id' | 'title'>,
): Promise<DoctorCheck> {
  try {
    return { id, title, ...(await body()) };
  } catch (error) {
    return { id, title, status: 'fail', detail: describe(error), remedy };
  }
}

/** The health checks behind `arbdesk doctor` and the Settings page. */
export async function runDoctor(options: DoctorOptions): Promise<DoctorCheck[]> {
  const { paths } = options;
  return Promise.all([
    check('data-dir', 'Data directory', `Make ${paths.home} writable, or point ARBDESK_HOME at a writable directory.`, () => {
      accessSync(paths.home, constants.W_OK);
      const probe = path.join(paths.home, `.doctor-${process.pid}`);
      writeFileSync(probe, 'probe');
      rmSync(probe);
      return { status: 'ok', detail: `${paths.home} is writable` };
    }),
    check('disk', 'Free disk space', 'Free some disk space on that volume.', () => {
      const stats = statfsSync(paths.home);
      const free = stats.bavail * stats.bsize;
      const detail = `${(free / GiB).toFixed(1)} GiB free on the volume holding ${paths.home}`;
      if (free < 200 * MiB) return { status: 'fail', detail, remedy: 'Under 200 MiB free: imports and backups will fail. Free disk space.' };
      if (free < GiB) return { status: 'warn', detail, remedy: 'Under 1 GiB free: large imports and backups may fail.' };
      return { status: 'ok', detail };
    }),
    check('config', 'Configuration', `Fix the reported keys in ${paths.configFile} or the ARBDESK_* variables.`, () => {
      const loaded = loadConfig({ paths, env: options.env });
      const overrides = loaded.overrides.length > 0 ? `; overrides: ${loaded.overrides.join(', ')}` : '';
      return { status: 'ok', detail: `profile ${loaded.config.profile}, file ${loaded.path}${overrides}` };
    }),
    check(
      'sqlite',
      'Database',
      `Run \`arbdesk db check\`; restore a backup with \`arbdesk db restore <file>\` or move ${paths.dbFile} aside to start fresh.`,
      () => {
        if (!existsSync(paths.dbFile)) return { status: 'ok', detail: `${paths.dbFile} does not exist yet; it is created on first start` };
        const report = checkDatabase(paths.dbFile);
        const expected = latestVersion(migrations);
        if (!report.ok) return { status: 'fail', detail: `integrity_check: ${report.integrity.slice(0, 3).join('; ')}` };
        const detail = `${paths.dbFile}: integrity ok, schema v${report.userVersion}, ${report.walMode ? 'WAL' : 'not WAL'}, ${(report.sizeBytes / MiB).toFixed(1)} MiB`;
        if (report.userVersion > expected) {
          return { status: 'fail', detail, remedy: 'The database was written by a newer ArbDesk; upgrade the app.' };
        }
        return { status: 'ok', detail };
      },
    ),
    check(
      'trading-db',
      'Trading database',
      `Run \`arbdesk db check\`; restore a backup pair with \`arbdesk db restore <file>\`.`,
      () => {
        if (!existsSync(paths.tradingDbFile)) return { status: 'ok', detail: `${paths.tradingDbFile} does not exist yet; it is created on first start` };
        const report = checkDatabase(paths.tradingDbFile);
        if (!report.ok) return { status: 'fail', detail: `integrity_check: ${report.integrity.slice(0, 3).join('; ')}` };
        const expected = latestVersion(tradingMigrations);
        const detail = `${paths.tradingDbFile}: integrity ok, schema v${report.userVersion}, ${report.walMode ? 'WAL' : 'not WAL'}, ${(report.sizeBytes / MiB).toFixed(1)} MiB`;
        if (report.userVersion > expected) return { status: 'fail', detail, remedy: 'The trading database was written by a newer ArbDesk; upgrade the app.' };
        return { status: 'ok', detail };
      },
    ),
    check(
      'keychain',
      'OS keychain',
      'Install and unlock a Secret Service provider (gnome-keyring or KWallet) on Linux; the macOS Keychain and Windows Credential Manager need no setup.',
      async () => {
        const status = await options.keychain.status();
        return status.available
          ? { status: 'ok', detail: status.detail }
          : {
              status: 'warn',
              detail: status.detail,
              remedy: 'Paper trading and backtests work without it; broker credentials cannot be stored until a keychain is available.',
            };
      },
    ),
    check('audit-signing', 'Audit log signing', 'Make the OS keychain available (see the OS keychain check); ArbDesk creates the signing key there on its next start.', async () => {
      const status = await options.keychain.status();
      if (!status.available) {
        return {
          status: 'warn',
          detail: 'Audit signing is off: entries are hash-chained and the head is kept outside the database, but they are not signed, because no OS keychain is available.',
          remedy: 'Install and unlock a keychain; entries written from then on are signed with an Ed25519 key kept there.',
        };
      }
      const keyId = await storedAuditKeyId(options.keychain);
      return { status: 'ok', detail: keyId === null ? 'Signing is on; the Ed25519 key is created in the OS keychain on the next start.' : `Signing is on: Ed25519 key ${keyId} in the OS keychain.` };
    }),
    check('ml', 'ML backend', 'Run `npm ci` to restore @tensorflow/tfjs and its WebAssembly backend.', async () => {
      const probe = await probeMlBackend();
      return { status: probe.ok ? 'ok' : 'fail', detail: probe.detail };
    }),
  ]);
}
