import { AppError } from '../../shared/ipc/errors';
import type { EntryDecision, PairPositionView, PairStrategy, StrategyInput, StrategyOutput } from './strategy';

/**
 * Z-score mean reversion on the spread ("kind": "zscore"). The exact semantics (also in
 * docs/backtest.md), at the close of day t:
 *   - α, β: OLS of log y on log x over the `lookback` closes ending at t (inclusive);
 *   - spread s_i = log y_i − α − β·log x_i over that window;
 *   - z = (s_t − mean(s)) / std(s), ddof 1, over the same window;
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

export interface ZScoreParams {
  readonly lookback: number;
  readonly entry: number;
  readonly exit: number;
  readonly stop: number;
  readonly timeStopHalfLives?: number;
  readonly pnlStop?: number;
  readonly trailingStop?: number;
}

export interface SpreadStats {
  readonly alpha: number;
  readonly beta: number;
  readonly lastSpread: number;
  readonly mean: number;
  readonly std: number;
  readonly z: number;
  /** −ln 2 / ln(1 + b) from Δs_i = a + b·s_{i−1} over the window; Infinity when b ≥ 0. */
  readonly halfLife: number;
  /** Std (ddof 1) of the window's daily spread changes. */
  readonly changeStd: number;
}

export type SpreadStatsResult = { readonly ok: true; readonly stats: SpreadStats } | { readonly ok: false; readonly reason: 'warmup' | 'missing_data' | 'degenerate_window' };

/**
 * The rolling window of the z-score strategy, over the `lookback` points ending at index
 * `end` (inclusive). The regression uses centred (two-pass) sums, accurate for log prices near 5.
 */
export function rollingSpreadStats(logY: ArrayLike<number>, logX: ArrayLike<number>, end: number, lookback: number): SpreadStatsResult {
  const start = end - lookback + 1;
  if (start < 0 || end >= logY.length || end >= logX.length) return { ok: false, reason: 'warmup' };
  let sumX = 0;
  let sumY = 0;
  for (let i = start; i <= end; i++) {
    const x = logX[i] as number;
    const y = logY[i] as number;
    if (!Number.isFinite(x) || !Number.isFinite(y)) return { ok: false, reason: 'missing_data' };
    sumX += x;
    sumY += y;
  }
  const meanX = sumX / lookback;
  const meanY = sumY / lookback;
  let sxx = 0;
  let sxy = 0;
  for (let i = start; i <= end; i++) {
    const dx = (logX[i] as number) - meanX;
    sxx += dx * dx;
    sxy += dx * ((logY[i] as number) - meanY);
  }
  if (!(sxx > 1e-18)) return { ok: false, reason: 'degenerate_window' };
  const beta = sxy / sxx;
  const alpha = meanY - beta * meanX;
  // One pass over the spread: its sum and square sum, and the lag regression's sums. The
  // spread is centred by construction (OLS with an intercept), so Σs² − n·mean² loses nothing.
  let sumS = 0;
  let sumSS = 0;
  let sumLag = 0;
  let sumDelta = 0;
  let sumLagLag = 0;
  let sumLagDelta = 0;
  let sumDeltaDelta = 0;
  let previous = 0;
  let s = 0;
  for (let i = start; i <= end; i++) {
    s = (logY[i] as number) - alpha - beta * (logX[i] as number);
    sumS += s;
    sumSS += s * s;
    if (i > start) {
      const delta = s - previous;
      sumLag += previous;
      sumDelta += delta;
      sumLagLag += previous * previous;
      sumLagDelta += previous * delta;
      sumDeltaDelta += delta * delta;
    }
    previous = s;
  }
  const mean = sumS / lookback;
  const std = Math.sqrt(Math.max(0, sumSS - lookback * mean * mean) / (lookback - 1));
  if (!(std > 1e-12)) return { ok: false, reason: 'degenerate_window' };
  const lastSpread = s;
  const pairs = lookback - 1;
  const sLagLag = sumLagLag - (sumLag * sumLag) / pairs;
  const sLagDelta = sumLagDelta - (sumLag * sumDelta) / pairs;
  const sDeltaDelta = Math.max(0, sumDeltaDelta - (sumDelta * sumDelta) / pairs);
  const b = sLagLag > 0 ? sLagDelta / sLagLag : 0;
  const halfLife = b >= 0 ? Number.POSITIVE_INFINITY : b <= -1 ? 1 : -Math.LN2 / Math.log(1 + b);
  const changeStd = pairs > 1 ? Math.sqrt(sDeltaDelta / (pairs - 1)) : 0;
  return { ok: true, stats: { alpha, beta, lastSpread, mean, std, z: (lastSpread - mean) / std, halfLife, changeStd } };
}

