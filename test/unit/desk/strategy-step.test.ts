import { describe, expect, it } from 'vitest';
import { closingLegs, strategyStep, type StepInput } from '../../../src/main/desk/core/strategy-step';
import type { PairLegRequest } from '../../../src/main/engine/order-manager';
import type { EntryDecision, PairStrategy, StrategyInput, StrategyOutput } from '../../../src/main/engine/strategy';

/** A strategy that answers what it is told and remembers what it saw. */
class ScriptedStrategy implements PairStrategy {
  readonly kind = 'scripted';
  readonly warmup = 1;
  readonly seen: StrategyInput[] = [];
  constructor(private readonly answer: StrategyOutput) {}
  decide(input: StrategyInput): StrategyOutput {
    this.seen.push(input);
    return this.answer;
  }
}

const entry: EntryDecision = { kind: 'enter', direction: 'short', z: 2.1, alpha: 0, beta: 1, halfLife: 7, spreadVolatility: 0.01, spreadStd: 0.02 };
const leg = (symbol: string, valid: number[]) => ({ symbol, valid: Uint8Array.from(valid), logClose: Float64Array.from(valid.map((_, i) => Math.log(10 + i))) });
const flat = { side: 'flat', barsHeld: 0, entryHalfLife: Number.POSITIVE_INFINITY, pnlReturn: 0, peakPnlReturn: 0 } as const;
const sized: PairLegRequest[] = [
  { leg: 'y', symbol: 'KO', side: 'SELL_SHORT', quantity: 10 },
  { leg: 'x', symbol: 'PEP', side: 'BUY', quantity: 4 },
];

function input(strategy: PairStrategy, change: Partial<StepInput> = {}): StepInput {
  return {
    day: 105,
    next: 106,
    fromDay: 100,
    toDay: 120,
    index: 3,
    y: leg('KO', [1, 1, 1, 1, 1]),
    x: leg('PEP', [1, 1, 1, 1, 1]),
    strategy,
    position: flat,
    quantities: { y: 0, x: 0 },
    ordersWorking: false,
    sizeEntry: () => sized,
    ...change,
  };
}

describe('the desk strategy step (the backtester day loop, one pair at one close)', () => {
  it('hands the strategy only the history up to the close', () => {
    const strategy = new ScriptedStrategy(entry);
    const outcome = strategyStep(input(strategy));
    expect(outcome).toEqual({ kind: 'enter', reason: 'entry_short', legs: sized, halfLife: 7, z: 2.1 });
    expect(strategy.seen.map((seen) => [seen.day, seen.logY.length, seen.logX.length])).toEqual([[105, 4, 4]]);
    expect(strategy.seen[0]?.logY[3]).toBe(Math.log(13));
  });

  it('gives each no-decision its reason, in the backtester’s order, before asking the strategy', () => {
    const strategy = new ScriptedStrategy(entry);
    expect(strategyStep(input(strategy, { day: 99 }))).toMatchObject({ kind: 'none', reason: 'warmup' });
    expect(strategyStep(input(strategy, { next: null }))).toMatchObject({ kind: 'none', reason: 'last_day' });
    expect(strategyStep(input(strategy, { day: 120 }))).toMatchObject({ kind: 'none', reason: 'last_day' });
    expect(strategyStep(input(strategy, { ordersWorking: true }))).toMatchObject({ kind: 'none', reason: 'orders_working' });
    expect(strategyStep(input(strategy, { index: -1 }))).toMatchObject({ kind: 'none', reason: 'no_bar' });
    expect(strategyStep(input(strategy, { x: leg('PEP', [1, 1, 1, 0, 1]) }))).toEqual({ kind: 'none', reason: 'leg_missing', z: null, detail: 'PEP' });
    expect(strategy.seen).toEqual([]);
    expect(strategyStep(input(strategy, { sizeEntry: () => undefined }))).toMatchObject({ kind: 'none', reason: 'size_zero', z: 2.1 });
    expect(strategyStep(input(new ScriptedStrategy({ kind: 'none', reason: 'in_band', z: 0.4 })))).toEqual({ kind: 'none', reason: 'in_band', z: 0.4, detail: null });
  });

  it('closes both books on an exit, and has nothing to send for a flat pair', () => {
    const exit = new ScriptedStrategy({ kind: 'exit', reason: 'stop', z: 4.2 });
    expect(strategyStep(input(exit, { quantities: { y: -10, x: 4 } }))).toEqual({
      kind: 'exit',
      reason: 'stop',
      z: 4.2,
      legs: [
        { leg: 'y', symbol: 'KO', side: 'BUY_TO_COVER', quantity: 10 },
        { leg: 'x', symbol: 'PEP', side: 'SELL', quantity: 4 },
      ],
    });
    expect(strategyStep(input(exit))).toMatchObject({ kind: 'none', reason: 'nothing_to_close' });
    expect(closingLegs('KO', 'PEP', { y: 5, x: 0 })).toEqual([{ leg: 'y', symbol: 'KO', side: 'SELL', quantity: 5 }]);
  });
});
