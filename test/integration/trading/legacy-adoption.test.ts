import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../src/main/store/db';
import { LEGACY_ADOPTION_KEY } from '../../../src/main/store/legacy-adoption';
import { migrations } from '../../../src/main/store/migrations';
import { createAuditRepo } from '../../../src/main/store/repos/audit.repo';
import { openTradingDatabase } from '../../../src/main/store/trading-db';
import { tradingMigrations } from '../../../src/main/store/trading-migrations';
import { sampleAuditEvent } from '../../helpers/audit-events';
import { makeTempHome } from '../../helpers/temp-home';
import { readPersistedState, startCore, writeLegacyResearchStore } from './trading-test-kit';

const homes: Array<{ cleanup: () => void }> = [];
function home(): string {
  const made = makeTempHome('arbdesk-adopt-');
  homes.push(made);
  return made.dir;
}
afterEach(() => {
  for (const made of homes.splice(0)) made.cleanup();
});

function rawAudit(file: string): unknown[] {
  const db = new Database(file, { readonly: true });
  try {
    // The columns the research store has; the trading file adds the envelope columns beside them.
    return db.prepare('SELECT id, at, actor, action, subject, details, correlation_id, prev_hash, hash FROM audit_log ORDER BY id').all();
  } finally {
    db.close();
  }
}

describe('moving the audit log and the halt from the research store to trading.sqlite', () => {
  it('copies the audit rows verbatim with their hashes, verifies the chain, retires the research copy, and keeps a halt HALTED', async () => {
    const dir = home();
    const legacy = writeLegacyResearchStore(dir, { halted: true, haltedAt: 1_699_000_000_000, haltReason: 'halted by the old release' });
    const researchRowsBefore = rawAudit(path.join(dir, 'arbdesk.sqlite'));

    const core = await startCore(dir);
    try {
      // Verbatim: every column of every row, ids and hashes included, not re-hashed.
      const adopted = rawAudit(core.paths.tradingDbFile).slice(0, legacy.length);
      expect(adopted).toEqual(researchRowsBefore);
      expect(core.audit.verifyChain()).toMatchObject({ ok: true });
      // The chain continues from the adopted head: the next entry links to it.
      const next = core.audit.append(sampleAuditEvent('after adoption'));
      expect(next.prevHash).toBe(legacy.at(-1)?.hash);
      expect(next.id).toBe(legacy.length + 1);

      // The research copy is retired: nothing can append there any more.
      expect(() => createAuditRepo(core.store.db).append({ actor: 'x', action: 'should.fail' })).toThrow(/moved to trading\.sqlite/);
      expect(rawAudit(core.store.path)).toEqual(researchRowsBefore);

      // The legacy row {halted: true, ...} became the global state, with its reason and time.
      expect(core.killSwitch.current().global).toMatchObject({ status: 'HALTED', reason: 'halted by the old release', since: 1_699_000_000_000 });
      expect(readPersistedState(core.paths.tradingDbFile)[0]).toMatchObject({ scope: 'global', status: 'HALTED', reason: 'halted by the old release' });
    } finally {
      await core.dispose();
    }

    // A second start adopts nothing again (no duplicate rows) and keeps the state.
    const again = await startCore(dir);
    try {
      expect(again.audit.verifyChain()).toMatchObject({ ok: true, checked: legacy.length + 1 });
      expect(again.killSwitch.current().global.status).toBe('HALTED');
    } finally {
      await again.dispose();
    }
  });

  it('turns a legacy row that was not halted into ACTIVE', async () => {
    const dir = home();
    writeLegacyResearchStore(dir, { halted: false, haltedAt: null, haltReason: null });
    const core = await startCore(dir);
    try {
      expect(core.killSwitch.current().global).toMatchObject({ scope: 'global', status: 'ACTIVE', reason: null });
      expect(readPersistedState(core.paths.tradingDbFile)[0]).toMatchObject({ scope: 'global', status: 'ACTIVE' });
    } finally {
      await core.dispose();
    }
  });

  it('starts a fresh install ACTIVE in the paper profile, with an empty chain', async () => {
    const core = await startCore(home());
    try {
      expect(core.killSwitch.current()).toMatchObject({ profile: 'paper', global: { status: 'ACTIVE' }, scopes: [] });
      expect(core.audit.verifyChain()).toMatchObject({ ok: true, checked: 1 });
      expect(core.audit.list({ limit: 5 }).map((row) => row.action)).toEqual(['trading.initialize']);
      expect(readPersistedState(core.paths.tradingDbFile)).toEqual([expect.objectContaining({ scope: 'global', status: 'ACTIVE', actor: 'system' })]);
    } finally {
      await core.dispose();
    }
  });

  it('refuses to merge two different chains, and refuses a research chain that does not verify', () => {
    const dir = home();
    writeLegacyResearchStore(dir, null);
    const research = openDatabase({ path: path.join(dir, 'arbdesk.sqlite'), busyTimeoutMs: 2000, migrations });
    try {
      // A trading database that already has its own, different chain and no adoption marker.
      const other = openDatabase({ path: path.join(dir, 'trading.sqlite'), busyTimeoutMs: 2000, migrations: tradingMigrations });
      createAuditRepo(other.db).append({ actor: 'elsewhere', action: 'other.chain' });
      other.close();
      expect(() => openTradingDatabase({ path: path.join(dir, 'trading.sqlite'), busyTimeoutMs: 2000, research: research.db })).toThrow(/cannot be merged/);
      const check = new Database(path.join(dir, 'trading.sqlite'), { readonly: true });
      expect(check.prepare('SELECT 1 FROM trading_meta WHERE key = ?').get(LEGACY_ADOPTION_KEY)).toBeUndefined();
      check.close();

      // A tampered research row (triggers dropped by hand) is refused before anything is copied.
      research.db.exec("DROP TRIGGER audit_log_no_update; UPDATE audit_log SET actor = 'mallory' WHERE id = 2");
      expect(() => openTradingDatabase({ path: path.join(dir, 'trading-2.sqlite'), busyTimeoutMs: 2000, research: research.db })).toThrow(/fails its hash chain/);
    } finally {
      research.close();
    }
  });
});
