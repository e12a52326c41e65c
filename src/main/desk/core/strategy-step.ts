import type { EpochDay } from '../../core/time/epoch-day';
import type { PairLegRequest } from '../../engine/order-manager';
import type { EntryDecision, PairPositionView, PairStrategy } from '../../engine/strategy';

/**
 * One pair's decision at one session close on the desk, pure. It follows the backtester's
 * day loop (backtest-runner.ts, step 7) check for check, in its order, so a replayed session
 * and the backtest of the same config decide alike:
 *   warm-up before `from` → last day (`to`, or no next session) → orders still working →
 *   a leg without a valid bar → the strategy → exit legs from the books, or entry legs sized
 *   by the injected `sizeEntry` (the runner passes the backtester's own `entryLegs`: same
 *   sizing, lots and limit offsets).
 * The runner aligns the columns with `toDay` = the close, so a bar after it cannot be seen.
 */

export type StepOutcome =
  | { readonly kind: 'enter'; readonly reason: string; readonly legs: readonly PairLegRequest[]; readonly halfLife: number; readonly z: number }
  | { readonly kind: 'exit'; readonly reason: string; readonly legs: readonly PairLegRequest[]; readonly z: number }
  | { readonly kind: 'none'; readonly reason: string; readonly z: number | null; readonly detail: string | null };

/** One leg's aligned columns up to the close (the backtester's SymbolColumns fit). */
export interface StepLeg {
  readonly symbol: string;
  /** 1 where the bar is valid (known or within the forward-fill gap). */
  readonly valid: ArrayLike<number>;
  readonly logClose: Float64Array;
}

export interface StepInput {
  readonly day: EpochDay;
  /** The next session, or null when the replay has none (the backtester's last day). */
  readonly next: EpochDay | null;
  /** The config's window: decisions from `fromDay`, none on `toDay` (its last day). */
  readonly fromDay: EpochDay;
  readonly toDay: EpochDay;
  /** Index of the close in the legs' columns, or -1 when no symbol of the config has a bar that day. */
  readonly index: number;
  readonly y: StepLeg;
  readonly x: StepLeg;
  readonly strategy: PairStrategy;
  readonly position: PairPositionView;
  /** The pair's signed shares per leg now. */
  readonly quantities: { readonly y: number; readonly x: number };
  readonly ordersWorking: boolean;
  /** The entry's legs sized at this close (the backtester's entryLegs), undefined when they size to zero. */
  readonly sizeEntry: (decision: EntryDecision) => readonly PairLegRequest[] | undefined;
}

export function strategyStep(input: StepInput): StepOutcome {
  const { day, y, x } = input;
  const none = (reason: string, detail: string | null = null, z: number | null = null): StepOutcome => ({ kind: 'none', reason, z, detail });
  if (day < input.fromDay) return none('warmup');
  if (input.next === null || day >= input.toDay) return none('last_day');
  if (input.ordersWorking) return none('orders_working');
  const i = input.index;
  if (i < 0) return none('no_bar', `no bar of the config's symbols at this close`);
  if (y.valid[i] !== 1 || x.valid[i] !== 1) return none('leg_missing', y.valid[i] !== 1 ? y.symbol : x.symbol);
  // Subarrays ending at the close: the strategy cannot read past it.
  const output = input.strategy.decide({ day, logY: y.logClose.subarray(0, i + 1), logX: x.logClose.subarray(0, i + 1), position: input.position });
  switch (output.kind) {
    case 'none':
      return none(output.reason, null, output.z ?? null);
    case 'exit': {
      const legs = closingLegs(y.symbol, x.symbol, input.quantities);
      return legs.length === 0 ? none('nothing_to_close', 'the strategy exits but the pair holds no shares', output.z) : { kind: 'exit', reason: output.reason, legs, z: output.z };
    }
    case 'enter': {
      const legs = input.sizeEntry(output);
      if (legs === undefined) return none('size_zero', null, output.z);
      return { kind: 'enter', reason: `entry_${output.direction}`, legs, halfLife: output.halfLife, z: output.z };
    }
    default: {
      const unhandled: never = output;
      return none('unknown', JSON.stringify(unhandled));
    }
  }
}

/** The legs that close the pair's books (the backtester's closeLegs). */
export function closingLegs(symbolY: string, symbolX: string, quantities: { readonly y: number; readonly x: number }): PairLegRequest[] {
  const legs: PairLegRequest[] = [];
  for (const [leg, symbol, quantity] of [['y', symbolY, quantities.y], ['x', symbolX, quantities.x]] as const) {
    if (quantity > 0) legs.push({ leg, symbol, side: 'SELL', quantity });
    if (quantity < 0) legs.push({ leg, symbol, side: 'BUY_TO_COVER', quantity: -quantity });
  }
  return legs;
}
