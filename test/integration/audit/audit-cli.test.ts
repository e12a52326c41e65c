import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { makeTempHome } from '../../helpers/temp-home';
import { arbdesk, startAppCoreChild, type RunningChild } from '../control/control-kit';
import { startCore, writeLegacyResearchStore } from '../trading/trading-test-kit';

const homes: Array<{ cleanup: () => void }> = [];
const children: RunningChild[] = [];
afterEach(() => {
  for (const running of children.splice(0)) if (running.child.exitCode === null && running.child.signalCode === null) running.child.kill('SIGKILL');
  for (const made of homes.splice(0)) made.cleanup();
});
function tempHome(): string {
  const made = makeTempHome('arbdesk-audit-cli-');
  homes.push(made);
  return made.dir;
}

describe('arbdesk audit and records', () => {
  it('lists with filters, exports JSONL, writes a records export the standalone verifier accepts, and a deliberate restore still verifies', async () => {
    const home = tempHome();
    expect((await arbdesk(home, ['halt', '--reason', 'first'])).status).toBe(0);
    // `halt` touches only the trading database; any research command creates the research one.
    expect((await arbdesk(home, ['data', 'list'])).status).toBe(0);
    const backup = path.join(home, 'b.sqlite');
    expect((await arbdesk(home, ['db', 'backup', backup])).status).toBe(0);
    expect((await arbdesk(home, ['halt', '--pair', 'KO/PEP', '--reason', 'after the backup'])).status).toBe(0);

    const listed = await arbdesk(home, ['audit', 'list', '--action', 'trading.halt', '--subject', 'pair:*']);
    expect(listed.stdout.trim().split('\n')).toEqual([expect.stringMatching(/trading\.halt pair:KO\/PEP — after the backup$/)]);
    const since = await arbdesk(home, ['audit', 'list', '--since', '2999-01-01']);
    expect(since.stdout).toBe('');
    expect((await arbdesk(home, ['audit', 'list', '--since', 'soon'])).status).toBe(2);

    const jsonl = path.join(home, 'audit.jsonl');
    expect((await arbdesk(home, ['audit', 'export', '--out', jsonl])).status).toBe(0);
    const rows = readFileSync(jsonl, 'utf8').trim().split('\n').map((line) => JSON.parse(line) as { time: string; actor: string; surface: string });
    expect(rows.length).toBeGreaterThan(3);
    expect(rows[0]?.time).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);

    const records = path.join(home, 'records.jsonl');
    const exported = await arbdesk(home, ['records', 'export', '--out', records]);
    expect(exported.status).toBe(0);
    const verifier = spawnSync(process.execPath, ['scripts/verify-records.mjs', records], { encoding: 'utf8' });
    expect(verifier.stdout).toMatch(/^OK: \d+ entries/);
    expect(verifier.status).toBe(0);

    const restored = await arbdesk(home, ['db', 'restore', backup, '--accept-audit-rewind']);
    expect(restored.status, restored.stderr).toBe(0);
    const verified = await arbdesk(home, ['audit', 'verify']);
    expect(verified.stdout).toMatch(/audit log: OK/);
    expect(verified.status).toBe(0);
    expect((await arbdesk(home, ['audit', 'list', '--limit', '2'])).stdout).toMatch(/db\.restore[\s\S]*audit\.rewind/);
  });

  it('the standalone verifier applies the same hash rule as ArbDesk to adopted version-1 rows and new version-2 rows', async () => {
    const home = tempHome();
    const legacy = writeLegacyResearchStore(home, null);
    const core = await startCore(home);
    await core.dispose();
    expect((await arbdesk(home, ['halt', '--reason', 'a version-2 row'])).status).toBe(0);
    const records = path.join(home, 'records.jsonl');
    expect((await arbdesk(home, ['records', 'export', '--out', records])).status).toBe(0);
    const lines = readFileSync(records, 'utf8').trim().split('\n').slice(1).map((line) => JSON.parse(line) as { hash_version: number; hash: string });
    expect(lines.slice(0, legacy.length).map((row) => [row.hash_version, row.hash])).toEqual(legacy.map((row) => [1, row.hash]));
    expect(lines.at(-1)?.hash_version).toBe(2);
    const verifier = spawnSync(process.execPath, ['scripts/verify-records.mjs', records], { encoding: 'utf8' });
    expect(verifier.stdout).toMatch(/^OK: /);
    expect(verifier.status).toBe(0);
  });

  it('documents its commands in --help', async () => {
    const home = tempHome();
    for (const args of [['halt', '--help'], ['audit', 'verify', '--help'], ['audit', 'list', '--help'], ['records', 'export', '--help'], ['config', 'set', '--help']]) {
      const result = await arbdesk(home, args);
      expect(result.status, args.join(' ')).toBe(0);
      expect(result.stdout).toMatch(/Usage: arbdesk/);
    }
  });

  it('refuses a restore while an instance runs', async () => {
    const home = tempHome();
    expect((await arbdesk(home, ['data', 'list'])).status).toBe(0);
    expect((await arbdesk(home, ['db', 'backup', path.join(home, 'b.sqlite')])).status).toBe(0);
    const instance = startAppCoreChild(home);
    children.push(instance);
    await instance.line('ready ');
    const refused = await arbdesk(home, ['db', 'restore', path.join(home, 'b.sqlite')]);
    expect(refused.stderr).toMatch(/is running .*quit it before restoring/);
    expect(refused.status).toBe(73);
    instance.child.stdin?.write('dispose\n');
    await instance.exit;
  });

  it('audit verify exits 65 at the first broken entry', async () => {
    const home = tempHome();
    expect((await arbdesk(home, ['halt'])).status).toBe(0);
    const Database = (await import('better-sqlite3')).default;
    const db = new Database(path.join(home, 'trading.sqlite'));
    db.exec("DROP TRIGGER audit_log_no_update; UPDATE audit_log SET actor = 'mallory' WHERE id = 1");
    db.close();
    const verified = await arbdesk(home, ['audit', 'verify']);
    expect(verified.stdout).toMatch(/BROKEN at entry 1: .*modified/);
    expect(verified.status).toBe(65);
  });
});
