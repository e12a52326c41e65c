import { describe, expect, expectTypeOf, it } from 'vitest';
import { EventBus, type PublishedEvent } from '../../../src/main/events/event-bus';
import type { TradingState } from '../../../src/shared/domain/trading';
import type { JobProgress } from '../../../src/shared/domain/jobs';
import { createMemoryLogger } from '../electron/fake-electron';
import { tradingStateWith } from '../../helpers/trading-state';

const running: TradingState = tradingStateWith({ revision: 1 });
const halted: TradingState = tradingStateWith({ status: 'HALTED', reason: 'test', since: 5, revision: 2 });

describe('EventBus: typed subscriptions', () => {
  it('hands each listener its own event payload type', () => {
    const bus = new EventBus();
    bus.subscribe('trading:state', (payload) => {
      expectTypeOf(payload).toEqualTypeOf<TradingState>();
    });
    bus.subscribe('job:progress', (payload) => {
      expectTypeOf(payload).toEqualTypeOf<JobProgress>();
    });
    expectTypeOf(bus.subscribe<'trading:state'>).parameter(1).parameter(0).toEqualTypeOf<TradingState>();
    expectTypeOf(bus.subscribe('alert', () => undefined)).toEqualTypeOf<() => void>();
    // @ts-expect-error a trading-state payload is not a job's progress
    bus.publish('job:progress', running);
    // @ts-expect-error there is no such event in the contract
    bus.subscribe('no:such-event', () => undefined);
  });

  it('delivers only the subscribed event, and stops after unsubscribe', () => {
    const bus = new EventBus();
    const states: TradingState[] = [];
    const unsubscribe = bus.subscribe('trading:state', (payload) => states.push(payload));
    bus.publish('alert', { id: 'a', time: 1, severity: 'info', title: 't', message: 'm' });
    bus.publish('trading:state', running);
    unsubscribe();
    bus.publish('trading:state', halted);
    expect(states).toEqual([running]);
    expect(bus.listenerCount).toBe(0);
  });

  it('gives subscribe-all listeners every event with its name, unparsed', () => {
    const bus = new EventBus();
    const seen: PublishedEvent[] = [];
    const unsubscribe = bus.subscribeAll((published) => seen.push(published));
    bus.publish('trading:state', running);
    bus.publish('alert', { id: 'a', time: 1, severity: 'info', title: 't', message: 'm' });
    unsubscribe();
    bus.publish('trading:state', halted);
    expect(seen.map((published) => published.event)).toEqual(['trading:state', 'alert']);
    // No zod parse on publish: the very object published is what listeners get.
    expect(seen[0]?.payload).toBe(running);
  });
});

describe('EventBus: a throwing listener is isolated', () => {
  it('still runs the other listeners (typed and subscribe-all), logs and counts the failure', () => {
    const memory = createMemoryLogger();
    const failures: Array<[string, unknown]> = [];
    const bus = new EventBus({ logger: memory.logger, onListenerError: (event, error) => failures.push([event, error]) });
    const before: TradingState[] = [];
    const after: TradingState[] = [];
    const all: string[] = [];
    bus.subscribe('trading:state', (payload) => before.push(payload));
    bus.subscribe('trading:state', () => {
      throw new Error('listener bug');
    });
    bus.subscribe('trading:state', (payload) => after.push(payload));
    bus.subscribeAll(() => {
      throw new Error('transport bug');
    });
    bus.subscribeAll((published) => all.push(published.event));

    expect(() => bus.publish('trading:state', halted)).not.toThrow();
    expect(before).toEqual([halted]);
    expect(after).toEqual([halted]);
    expect(all).toEqual(['trading:state']);
    expect(failures.map(([event, error]) => [event, (error as Error).message])).toEqual([
      ['trading:state', 'listener bug'],
      ['trading:state', 'transport bug'],
    ]);
    const logged = memory.lines().filter((line) => line['msg'] === 'an event listener threw; the other listeners and the publisher carried on');
    expect(logged).toHaveLength(2);
    expect(logged[0]?.['event']).toBe('trading:state');
  });

  it('never stops the publisher: a halt that publishes first still persists', () => {
    const bus = new EventBus({ logger: createMemoryLogger().logger });
    bus.subscribe('trading:state', () => {
      throw new Error('a broken UI bridge');
    });
    const persisted: TradingState[] = [];
    // The kill switch's order: flip in memory, publish, then persist.
    function halt(): void {
      bus.publish('trading:state', halted);
      persisted.push(halted);
    }
    halt();
    expect(persisted).toEqual([halted]);
  });

  it('does not recurse when a log:entry listener throws while the failure is being logged', () => {
    const failures: string[] = [];
    // A logger whose every line is published as log:entry, like the app's log tail.
    const holder: { bus?: EventBus } = {};
    const memory = createMemoryLogger();
    const logger = new Proxy(memory.logger, {
      get(target, property, receiver) {
        if (property !== 'error') return Reflect.get(target, property, receiver) as unknown;
        return (...args: Parameters<typeof target.error>) => {
          target.error(...args);
          holder.bus?.publish('log:entry', { time: 1, level: 'error', module: 'events', msg: 'x' });
        };
      },
    });
    const bus = new EventBus({ logger, onListenerError: (event) => failures.push(event) });
    holder.bus = bus;
    bus.subscribe('log:entry', () => {
      throw new Error('log listener bug');
    });
    expect(() => bus.publish('log:entry', { time: 1, level: 'error', module: 'events', msg: 'first' })).not.toThrow();
    expect(failures).toEqual(['log:entry', 'log:entry']);
  });
});