export function validateZScoreParams(params: ZScoreParams): void {
  const fail = (field: string, message: string): never => {
    throw new AppError('CONFIG_INVALID', `strategy.${field}: ${message}`, { field: `strategy.${field}` });
  };
  if (!Number.isInteger(params.lookback) || params.lookback < 3) fail('lookback', `must be an integer ≥ 3, got ${params.lookback}`);
  if (!(params.exit >= 0)) fail('exit', `must be ≥ 0, got ${params.exit}`);
  if (!(params.entry > params.exit)) fail('entry', `${params.entry} lies inside the exit band ±${params.exit}`);
  if (!(params.stop > params.entry)) fail('stop', `must exceed entry ${params.entry}, got ${params.stop}`);
  if (params.timeStopHalfLives !== undefined && !(params.timeStopHalfLives > 0)) fail('timeStopHalfLives', `must be > 0, got ${params.timeStopHalfLives}`);
  if (params.pnlStop !== undefined && !(params.pnlStop > 0)) fail('pnlStop', `must be > 0, got ${params.pnlStop}`);
  if (params.trailingStop !== undefined && !(params.trailingStop > 0)) fail('trailingStop', `must be > 0, got ${params.trailingStop}`);
}

export class ZScoreStrategy implements PairStrategy {
  readonly kind = 'zscore';
  readonly warmup: number;
  /** Set by a stop; cleared once |z| ≤ exit. */
  private blockedAfterStop = false;

  constructor(private readonly params: ZScoreParams) {
    validateZScoreParams(params);
    this.warmup = params.lookback;
  }

  decide(input: StrategyInput): StrategyOutput {
    const end = input.logY.length - 1;
    const result = rollingSpreadStats(input.logY, input.logX, end, this.params.lookback);
    if (!result.ok) return { kind: 'none', reason: result.reason };
    const { z } = result.stats;
    const { entry, exit, stop, timeStopHalfLives } = this.params;
    const position = input.position;
    if (this.blockedAfterStop && Math.abs(z) <= exit) this.blockedAfterStop = false;
    switch (position.side) {
      case 'long':
        if (z <= -stop) return this.stopped(z, 'stop');
        return this.pnlStops(position, z) ?? (z >= -exit ? { kind: 'exit', reason: 'exit', z } : this.timeStopOr(position.barsHeld, position.entryHalfLife, timeStopHalfLives, z));
      case 'short':
        if (z >= stop) return this.stopped(z, 'stop');
        return this.pnlStops(position, z) ?? (z <= exit ? { kind: 'exit', reason: 'exit', z } : this.timeStopOr(position.barsHeld, position.entryHalfLife, timeStopHalfLives, z));
      case 'flat': {
        if (this.blockedAfterStop) return { kind: 'none', reason: 'cooldown_after_stop', z };
        if (Math.abs(z) < entry) return { kind: 'none', reason: 'in_band', z };
        if (Math.abs(z) >= stop) return { kind: 'none', reason: 'beyond_stop', z };
        const decision: EntryDecision = {
          kind: 'enter',
          direction: z >= entry ? 'short' : 'long',
          z,
          alpha: result.stats.alpha,
          beta: result.stats.beta,
          halfLife: result.stats.halfLife,
          spreadVolatility: result.stats.changeStd,
          spreadStd: result.stats.std,
        };
        return decision;
      }
      default:
        throw new AppError('INTERNAL', `unhandled position side ${String(position.side satisfies never)}`);
    }
  }

  private stopped(z: number, reason: 'stop' | 'pnl_stop' | 'trailing_stop'): StrategyOutput {
    this.blockedAfterStop = true;
    return { kind: 'exit', reason, z };
  }

  private pnlStops(position: PairPositionView, z: number): StrategyOutput | undefined {
    const { pnlStop, trailingStop } = this.params;
    if (pnlStop !== undefined && position.pnlReturn <= -pnlStop) return this.stopped(z, 'pnl_stop');
    if (trailingStop !== undefined && position.peakPnlReturn > 0 && position.peakPnlReturn - position.pnlReturn >= trailingStop) return this.stopped(z, 'trailing_stop');
    return undefined;
  }

  private timeStopOr(barsHeld: number, halfLife: number, multiple: number | undefined, z: number): StrategyOutput {
    if (multiple !== undefined && Number.isFinite(halfLife) && barsHeld >= multiple * halfLife) return { kind: 'exit', reason: 'time_stop', z };
    return { kind: 'none', reason: 'holding', z };
  }
}
