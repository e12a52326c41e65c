import { AppError } from '../../shared/ipc/errors';
import type { EntryDecision, PairPositionView, StrategyOutput } from './strategy';

/**
 * The band rules every spread strategy shares (z-score, Kalman, and a model strategy that
 * maps its forecast to a z), given today's z (docs/backtest.md):
 *   - flat: short the spread at z ≥ entry, long at z ≤ −entry, unless |z| ≥ stop (entering
 *     beyond the stop would stop out at once: no-decision "beyond_stop");
 *   - long spread: stop at z ≤ −stop, exit at z ≥ −exit (reverted into, or past, the band);
 *   - short spread: stop at z ≥ stop, exit at z ≤ exit.
 *     The stop is always on the losing side of the position: the predecessor's sign bug
 *     (audit 3.3) tested the stop with the wrong sign and turned losers into winners;
 *   - optional P&L stop: exit when the position's P&L since entry is ≤ −pnlStop of its gross
 *     entry notional; optional trailing stop: exit when it has fallen trailingStop below its
 *     best close (once that best is positive). Both use P&L, so they are the same rule for
 *     long and short spreads;
 *   - after any stop (spread, P&L, trailing) there is no re-entry until |z| ≤ exit;
 *   - optional time stop: exit after `timeStopHalfLives` × the entry half-life bars.
 */

export interface BandParams {
  readonly entry: number;
  readonly exit: number;
  readonly stop: number;
  readonly timeStopHalfLives?: number;
  readonly pnlStop?: number;
  readonly trailingStop?: number;
}

/**
 * What the band rules decide. An entry carries only its direction and z: the strategy adds
 * its fit (for sizing), which it computes only then (most bars are in the band or holding).
 */
export type BandEntry = Pick<EntryDecision, 'kind' | 'direction' | 'z'>;
export type BandDecision = Exclude<StrategyOutput, EntryDecision> | BandEntry;

export function validateBandParams(params: BandParams): void {
  const fail = (field: string, message: string): never => {
    throw new AppError('CONFIG_INVALID', `strategy.${field}: ${message}`, { field: `strategy.${field}` });
  };
  if (!(params.exit >= 0)) fail('exit', `must be ≥ 0, got ${params.exit}`);
  if (!(params.entry > params.exit)) fail('entry', `${params.entry} lies inside the exit band ±${params.exit}`);
  if (!(params.stop > params.entry)) fail('stop', `must exceed entry ${params.entry}, got ${params.stop}`);
  if (params.timeStopHalfLives !== undefined && !(params.timeStopHalfLives > 0)) fail('timeStopHalfLives', `must be > 0, got ${params.timeStopHalfLives}`);
  if (params.pnlStop !== undefined && !(params.pnlStop > 0)) fail('pnlStop', `must be > 0, got ${params.pnlStop}`);
  if (params.trailingStop !== undefined && !(params.trailingStop > 0)) fail('trailingStop', `must be > 0, got ${params.trailingStop}`);
}

/** Stateful (the after-stop block): one instance per pair. */
export class BandRules {
  /** Set by a stop; cleared once |z| ≤ exit. */
  private blockedAfterStop = false;

  constructor(private readonly params: BandParams) {
    validateBandParams(params);
  }

  decide(z: number, position: PairPositionView): BandDecision {
    const { entry, exit, stop } = this.params;
    if (this.blockedAfterStop && Math.abs(z) <= exit) this.blockedAfterStop = false;
    switch (position.side) {
      case 'long':
        if (z <= -stop) return this.stopped(z, 'stop');
        return this.pnlStops(position, z) ?? (z >= -exit ? { kind: 'exit', reason: 'exit', z } : this.timeStopOr(position, z));
      case 'short':
        if (z >= stop) return this.stopped(z, 'stop');
        return this.pnlStops(position, z) ?? (z <= exit ? { kind: 'exit', reason: 'exit', z } : this.timeStopOr(position, z));
      case 'flat': {
        if (this.blockedAfterStop) return { kind: 'none', reason: 'cooldown_after_stop', z };
        if (Math.abs(z) < entry) return { kind: 'none', reason: 'in_band', z };
        if (Math.abs(z) >= stop) return { kind: 'none', reason: 'beyond_stop', z };
        return { kind: 'enter', direction: z >= entry ? 'short' : 'long', z };
      }
      default:
        throw new AppError('INTERNAL', `unhandled position side ${String(position.side satisfies never)}`);
    }
  }

  private stopped(z: number, reason: 'stop' | 'pnl_stop' | 'trailing_stop'): BandDecision {
    this.blockedAfterStop = true;
    return { kind: 'exit', reason, z };
  }

  private pnlStops(position: PairPositionView, z: number): BandDecision | undefined {
    const { pnlStop, trailingStop } = this.params;
    if (pnlStop !== undefined && position.pnlReturn <= -pnlStop) return this.stopped(z, 'pnl_stop');
    if (trailingStop !== undefined && position.peakPnlReturn > 0 && position.peakPnlReturn - position.pnlReturn >= trailingStop) return this.stopped(z, 'trailing_stop');
    return undefined;
  }

  private timeStopOr(position: PairPositionView, z: number): BandDecision {
    const multiple = this.params.timeStopHalfLives;
    if (multiple !== undefined && Number.isFinite(position.entryHalfLife) && position.barsHeld >= multiple * position.entryHalfLife) return { kind: 'exit', reason: 'time_stop', z };
    return { kind: 'none', reason: 'holding', z };
  }
}
