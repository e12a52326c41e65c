import { existsSync, rmSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createAuditRepo } from '../../../src/main/store/repos/audit.repo';
import { backupDatabasePair, readAuditHead, restoreDatabasePair, tradingBackupPathFor } from '../../../src/main/store/backup-pair';
import type { Store } from '../../../src/main/store/db';
import { migrations } from '../../../src/main/store/migrations';
import { openTradingDatabase } from '../../../src/main/store/trading-db';
import { expectAppError, makeTempDatabasePath, openTestStore, silentLogger } from './store-test-kit';

let dir: string;
let cleanup: () => void;
let researchPath: string;
let tradingPath: string;

function openPair(): { research: Store; trading: Store } {
  const research = openTestStore(researchPath, migrations);
  const trading = openTradingDatabase({ path: tradingPath, busyTimeoutMs: 2000, research: research.db, logger: silentLogger });
  return { research, trading };
}

function closePair(pair: { research: Store; trading: Store }): void {
  pair.trading.close();
  pair.research.close();
}

function actions(file: string): string[] {
  const db = new Database(file, { readonly: true });
  try {
    return (db.prepare('SELECT action FROM audit_log ORDER BY id').all() as Array<{ action: string }>).map((row) => row.action);
  } finally {
    db.close();
  }
}

const restore = (backupPath: string, acceptAuditRewind: boolean) =>
  restoreDatabasePair({ backupPath, researchTarget: researchPath, tradingTarget: tradingPath, acceptAuditRewind, actor: 'test', busyTimeoutMs: 2000 });

beforeEach(() => {
  ({ dir, cleanup } = makeTempDatabasePath());
  researchPath = path.join(dir, 'arbdesk.sqlite');
  tradingPath = path.join(dir, 'trading.sqlite');
});
afterEach(() => cleanup());

describe('backing up and restoring the research and trading databases as a pair', () => {
  it('backs up both files, and restores both when nothing in the audit log would be lost', async () => {
    const pair = openPair();
    createAuditRepo(pair.trading.db).append({ actor: 'test', action: 'before.backup' });
    pair.research.db.prepare("INSERT INTO app_state (key, value, updated_at) VALUES ('marker', '\"in backup\"', 1)").run();
    const target = path.join(dir, 'backup-1.sqlite');
    const result = await backupDatabasePair(pair.research, pair.trading, target);
    expect(result.trading.path).toBe(tradingBackupPathFor(target));
    expect(result.trading.path.endsWith('backup-1.trading.sqlite')).toBe(true);
    expect(result.auditHead).toEqual(readAuditHead(tradingPath));
    // Never overwrites: a second backup to the same name is refused before anything is written.
    await expect(backupDatabasePair(pair.research, pair.trading, target)).rejects.toMatchObject({ code: 'CONFLICT' });
    pair.research.db.prepare("UPDATE app_state SET value = '\"after backup\"' WHERE key = 'marker'").run();
    closePair(pair);

    const restored = restore(target, false);
    expect(restored.rewound).toBeNull();
    expect(restored.trading).not.toBeNull();
    const research = new Database(researchPath, { readonly: true });
    expect(research.prepare("SELECT value FROM app_state WHERE key = 'marker'").get()).toEqual({ value: '"in backup"' });
    research.close();
    expect(actions(tradingPath)).toEqual(['before.backup']);
  });

  it('refuses a restore that would rewind the audit chain, and with the flag records the rewind in the restored chain', async () => {
    const pair = openPair();
    const audit = createAuditRepo(pair.trading.db);
    audit.append({ actor: 'test', action: 'in.backup' });
    const target = path.join(dir, 'old.sqlite');
    const backup = await backupDatabasePair(pair.research, pair.trading, target);
    audit.append({ actor: 'test', action: 'after.backup.1' });
    const lost = audit.append({ actor: 'test', action: 'after.backup.2' });
    closePair(pair);

    const refused = expectAppError(() => restore(target, false), 'CONFLICT');
    expect(refused.message).toContain(`rewind the audit log from entry ${lost.id}`);
    expect(refused.message).toContain('--accept-audit-rewind');
    // Refused means untouched.
    expect(actions(tradingPath)).toEqual(['in.backup', 'after.backup.1', 'after.backup.2']);

    const accepted = restore(target, true);
    expect(accepted.rewound).toEqual({ from: { id: lost.id, hash: lost.hash }, to: backup.auditHead });
    expect(actions(tradingPath)).toEqual(['in.backup', 'audit.rewind']);
    const reopened = openPair();
    try {
      const auditAfter = createAuditRepo(reopened.trading.db);
      expect(auditAfter.verifyChain()).toMatchObject({ ok: true });
      const [rewind] = auditAfter.list({ limit: 1 });
      expect(rewind).toMatchObject({
        actor: 'test',
        action: 'audit.rewind',
        details: { discardedHeadId: lost.id, discardedHeadHash: lost.hash, restoredHeadId: backup.auditHead?.id, restoredHeadHash: backup.auditHead?.hash },
      });
    } finally {
      closePair(reopened);
    }
  });

  it('restores an old single-file backup into the research store alone, leaving the trading chain as it is', async () => {
    const pair = openPair();
    createAuditRepo(pair.trading.db).append({ actor: 'test', action: 'kept' });
    const target = path.join(dir, 'research-only.sqlite');
    await backupDatabasePair(pair.research, pair.trading, target);
    closePair(pair);
    rmSync(tradingBackupPathFor(target));
    const result = restore(target, false);
    expect(result.trading).toBeNull();
    expect(existsSync(tradingPath)).toBe(true);
    expect(actions(tradingPath)).toEqual(['kept']);
    expectAppError(
      () => restoreDatabasePair({ backupPath: target, tradingBackupPath: path.join(dir, 'absent.sqlite'), researchTarget: researchPath, tradingTarget: tradingPath, acceptAuditRewind: false, actor: 'test', busyTimeoutMs: 2000 }),
      'NOT_FOUND',
    );
  });
});
