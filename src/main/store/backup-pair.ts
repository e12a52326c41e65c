import { existsSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { Logger } from 'pino';
import { AppError } from '../../shared/ipc/errors';
import { backupDatabase, restoreDatabase, type BackupOptions, type BackupResult, type RestoreResult } from './backup';
import type { Store } from './db';
import { migrations } from './migrations';
import { createAuditRepo, type AuditHead } from './repos/audit.repo';
import { tradingMigrations } from './trading-migrations';

/**
 * A backup is a PAIR of files: the research store at the chosen name and the trading
 * database beside it, `<name>.trading.sqlite`. The pair is what `db backup` writes,
 * `db restore` installs and the app's backup menu item produces.
 */
export function tradingBackupPathFor(researchBackupPath: string): string {
  const resolved = path.resolve(researchBackupPath);
  return resolved.endsWith('.sqlite') ? `${resolved.slice(0, -'.sqlite'.length)}.trading.sqlite` : `${resolved}.trading.sqlite`;
}

export interface PairBackupResult {
  readonly research: BackupResult;
  readonly trading: BackupResult;
  /** The audit head the trading copy holds (null for an empty log). */
  readonly auditHead: AuditHead | null;
}

export async function backupDatabasePair(research: Store, trading: Store, destPath: string, options: BackupOptions = {}): Promise<PairBackupResult> {
  const tradingDest = tradingBackupPathFor(destPath);
  // Both names are checked before anything is written, so a clash never leaves half a pair.
  for (const target of [path.resolve(destPath), tradingDest]) {
    if (existsSync(target)) {
      throw new AppError('CONFLICT', `A file already exists at ${target}; choose a new backup name (backups never overwrite).`, { path: target });
    }
  }
  // Trading first: it is small, and its audit head is what a later restore compares.
  const tradingResult = await backupDatabase(trading, tradingDest, options);
  const researchResult = await backupDatabase(research, destPath, options);
  return { research: researchResult, trading: tradingResult, auditHead: readAuditHead(tradingResult.path) };
}

/** The newest audit row of a trading database file, read through its own read-only connection. */
export function readAuditHead(filePath: string): AuditHead | null {
  const db = new Database(filePath, { readonly: true, fileMustExist: true });
  try {
    return db.prepare<[], AuditHead>('SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1').get() ?? null;
  } finally {
    db.close();
  }
}

function hashAt(filePath: string, id: number): string | null {
  const db = new Database(filePath, { readonly: true, fileMustExist: true });
  try {
    return db.prepare<[number], { hash: string }>('SELECT hash FROM audit_log WHERE id = ?').get(id)?.hash ?? null;
  } finally {
    db.close();
  }
}

export type AuditRewindCheck =
  | { readonly rewinds: false }
  | { readonly rewinds: true; readonly currentHead: AuditHead; readonly backupHead: AuditHead | null };

/**
 * Would installing `backupTrading` over `currentTrading` lose audit entries? It does unless
 * the backup's chain contains the current head (same id, same hash): a backup that is behind,
 * or on a different chain, rewinds it.
 */
export function checkAuditRewind(currentTrading: string, backupTrading: string): AuditRewindCheck {
  if (!existsSync(currentTrading)) return { rewinds: false };
  const currentHead = readAuditHead(currentTrading);
  if (currentHead === null) return { rewinds: false };
  if (hashAt(backupTrading, currentHead.id) === currentHead.hash) return { rewinds: false };
  return { rewinds: true, currentHead, backupHead: readAuditHead(backupTrading) };
}

export interface RestorePairOptions {
  readonly backupPath: string;
  /** Defaults to tradingBackupPathFor(backupPath); a missing file restores the research store alone. */
  readonly tradingBackupPath?: string;
  readonly researchTarget: string;
  readonly tradingTarget: string;
  /** Allows a restore that rewinds the audit chain; the rewind is then recorded in the restored chain. */
  readonly acceptAuditRewind: boolean;
  readonly actor: string;
  readonly busyTimeoutMs: number;
  readonly logger?: Logger;
}

export interface RestorePairResult {
  readonly research: RestoreResult;
  readonly trading: RestoreResult | null;
  /** Set when the restore rewound the audit chain (and recorded it). */
  readonly rewound: { readonly from: AuditHead; readonly to: AuditHead | null } | null;
}

/**
 * Restores a backup pair. MUST run while ArbDesk is not running (see restoreDatabase).
 * A restore never rewinds the audit chain silently: when the backup's chain does not contain
 * the current head it is refused (CONFLICT) unless `acceptAuditRewind`, and then an
 * `audit.rewind` entry naming the discarded head is appended to the restored chain.
 */
export function restoreDatabasePair(options: RestorePairOptions): RestorePairResult {
  const tradingBackup = options.tradingBackupPath ?? tradingBackupPathFor(options.backupPath);
  const hasTrading = existsSync(tradingBackup);
  if (options.tradingBackupPath !== undefined && !hasTrading) {
    throw new AppError('NOT_FOUND', `No trading backup file at ${tradingBackup}.`, { path: tradingBackup });
  }
  const rewind = hasTrading ? checkAuditRewind(options.tradingTarget, tradingBackup) : { rewinds: false as const };
  if (rewind.rewinds && !options.acceptAuditRewind) {
    throw new AppError(
      'CONFLICT',
      `Restoring ${tradingBackup} would rewind the audit log from entry ${rewind.currentHead.id} to ` +
        `${rewind.backupHead === null ? 'an empty log' : `entry ${rewind.backupHead.id}`}; nothing was restored. ` +
        'Pass --accept-audit-rewind to restore anyway (the rewind is then recorded in the restored log).',
      { currentHead: rewind.currentHead, backupHead: rewind.backupHead, tradingBackup },
    );
  }
  // Trading first: a refusal there (damage, a newer schema) leaves both files as they were.
  const trading = hasTrading
    ? restoreDatabase({ backupPath: tradingBackup, targetPath: options.tradingTarget, migrations: tradingMigrations, ...(options.logger ? { logger: options.logger } : {}) })
    : null;
  const research = restoreDatabase({ backupPath: options.backupPath, targetPath: options.researchTarget, migrations, ...(options.logger ? { logger: options.logger } : {}) });
  let rewound: RestorePairResult['rewound'] = null;
  if (rewind.rewinds) {
    const db = new Database(options.tradingTarget, { fileMustExist: true, timeout: options.busyTimeoutMs });
    try {
      createAuditRepo(db).append({
        actor: options.actor,
        surface: options.actor.endsWith(':cli') ? 'cli' : 'ui',
        action: 'audit.rewind',
        subject: tradingBackup,
        reason: null,
        before: { headId: rewind.currentHead.id, headHash: rewind.currentHead.hash },
        after: { headId: rewind.backupHead?.id ?? null, headHash: rewind.backupHead?.hash ?? null },
        details: {
          discardedHeadId: rewind.currentHead.id,
          discardedHeadHash: rewind.currentHead.hash,
          restoredHeadId: rewind.backupHead?.id ?? null,
          restoredHeadHash: rewind.backupHead?.hash ?? null,
        },
      });
    } finally {
      db.close();
    }
    rewound = { from: rewind.currentHead, to: rewind.backupHead };
    options.logger?.warn({ rewound }, 'restore rewound the audit chain; recorded as audit.rewind');
  }
  return { research, trading, rewound };
}
