import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import type { AppCore } from '../../../src/main/app/create-app-core';
import { makeTempHome } from '../../helpers/temp-home';
import { startCore } from '../trading/trading-test-kit';

let sequence = 0;
function call(core: AppCore, channel: string, payload: unknown) {
  sequence += 1;
  return core.registry.dispatch({ type: 'request', id: `audit-${String(sequence).padStart(6, '0')}`, channel, payload }, 'browser');
}

const homes: Array<{ cleanup: () => void }> = [];
afterEach(() => {
  for (const made of homes.splice(0)) made.cleanup();
});

describe('existing callers pass their kinds\' schemas', () => {
  it('a backup from the app (menu) is audited as db.backup with both files and the audit head', async () => {
    const home = makeTempHome('arbdesk-audit-backup-');
    homes.push(home);
    const core = await startCore(home.dir);
    try {
      const file = await core.backupDatabase();
      const [entry] = core.audit.list({ limit: 1, action: 'db.backup' });
      expect(entry).toMatchObject({ subject: file, surface: 'ui', details: { tradingPath: expect.stringContaining('.trading.sqlite'), auditHeadId: expect.any(Number) } });
    } finally {
      await core.dispose();
    }
  });
});

describe('audit:list and audit:verify', () => {
  it('list the newest entries with filters and the signing status, and verify reports the first broken entry', async () => {
    const home = makeTempHome('arbdesk-audit-ipc-');
    homes.push(home);
    const core = await startCore(home.dir, {}, { auditSigning: true });
    try {
      await core.auditSignerReady;
      core.killSwitch.halt(null, 'user');
      core.killSwitch.annotateHalt('checking fills', 'user');
      // With a keychain (npm test starts one) entries after the key loaded are signed; without, the view says signing is off.
      const keychainAvailable = (await core.keychain.status()).available;
      const annotated = core.audit.list({ limit: 1 })[0];
      expect(annotated?.signature !== null).toBe(keychainAvailable);
      expect(core.audit.signingStatus()).toMatchObject({ enabled: keychainAvailable });
      const listed = await call(core, 'audit:list', { action: 'trading.annotate-halt' });
      expect(listed).toMatchObject({ ok: true, value: { entries: [{ action: 'trading.annotate-halt', actor: 'user', surface: 'ui', reason: 'checking fills', after: { status: 'HALTED' } }] } });
      const all = await call(core, 'audit:list', {});
      // Newest first. (Under `npm test` a real keyring adds audit.signing-key on first use.)
      const ids = all.ok ? (all.value as { entries: Array<{ id: number }> }).entries.map((entry) => entry.id) : [];
      expect(ids.length).toBeGreaterThanOrEqual(3);
      expect(ids).toEqual([...ids].sort((a, b) => b - a));
      expect(await call(core, 'audit:verify', {})).toMatchObject({ ok: true, value: { ok: true, checked: ids.length, head: { state: 'ok' } } });

      const raw = new Database(core.paths.tradingDbFile);
      try {
        raw.exec("DROP TRIGGER audit_log_no_update; UPDATE audit_log SET actor = 'someone' WHERE id = 2");
      } finally {
        raw.close();
      }
      expect(await call(core, 'audit:verify', {})).toMatchObject({ ok: true, value: { ok: false, firstBadId: 2 } });
      expect(await call(core, 'audit:list', { limit: 5000 })).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    } finally {
      await core.dispose();
    }
  });
});
