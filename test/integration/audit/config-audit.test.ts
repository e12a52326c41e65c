import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createAuditService } from '../../../src/main/audit/audit.service';
import { detectConfigHandEdit, writeConfigAudited } from '../../../src/main/audit/config-audit';
import { tradingMigrations } from '../../../src/main/store/trading-migrations';
import { makeTempHome } from '../../helpers/temp-home';
import { arbdesk } from '../control/control-kit';
import { openTestStore } from '../store/store-test-kit';
import { startCore } from '../trading/trading-test-kit';

const homes: Array<{ cleanup: () => void }> = [];
afterEach(() => {
  for (const made of homes.splice(0)) made.cleanup();
});
function tempHome(): string {
  const made = makeTempHome('arbdesk-config-audit-');
  homes.push(made);
  return made.dir;
}

describe('config writes are audited', () => {
  it('records a write with before/after, the changed keys and a profile switch, and does not take it for a hand edit later', () => {
    const home = tempHome();
    const file = path.join(home, 'config.json');
    const store = openTestStore(path.join(home, 'trading.sqlite'), tradingMigrations);
    try {
      const audit = createAuditService(store.db);
      writeFileSync(file, JSON.stringify({ profile: 'paper', store: { busyTimeoutMs: 5000 } }));
      expect(detectConfigHandEdit({ file, audit, tradingDb: store.db })).toBe(false); // first start: baseline only
      writeConfigAudited({ file, next: { profile: 'backtest', store: { busyTimeoutMs: 4000 } }, audit, tradingDb: store.db, actor: 'user', surface: 'ui', reason: 'research week' });
      const [profile, write] = audit.list({ limit: 5 });
      expect(write).toMatchObject({
        action: 'config.write',
        actor: 'user',
        surface: 'ui',
        subject: file,
        reason: 'research week',
        before: { config: { profile: 'paper', store: { busyTimeoutMs: 5000 } } },
        after: { config: { profile: 'backtest', store: { busyTimeoutMs: 4000 } } },
        details: { changedKeys: ['profile', 'store.busyTimeoutMs'] },
      });
      expect(profile).toMatchObject({ action: 'profile.switch', before: { profile: 'paper' }, after: { profile: 'backtest' } });
      expect(detectConfigHandEdit({ file, audit, tradingDb: store.db })).toBe(false);
      expect(audit.list({ limit: 10 })).toHaveLength(2);
    } finally {
      store.close();
    }
  });

  it('detects a hand edit of config.json by hash at start and records it as actor "hand-edit"', async () => {
    const home = tempHome();
    const first = await startCore(home);
    await first.dispose();
    writeFileSync(path.join(home, 'config.json'), JSON.stringify({ workers: { poolSize: 1 } }));

    const core = await startCore(home);
    try {
      const [write] = core.audit.list({ limit: 1, action: 'config.write' });
      expect(write).toMatchObject({ actor: 'hand-edit', surface: 'file', before: { sha256: null }, details: { changedKeys: ['workers'] } });
      expect(core.audit.verify()).toMatchObject({ ok: true });
    } finally {
      await core.dispose();
    }
    // Seen once, recorded once.
    const again = await startCore(home);
    try {
      expect(again.audit.list({ limit: 10, action: 'config.write' })).toHaveLength(1);
    } finally {
      await again.dispose();
    }
  });

  it('`arbdesk config set` writes, validates and audits', async () => {
    const home = tempHome();
    const set = await arbdesk(home, ['config', 'set', 'profile', 'backtest', '--reason', 'no orders this week']);
    expect(set.stderr).toBe('');
    expect(set.status).toBe(0);
    const bad = await arbdesk(home, ['config', 'set', 'profile', 'moon']);
    expect(bad.status).toBe(78);
    const listed = await arbdesk(home, ['audit', 'list', '--actor', 'user:cli']);
    expect(listed.stdout).toMatch(/profile\.switch .*no orders this week/);
    expect(listed.stdout).toMatch(/config\.write/);
  });
});
