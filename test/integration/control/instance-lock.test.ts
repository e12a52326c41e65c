import { spawnSync } from 'node:child_process';
import { statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { isAppError } from '../../../src/shared/ipc/errors';
import { makeTempHome } from '../../helpers/temp-home';
import { readAuditActions, startCore } from '../trading/trading-test-kit';
import { arbdesk, startAppCoreChild, startHungInstance, startServeChild, type RunningChild } from './control-kit';

const children: RunningChild[] = [];
const homes: Array<{ cleanup: () => void }> = [];
afterEach(() => {
  for (const running of children.splice(0)) if (running.child.exitCode === null && running.child.signalCode === null) running.child.kill('SIGKILL');
  for (const made of homes.splice(0)) made.cleanup();
});

function tempHome(): string {
  const made = makeTempHome('arbdesk-lock-');
  homes.push(made);
  return made.dir;
}

describe('one trading instance per data directory', () => {
  it('a second `arbdesk serve` starts no engine, points to the first one\'s URL and exits 0; research commands still run beside it', async () => {
    const home = tempHome();
    const first = startServeChild(home);
    children.push(first);
    const urlLine = await first.line('ArbDesk is running in browser mode at ');
    const url = urlLine.slice('ArbDesk is running in browser mode at '.length).trim();

    // The control channel is owner-only.
    expect(statSync(path.join(home, 'control.sock')).mode & 0o777).toBe(0o600);
    expect(statSync(path.join(home, 'instance.lock')).mode & 0o777).toBe(0o600);

    const second = await arbdesk(home, ['serve', '--no-open', '--port', '0']);
    expect(second.stdout).toContain(`ArbDesk is already running on ${home} at ${url}`);
    expect(second.stdout).toContain('No second trading engine was started');
    expect(second.status).toBe(0);
    // It began no session of its own: the only session row is the first instance's.
    const sessions = spawnSync(process.execPath, ['-e', `const D=require('better-sqlite3');const d=new D(process.argv[1],{readonly:true});console.log(d.prepare('SELECT count(*) n FROM sessions').get().n)`, path.join(home, 'trading.sqlite')], { encoding: 'utf8' });
    expect(sessions.stdout.trim()).toBe('1');

    const check = await arbdesk(home, ['db', 'check']);
    expect(check.status, check.stderr).toBe(0);

    first.child.kill('SIGTERM');
    expect((await first.exit).code).toBe(0);
  });

  it('an in-process start on a held directory is refused with CONFLICT naming the running instance', async () => {
    const home = tempHome();
    const first = startAppCoreChild(home);
    children.push(first);
    await first.line('ready ');
    const error = await startCore(home).then(
      () => null,
      (thrown: unknown) => thrown,
    );
    expect(isAppError(error) && error.code).toBe('CONFLICT');
    expect(isAppError(error) && error.details).toMatchObject({ instanceRunning: true });
    expect((error as Error).message).toContain('already running');
    first.child.stdin?.write('dispose\n');
    await first.exit;
  });

  it('takes over the lock of a SIGKILLed holder, and that start is unclean: it comes up HALTED', async () => {
    const home = tempHome();
    const first = startAppCoreChild(home);
    children.push(first);
    await first.line('ready ');
    first.child.kill('SIGKILL');
    await first.exit;

    const core = await startCore(home);
    try {
      expect(core.killSwitch.current().global).toMatchObject({ status: 'HALTED', actor: 'system', reason: expect.stringContaining('Unclean shutdown') });
      expect(readAuditActions(core.paths.tradingDbFile)).toEqual(expect.arrayContaining(['instance.takeover', 'trading.halt']));
    } finally {
      await core.dispose();
    }
    // A clean shutdown released the lock: the next start is clean and keeps the halt without a new takeover.
    const again = await startCore(home);
    try {
      expect(readAuditActions(again.paths.tradingDbFile).filter((action) => action === 'instance.takeover')).toHaveLength(1);
    } finally {
      await again.dispose();
    }
  });

  it('a stale lock alone (the holder died before writing its session) still halts the start', async () => {
    const home = tempHome();
    // Create the store cleanly first, so the only unclean trace is the lock.
    const core = await startCore(home);
    await core.dispose();
    const gone = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
    const deadPid = Number(gone.stdout);
    writeFileSync(
      path.join(home, 'instance.lock'),
      JSON.stringify({ version: 1, pid: deadPid, startedAt: 1_700_000_000_000, transport: 'browser', endpoint: path.join(home, 'control.sock'), token: 'ab'.repeat(24) }),
      { mode: 0o600 },
    );
    writeFileSync(path.join(home, 'control.sock'), '');

    const after = await startCore(home);
    try {
      expect(after.killSwitch.current().global).toMatchObject({ status: 'HALTED', reason: expect.stringContaining(`instance lock left by pid ${deadPid}`) });
    } finally {
      await after.dispose();
    }
  });
});

describe('a holder that does not answer', () => {
  it('a hung holder (accepts, never answers) gets no second engine and no take-over: serve exits 69 saying so', async () => {
    const home = tempHome();
    const hung = startHungInstance(home);
    children.push(hung);
    await hung.line('ready');
    const second = await arbdesk(home, ['serve', '--no-open', '--port', '0']);
    expect(second.stderr).toMatch(/does not answer on its control channel.*kill \d+/);
    expect(second.status).toBe(69);
  });

  it('a live pid with nothing listening (a reused pid) is reported with the lock file to remove', async () => {
    const home = tempHome();
    // This test process is alive and is not ArbDesk: the lock names it, and no socket exists.
    writeFileSync(
      path.join(home, 'instance.lock'),
      JSON.stringify({ version: 1, pid: process.pid, startedAt: 1, transport: 'browser', endpoint: path.join(home, 'control.sock'), token: 'cd'.repeat(24) }),
      { mode: 0o600 },
    );
    const second = await arbdesk(home, ['serve', '--no-open', '--port', '0']);
    expect(second.stderr).toContain(`delete ${path.join(home, 'instance.lock')} and start again`);
    expect(second.status).toBe(69);
  });
});
