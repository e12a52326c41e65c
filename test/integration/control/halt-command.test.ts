import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createAuditService } from '../../../src/main/audit/audit.service';
import { haltInDatabase } from '../../../src/main/control/halt-control';
import { openTestStore, silentLogger } from '../store/store-test-kit';
import { tradingMigrations } from '../../../src/main/store/trading-migrations';
import { makeTempHome } from '../../helpers/temp-home';
import { readAuditActions, readPersistedState, startCore } from '../trading/trading-test-kit';
import { arbdesk, startAppCoreChild, startHungInstance, type RunningChild } from './control-kit';
import { expectAppError } from '../store/store-test-kit';

const children: RunningChild[] = [];
const homes: Array<{ cleanup: () => void }> = [];
afterEach(() => {
  for (const running of children.splice(0)) if (running.child.exitCode === null && running.child.signalCode === null) running.child.kill('SIGKILL');
  for (const made of homes.splice(0)) made.cleanup();
});

function tempHome(): string {
  const made = makeTempHome('arbdesk-halt-');
  homes.push(made);
  return made.dir;
}

function globalState(home: string): { status: string; reason: string | null; actor: string } | undefined {
  return readPersistedState(path.join(home, 'trading.sqlite')).find((state) => state.scope === 'global');
}

describe('arbdesk halt', () => {
  it('reaches the running instance over the control channel and exits 0 once HALTED is persisted', async () => {
    const home = tempHome();
    const instance = startAppCoreChild(home);
    children.push(instance);
    await instance.line('ready ');

    const result = await arbdesk(home, ['halt', '--reason', 'from the terminal']);
    expect(result.stderr).toBe('');
    expect(result.stdout).toContain('HALTED global: persisted by the running instance');
    expect(result.status).toBe(0);
    expect(globalState(home)).toMatchObject({ status: 'HALTED', reason: 'from the terminal', actor: 'user:cli' });
    expect(readAuditActions(path.join(home, 'trading.sqlite'))).toEqual(expect.arrayContaining(['trading.halt', 'trading.halt-requested']));

    instance.child.stdin?.write('dispose\n');
    expect((await instance.exit).code).toBe(0);
  });

  it('--flatten --yes halts, then exits 69 when the instance has no broker to flatten with (backtest profile); again on an already halted instance', async () => {
    const home = tempHome();
    // The paper profile's desk flattens (test/integration/desk); the backtest profile wires no broker.
    const instance = startAppCoreChild(home, { ARBDESK_PROFILE: 'backtest' });
    children.push(instance);
    await instance.line('ready ');

    const first = await arbdesk(home, ['halt', '--flatten', '--yes']);
    expect(first.stdout).toContain('Not flattened: cannot flatten: no broker is wired in this profile');
    expect(first.status).toBe(69);
    expect(globalState(home)?.status).toBe('HALTED');

    // Already halted: the flatten is still attempted (and still cannot happen).
    const second = await arbdesk(home, ['halt', '--flatten', '--yes']);
    expect(second.stdout).toContain('(it already was)');
    expect(second.stdout).toContain('cannot flatten');
    expect(second.status).toBe(69);
    expect(readAuditActions(path.join(home, 'trading.sqlite')).filter((action) => action === 'trading.halt-requested')).toHaveLength(2);
    instance.child.stdin?.write('dispose\n');
    await instance.exit;
  });

  it('--flatten without --yes off a terminal exits 2 and does nothing', async () => {
    const home = tempHome();
    const result = await arbdesk(home, ['halt', '--flatten']);
    expect(result.stderr).toContain('pass --yes');
    expect(result.status).toBe(2);
    expect(existsSync(path.join(home, 'trading.sqlite'))).toBe(false);
  });

  it('writes HALTED to the trading database itself when the instance does not answer within 1 s', async () => {
    const home = tempHome();
    const hung = startHungInstance(home);
    children.push(hung);
    await hung.line('ready');

    const result = await arbdesk(home, ['halt', '--reason', 'instance hung']);
    expect(result.stderr).toContain('did not answer within 1 s');
    expect(result.stdout).toContain('persisted by this command');
    expect(result.status).toBe(0);
    expect(globalState(home)).toMatchObject({ status: 'HALTED', reason: 'instance hung', actor: 'user:cli' });
  });

  it('with no instance running creates the store and marks it halted (one pair here)', async () => {
    const home = tempHome();
    const result = await arbdesk(home, ['halt', '--pair', 'KO/PEP']);
    expect(result.stderr).toContain('no ArbDesk instance is running');
    expect(result.status).toBe(0);
    const states = readPersistedState(path.join(home, 'trading.sqlite'));
    expect(states.find((state) => state.scope === 'pair:KO/PEP')).toMatchObject({ status: 'HALTED' });
    expect(states.find((state) => state.scope === 'global')).toMatchObject({ status: 'ACTIVE' });
    // Only the trading database is involved: the research store is neither created nor checked.
    expect(existsSync(path.join(home, 'arbdesk.sqlite'))).toBe(false);
    // The entries it wrote fit their schemas and chain: verify passes.
    const verify = await arbdesk(home, ['audit', 'verify']);
    expect(verify.stdout).toMatch(/audit log: OK/);
    expect(verify.status).toBe(0);
  });

  it('with no instance, --flatten --yes still halts and exits 69', async () => {
    const home = tempHome();
    const result = await arbdesk(home, ['halt', '--flatten', '--yes']);
    expect(result.status).toBe(69);
    expect(globalState(home)?.status).toBe('HALTED');
  });

  it('refuses a malformed pair with a usage error', async () => {
    const result = await arbdesk(tempHome(), ['halt', '--pair', 'KO']);
    expect(result.stderr).toMatch(/--pair/);
    expect(result.status).toBe(2);
  });
});

describe('a hung instance still stops sending', () => {
  it('re-reads the persisted state before every dispatch and adopts a HALTED written by another process', async () => {
    const home = tempHome();
    const core = await startCore(home);
    try {
      expect(() => core.killSwitch.assertCanTrade('order.submit')).not.toThrow();
      // What the CLI's fallback does, on its own connection.
      const other = openTestStore(core.paths.tradingDbFile, tradingMigrations);
      try {
        const reply = await haltInDatabase({
          tradingDb: other.db,
          audit: createAuditService(other.db),
          logger: silentLogger,
          profile: 'paper',
          request: { op: 'halt', scope: 'global', reason: 'written beside a hung instance', flatten: false, actor: 'user:cli' },
        });
        expect(reply).toMatchObject({ persisted: true });
      } finally {
        other.close();
      }
      const refused = expectAppError(() => core.killSwitch.assertCanTrade('order.submit'), 'TRADING_HALTED');
      expect(refused.message).toContain('written beside a hung instance');
      expect(core.killSwitch.current().global).toMatchObject({ status: 'HALTED', actor: 'user:cli' });
    } finally {
      await core.dispose();
    }
  });
});
