import { EventEmitter } from 'node:events';
import { describe, expect, it, vi } from 'vitest';
import { CRASH_EXIT_CODE, installCrashPolicy } from '../../../src/main/app/crash-policy';
import { createMemoryLogger } from '../electron/fake-electron';

function setup(haltTrading: () => Promise<void>, deadlineMs = 5_000) {
  const events = new EventEmitter();
  const memory = createMemoryLogger();
  const exit = vi.fn((_code: number) => undefined);
  const flushLogs = vi.fn(() => Promise.resolve());
  const uninstall = installCrashPolicy(
    { logger: memory.logger, haltTrading: vi.fn(haltTrading), flushLogs },
    { exit, process: events as unknown as NodeJS.Process, deadlineMs },
  );
  return { events, exit, flushLogs, uninstall, lines: memory.lines };
}

describe('crash policy', () => {
  it('still flushes and exits 70 when persisting the halt fails, and says so', async () => {
    const { events, exit, flushLogs, lines } = setup(() => Promise.reject(new Error('disk I/O error')));
    events.emit('unhandledRejection', new Error('lost promise'));
    await vi.waitFor(() => expect(exit).toHaveBeenCalledWith(CRASH_EXIT_CODE));
    expect(flushLogs).toHaveBeenCalledTimes(1);
    expect(lines().map((line) => line['msg'])).toContain('could not persist the halt after a crash; the next start must be checked by hand');
  });

  it('exits at the deadline when halting hangs, and handles only the first failure', async () => {
    const { events, exit, lines } = setup(() => new Promise(() => undefined), 20);
    events.emit('uncaughtException', new Error('first'));
    events.emit('uncaughtException', new Error('second'));
    await vi.waitFor(() => expect(exit).toHaveBeenCalledWith(CRASH_EXIT_CODE));
    expect(lines().map((line) => line['msg'])).toContain('another uncaught failure while shutting down after a crash');
  });

  it('uninstalls its handlers', () => {
    const { events, uninstall } = setup(() => Promise.resolve());
    expect(events.listenerCount('uncaughtException')).toBe(1);
    uninstall();
    expect(events.listenerCount('uncaughtException')).toBe(0);
    expect(events.listenerCount('unhandledRejection')).toBe(0);
  });
});
