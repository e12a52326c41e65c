import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import type { TradingState } from '../../../src/shared/domain/trading';
import { makeTempHome } from '../../helpers/temp-home';
import { readAuditActions, readPersistedState, startCore } from './trading-test-kit';

const fixture = fileURLToPath(new URL('../../fixtures/trading/run-app-core.ts', import.meta.url));
const children: ChildProcess[] = [];
const homes: Array<{ cleanup: () => void }> = [];

afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  for (const made of homes.splice(0)) made.cleanup();
});

/** Starts the app core in a child process and resolves with the state it printed when ready. */
function startChild(home: string): { child: ChildProcess; ready: Promise<TradingState>; line(expected: string): Promise<void>; exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }> } {
  const child = spawn(process.execPath, ['--import', 'tsx', fixture, home], { stdio: ['pipe', 'pipe', 'pipe'] });
  children.push(child);
  let out = '';
  let err = '';
  const waiters: Array<() => void> = [];
  child.stdout?.on('data', (chunk: Buffer) => {
    out += chunk.toString();
    for (const wake of waiters.splice(0)) wake();
  });
  child.stderr?.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  const waitFor = (test: (text: string) => string | null): Promise<string> =>
    new Promise((resolve, reject) => {
      const check = (): void => {
        const found = test(out);
        if (found !== null) resolve(found);
        else waiters.push(check);
      };
      void exit.then(({ code, signal }) => reject(new Error(`child exited (${String(code)}, ${String(signal)}) early:\n${out}\n${err}`)));
      check();
    });
  const ready = waitFor((text) => /^ready (.*)$/m.exec(text)?.[1] ?? null).then((json) => JSON.parse(json) as TradingState);
  return { child, ready, exit, line: (expected) => waitFor((text) => (text.split('\n').includes(expected) ? expected : null)).then(() => undefined) };
}

function tempHome(): string {
  const made = makeTempHome('arbdesk-startup-');
  homes.push(made);
  return made.dir;
}

describe('the startup rule', () => {
  it('comes up HALTED with an unclean-shutdown reason after the app was SIGKILLed', async () => {
    const home = tempHome();
    const first = startChild(home);
    expect((await first.ready).global.status).toBe('ACTIVE');
    first.child.kill('SIGKILL');
    expect((await first.exit).signal).toBe('SIGKILL');

    const core = await startCore(home);
    try {
      const global = core.killSwitch.current().global;
      expect(global).toMatchObject({ status: 'HALTED', actor: 'system' });
      expect(global.reason).toMatch(/^Unclean shutdown: the session started .* \(pid \d+\) did not shut down cleanly/);
      expect(global.reason).toContain(`pid ${String(first.child.pid)}`);
      expect(readPersistedState(core.paths.tradingDbFile)[0]).toMatchObject({ status: 'HALTED', reason: global.reason });
      expect(readAuditActions(core.paths.tradingDbFile)).toContain('trading.halt');
      // Resuming is still the deliberate path, and a clean restart then stays ACTIVE.
      core.killSwitch.resume('checked the broker after the crash', 'test');
    } finally {
      await core.dispose();
    }
    const after = await startCore(home);
    try {
      expect(after.killSwitch.current().global.status).toBe('ACTIVE');
    } finally {
      await after.dispose();
    }
  });

  it('keeps ACTIVE across a clean shutdown, and keeps a halt across one too', async () => {
    const home = tempHome();
    const first = startChild(home);
    expect((await first.ready).global.status).toBe('ACTIVE');
    first.child.stdin?.write('dispose\n');
    expect((await first.exit).code).toBe(0);

    const second = startChild(home);
    expect((await second.ready).global).toMatchObject({ status: 'ACTIVE' });
    second.child.stdin?.write('halt desk closed for the day\n');
    await second.line('halted');
    second.child.stdin?.write('dispose\n');
    expect((await second.exit).code).toBe(0);

    const third = startChild(home);
    expect((await third.ready).global).toMatchObject({ status: 'HALTED', reason: 'desk closed for the day', actor: 'test' });
    third.child.stdin?.write('dispose\n');
    expect((await third.exit).code).toBe(0);
  });
});
