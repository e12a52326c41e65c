import path from 'node:path';
import Database from 'better-sqlite3';
import { createAppCore, type AppCore } from '../../../src/main/app/create-app-core';
import { openDatabase } from '../../../src/main/store/db';
import { coreSchema } from '../../../src/main/store/migrations/0001-core-schema';
import { marketDataSchema } from '../../../src/main/store/migrations/0002-market-data';
import { createAppStateRepo } from '../../../src/main/store/repos/app-state.repo';
import { createAuditRepo, type AuditRow } from '../../../src/main/store/repos/audit.repo';
import type { ScopeState } from '../../../src/shared/domain/trading';

/**
 * The real app core on `home`, as `arbdesk serve` wires it, without the sample import. Audit
 * signing is off unless asked for: the key loads asynchronously and its audit.signing-key entry
 * would land at an unpredictable point of a test that counts entries.
 */
export function startCore(home: string, env: Record<string, string> = {}, options: { auditSigning?: boolean } = {}): Promise<AppCore> {
  return createAppCore({
    transport: 'browser',
    env: { ...process.env, ARBDESK_HOME: home, ARBDESK_DATA_IMPORT_SAMPLE_ON_FIRST_START: 'false', ARBDESK_LOGGING_LEVEL: 'warn', ...env },
    auditSigning: options.auditSigning ?? false,
  });
}

/**
 * A research store as the previous release left it (schema v2): audit rows in its own
 * audit_log and the kill switch's app_state row. Returns the audit rows it wrote.
 */
export function writeLegacyResearchStore(home: string, halt: { halted: boolean; haltedAt: number | null; haltReason: string | null } | null): AuditRow[] {
  const store = openDatabase({ path: path.join(home, 'arbdesk.sqlite'), busyTimeoutMs: 2000, migrations: [coreSchema, marketDataSchema] });
  try {
    let clock = 1_700_000_000_000;
    const audit = createAuditRepo(store.db, { now: () => (clock += 1000) });
    const rows = [
      audit.append({ actor: 'user', action: 'data.import', subject: '/data/prices', details: { datasetId: 1, version: 1 } }),
      audit.append({ actor: 'user', action: 'trading.halt', details: { reason: 'old halt' } }),
      audit.append({ actor: 'user:cli', action: 'db.backup', subject: '/b/x.sqlite', details: { bytes: 123 } }),
    ];
    if (halt !== null) createAppStateRepo(store.db).set('trading.halt', halt);
    return rows;
  } finally {
    store.close();
  }
}

/** Reads the persisted trading state through its own connection, as another process would. */
export function readPersistedState(tradingDbFile: string): ScopeState[] {
  const db = new Database(tradingDbFile, { readonly: true, fileMustExist: true });
  try {
    return db.prepare("SELECT scope, status, reason, actor, since FROM trading_state ORDER BY scope <> 'global', scope").all() as ScopeState[];
  } finally {
    db.close();
  }
}

export function readAuditActions(tradingDbFile: string): string[] {
  const db = new Database(tradingDbFile, { readonly: true, fileMustExist: true });
  try {
    return (db.prepare('SELECT action FROM audit_log ORDER BY id').all() as Array<{ action: string }>).map((row) => row.action);
  } finally {
    db.close();
  }
}
