import { describe, expect, it } from 'vitest';
import { createLogTail, toLogEntry } from '../../../src/main/logging/log-tail';
import type { LogEntry } from '../../../src/shared/domain/logs';

const write = (tail: ReturnType<typeof createLogTail>, level: string, msg: string, extra: Record<string, unknown> = {}): void =>
  tail.write(`${JSON.stringify({ level, time: 1000, pid: 1, module: 'm', msg, ...extra })}\n`);

describe('log tail', () => {
  it('keeps the newest entries up to capacity, newest last', () => {
    const tail = createLogTail(3);
    for (const msg of ['a', 'b', 'c', 'd', 'e']) write(tail, 'info', msg);
    expect(tail.recent().map((entry) => entry.msg)).toEqual(['c', 'd', 'e']);
    expect(tail.recent({ limit: 2 }).map((entry) => entry.msg)).toEqual(['d', 'e']);
  });

  it('filters by minimum level before applying the limit', () => {
    const tail = createLogTail(10);
    write(tail, 'debug', 'd1');
    write(tail, 'warn', 'w1');
    write(tail, 'info', 'i1');
    write(tail, 'error', 'e1');
    write(tail, 'debug', 'd2');
    expect(tail.recent({ minLevel: 'warn' }).map((entry) => entry.msg)).toEqual(['w1', 'e1']);
    expect(tail.recent({ minLevel: 'info', limit: 2 }).map((entry) => entry.msg)).toEqual(['i1', 'e1']);
  });

  it('pushes to subscribers at their level until they unsubscribe, isolating a throwing one', () => {
    const errors: unknown[] = [];
    const tail = createLogTail(10, (error) => errors.push(error));
    const seen: LogEntry[] = [];
    tail.subscribe(() => {
      throw new Error('faulty subscriber');
    });
    const unsubscribe = tail.subscribe((entry) => seen.push(entry), { minLevel: 'info' });
    write(tail, 'debug', 'hidden');
    write(tail, 'info', 'shown', { correlationId: 'c1', orderId: 7 });
    unsubscribe();
    write(tail, 'info', 'after');
    expect(seen).toEqual([{ time: 1000, level: 'info', module: 'm', msg: 'shown', correlationId: 'c1', fields: { orderId: 7 } }]);
    expect(errors).toHaveLength(3);
  });

  it('keeps entries logged by a listener but does not push them again, so a logging listener cannot loop', () => {
    const tail = createLogTail(10);
    const pushed: string[] = [];
    tail.subscribe((entry) => {
      pushed.push(entry.msg);
      write(tail, 'info', `published ${entry.msg}`);
    });
    write(tail, 'info', 'first');
    write(tail, 'info', 'second');
    expect(pushed).toEqual(['first', 'second']);
    expect(tail.recent().map((entry) => entry.msg)).toEqual(['first', 'published first', 'second', 'published second']);
  });

  it('drops lines that are not pino entries', () => {
    expect(toLogEntry('not json')).toBeUndefined();
    expect(toLogEntry('{"level":30,"time":1}')).toBeUndefined();
    expect(toLogEntry('{"level":"info","time":5,"msg":"x"}')).toEqual({ time: 5, level: 'info', module: 'app', msg: 'x' });
  });

  it('refuses a nonsensical capacity', () => {
    expect(() => createLogTail(0)).toThrow(RangeError);
  });
});
