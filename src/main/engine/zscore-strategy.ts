import { AppError } from '../../shared/ipc/errors';
import { windowMoments } from '../stats/rolling-ols';
import { BandRules, validateBandParams, type BandParams } from './band-rules';
import { spreadDynamics, spreadLevel, type SpreadDynamics } from './spread-window';
import type { PairStrategy, StrategyInput, StrategyOutput } from './strategy';

/**
 * Z-score mean reversion on the spread ("kind": "zscore"). The exact semantics (also in
 * docs/backtest.md), at the close of day t:
 *   - α, β: OLS of log y on log x over the `lookback` closes ending at t (inclusive);
 *   - spread s_i = log y_i − α − β·log x_i over that window;
 *   - z = (s_t − mean(s)) / std(s), ddof 1, over the same window;
 *   - the band rules of engine/band-rules.ts (entry, exit, stop on the losing side, the
 *     optional P&L, trailing and time stops, no re-entry after a stop until |z| ≤ exit).
 */

export interface ZScoreParams extends BandParams {
  readonly lookback: number;
}

/** The window's fit and the spread level behind z: what every decision reads. */
export interface SpreadFit {
  readonly alpha: number;
  readonly beta: number;
  readonly lastSpread: number;
  readonly mean: number;
  readonly std: number;
  readonly z: number;
}

/** The fit with the window's dynamics (engine/spread-window.ts). */
export type SpreadStats = SpreadFit & SpreadDynamics;

type NoFit = { readonly ok: false; readonly reason: 'warmup' | 'missing_data' | 'degenerate_window' };
export type SpreadFitResult = { readonly ok: true; readonly fit: SpreadFit } | NoFit;
export type SpreadStatsResult = { readonly ok: true; readonly stats: SpreadStats } | NoFit;

/**
 * The rolling window of the z-score strategy, over the `lookback` points ending at index
 * `end` (inclusive): stats' one window-OLS kernel (windowMoments, centred two-pass sums) and
 * the spread's level (engine/spread-window.ts). The dynamics are left to spreadDynamics,
 * which a decision needs only on entry.
 */
export function rollingSpreadFit(logY: ArrayLike<number>, logX: ArrayLike<number>, end: number, lookback: number): SpreadFitResult {
  const start = end - lookback + 1;
  if (start < 0 || end >= logY.length || end >= logX.length) return { ok: false, reason: 'warmup' };
  const moments = windowMoments(logY, logX, start, end);
  if (moments === null) return { ok: false, reason: 'missing_data' };
  if (!(moments.sxx > 1e-18)) return { ok: false, reason: 'degenerate_window' };
  const beta = moments.sxy / moments.sxx;
  const alpha = moments.meanY - beta * moments.meanX;
  const level = spreadLevel(logY, logX, start, end, alpha, beta);
  if (!(level.std > 1e-12)) return { ok: false, reason: 'degenerate_window' };
  return { ok: true, fit: { alpha, beta, lastSpread: level.lastSpread, mean: level.mean, std: level.std, z: (level.lastSpread - level.mean) / level.std } };
}

/** The fit with the window's dynamics (half-life, std of changes): for reports and tests. */
export function rollingSpreadStats(logY: ArrayLike<number>, logX: ArrayLike<number>, end: number, lookback: number): SpreadStatsResult {
  const result = rollingSpreadFit(logY, logX, end, lookback);
  if (!result.ok) return result;
  const { fit } = result;
  const { halfLife, changeStd } = spreadDynamics(logY, logX, end - lookback + 1, end, fit.alpha, fit.beta);
  return { ok: true, stats: { alpha: fit.alpha, beta: fit.beta, lastSpread: fit.lastSpread, mean: fit.mean, std: fit.std, z: fit.z, halfLife, changeStd } };
}

export function validateZScoreParams(params: ZScoreParams): void {
  if (!Number.isInteger(params.lookback) || params.lookback < 3) {
    throw new AppError('CONFIG_INVALID', `strategy.lookback: must be an integer ≥ 3, got ${params.lookback}`, { field: 'strategy.lookback' });
  }
  validateBandParams(params);
}

export class ZScoreStrategy implements PairStrategy {
  readonly kind = 'zscore';
  readonly warmup: number;
  private readonly rules: BandRules;

  constructor(private readonly params: ZScoreParams) {
    validateZScoreParams(params);
    this.warmup = params.lookback;
    this.rules = new BandRules(params);
  }

  decide(input: StrategyInput): StrategyOutput {
    const { logY, logX } = input;
    const end = logY.length - 1;
    const { lookback } = this.params;
    const result = rollingSpreadFit(logY, logX, end, lookback);
    if (!result.ok) return { kind: 'none', reason: result.reason };
    const { fit } = result;
    const band = this.rules.decide(fit.z, input.position);
    if (band.kind !== 'enter') return band;
    const dynamics = spreadDynamics(logY, logX, end - lookback + 1, end, fit.alpha, fit.beta);
    return { kind: 'enter', direction: band.direction, z: band.z, alpha: fit.alpha, beta: fit.beta, halfLife: dynamics.halfLife, spreadVolatility: dynamics.changeStd, spreadStd: fit.std };
  }
}
