import { afterEach, describe, expect, it } from 'vitest';
import type { BlotterSnapshot } from '../../../src/shared/domain/desk';
import { ScriptedBroker } from '../../helpers/scripted-broker';
import { startDeskHarness, until, type DeskHarness } from '../../helpers/desk-harness';

let harness: DeskHarness | null = null;

afterEach(() => {
  harness?.close();
  harness = null;
});

const PAIRS = 20; // 40 working legs: a halt's burst is 40 cancel confirmations
const INTERVAL = 500; // ms between blotter pushes: a wide one, so a burst spans few of them

/** Pushes possible since `since`: one per whole interval elapsed, plus the leading and trailing one. */
function pushBound(since: number): number {
  return Math.floor((performance.now() - since) / INTERVAL) + 2;
}

function working(snapshot: BlotterSnapshot): number {
  return snapshot.orders.filter((order) => order.status === 'accepted' || order.status === 'submitted').length;
}

function last(h: DeskHarness): BlotterSnapshot {
  const snapshot = h.blotters.at(-1);
  if (snapshot === undefined) throw new Error('no blotter pushed');
  return snapshot;
}

describe('the desk blotter push', () => {
  it('coalesces a burst of order events into a bounded number of pushes whose last one is the final blotter', async () => {
    const broker = new ScriptedBroker();
    broker.setQuote('KO', 50);
    broker.setQuote('PEP', 100);
    const h = startDeskHarness({ broker, blotterPushMs: INTERVAL });
    harness = h;
    const placing = performance.now();
    for (let index = 0; index < PAIRS; index += 1) {
      h.desk.placeForStrategy('burst', 'KO/PEP', 'open', 'test', [
        { leg: 'y', symbol: 'KO', side: 'BUY', quantity: index + 1, limitPrice: 30 },
        { leg: 'x', symbol: 'PEP', side: 'BUY', quantity: index + 1, limitPrice: 60 },
      ]);
    }
    await until(() => h.blotters.length > 0 && working(last(h)) === PAIRS * 2, 'the pushed blotter to show every leg working');
    // 40 submissions and 40 acceptances: at most one push per interval elapsed (plus the first),
    // so the bound holds however slow the machine is, and far fewer than one per event.
    const placed = h.blotters.length;
    expect(placed).toBeLessThanOrEqual(pushBound(placing));
    expect(placed).toBeLessThan(PAIRS * 4);

    const halting = performance.now();
    h.killSwitch.halt('burst', 'user');
    await until(() => h.desk.lastHalt()?.complete === true, 'every cancel confirmed');
    await until(() => working(last(h)) === 0 && last(h).lastHalt?.complete === true, 'the pushed blotter to show the halt complete');
    const halted = h.blotters.length - placed;
    expect(halted).toBeGreaterThanOrEqual(1);
    expect(halted).toBeLessThanOrEqual(pushBound(halting));
    expect(halted).toBeLessThan(PAIRS * 2);
    expect(last(h).orders).toHaveLength(PAIRS * 2);
    expect(last(h).orders.every((order) => order.status === 'cancelled')).toBe(true);
    // Nothing more is pending: the last push is exactly the desk's final blotter.
    await new Promise((resolve) => setTimeout(resolve, INTERVAL + 100));
    expect(h.blotters.length - placed).toBe(halted);
    expect(last(h)).toEqual(h.desk.blotter());
  });

  it('sends a pending push on dispose, so the final state is never lost', async () => {
    const broker = new ScriptedBroker();
    broker.setQuote('KO', 50);
    broker.setQuote('PEP', 100);
    const h = startDeskHarness({ broker, blotterPushMs: 60_000 });
    harness = h;
    h.desk.placeForStrategy('burst', 'KO/PEP', 'open', 'test', [
      { leg: 'y', symbol: 'KO', side: 'BUY', quantity: 1, limitPrice: 30 },
      { leg: 'x', symbol: 'PEP', side: 'BUY', quantity: 1, limitPrice: 60 },
    ]);
    await until(() => h.desk.blotter().orders.filter((order) => order.status === 'accepted').length === 2, 'both legs accepted');
    expect(h.blotters).toHaveLength(0);
    const final = h.desk.blotter();
    h.desk.dispose();
    expect(h.blotters).toHaveLength(1);
    expect(last(h)).toEqual(final);
  });
});
