import { AppError } from '../../shared/ipc/errors';
import { initialKalmanState, kalmanSkip, kalmanTransitionNoise, kalmanUpdate, type KalmanState } from '../stats/kalman-hedge';
import { windowMoments } from '../stats/rolling-ols';
import { BandRules, validateBandParams, type BandParams } from './band-rules';
import { spreadDynamics, spreadLevel } from './spread-window';
import type { PairStrategy, StrategyInput, StrategyOutput } from './strategy';

/**
 * Kalman-hedged mean reversion ("kind": "kalman"); the exact semantics are in docs/backtest.md.
 * The filter is stats/kalman-hedge.ts (one owner): log y_t = β_t·log x_t + α_t + ε_t, state
 * [β, α] a random walk with Vw = δ/(1 − δ)·I, ε ~ N(0, Ve), starting at β = α = 0, P = I on
 * the first bar of the data. Ve is either given or 'auto' (the default): the OLS residual
 * variance (ddof 2) of log y on log x over the `lookback` window ending at the strategy's first
 * decision (the run's first decision day), fixed from then on (a filter restart keeps it); the
 * filter runs once Ve is known.
 * At the close of day t, after filtering bars 0..t:
 *   - e_t = log y_t − (β_{t|t−1}·log x_t + α_{t|t−1}) is the one-step forecast error and
 *     Q_t its predicted variance (both from the state before day t is seen);
 *   - β_t, α_t is the filtered state after day t; the spread over the `lookback` window
 *     ending at t is s_i = log y_i − α_t − β_t·log x_i (today's state on the whole window);
 *   - zSource 'innovation': z = e_t / √Q_t; zSource 'spread': z = (s_t − mean(s)) / std(s),
 *     ddof 1, over the window;
 *   - the band rules of engine/band-rules.ts on that z; an entry carries β_t, α_t (the hedge
 *     ratio sizing uses) and the window's half-life and spread volatility;
 *   - a bar with a non-finite close is predicted only (no update); decisions need `lookback`
 *     bars filtered (warm-up) and a finite window.
 * The filter runs forward incrementally: the runner hands prefixes of one array, so each bar
 * is filtered once; any other input restarts the filter from bar 0. Either way a decision at
 * t reads only bars 0..t.
 */

export interface KalmanParams extends BandParams {
  readonly lookback: number;
  readonly delta: number;
  /** Ve; 'auto' estimates it from the warm-up window ending at the first decision (no look-ahead). */
  readonly observationVariance: number | 'auto';
  readonly zSource: 'innovation' | 'spread';
}

export function validateKalmanParams(params: KalmanParams): void {
  const fail = (field: string, message: string): never => {
    throw new AppError('CONFIG_INVALID', `strategy.${field}: ${message}`, { field: `strategy.${field}` });
  };
  if (!Number.isInteger(params.lookback) || params.lookback < 3) fail('lookback', `must be an integer ≥ 3, got ${params.lookback}`);
  if (!(params.delta > 0 && params.delta < 1)) fail('delta', `must be in (0, 1), got ${params.delta}`);
  if (params.observationVariance !== 'auto' && !(params.observationVariance > 0)) fail('observationVariance', `must be > 0, got ${params.observationVariance}`);
  validateBandParams(params);
}

export class KalmanStrategy implements PairStrategy {
  readonly kind = 'kalman';
  readonly warmup: number;
  private readonly rules: BandRules;
  private readonly vw: number;
  private state: KalmanState = initialKalmanState({});
  /** Bars filtered so far, of the arrays below. */
  private filtered = 0;
  private seenY: Float64Array | undefined;
  private seenX: Float64Array | undefined;
  private lastError = Number.NaN;
  private lastForecastVariance = Number.NaN;
  /** Ve: the configured value, or NaN until 'auto' is estimated at the first decision. */
  private observationVariance: number;

  constructor(private readonly params: KalmanParams) {
    validateKalmanParams(params);
    this.warmup = params.lookback;
    this.observationVariance = params.observationVariance === 'auto' ? Number.NaN : params.observationVariance;
    this.vw = kalmanTransitionNoise(params.delta);
    this.rules = new BandRules(params);
  }

  decide(input: StrategyInput): StrategyOutput {
    const { logY, logX } = input;
    const end = logY.length - 1;
    const start = end - this.params.lookback + 1;
    if (Number.isNaN(this.observationVariance)) {
      // 'auto': no filtering until Ve is known, so every bar is filtered with the same Ve.
      if (start < 0) return { kind: 'none', reason: 'warmup' };
      const moments = windowMoments(logY, logX, start, end);
      if (moments === null) return { kind: 'none', reason: 'missing_data' };
      const estimate = moments.sxx > 1e-18 ? (moments.syy - (moments.sxy * moments.sxy) / moments.sxx) / (this.params.lookback - 2) : Number.NaN;
      if (!(estimate > 0) || !Number.isFinite(estimate)) return { kind: 'none', reason: 'degenerate_window' };
      this.observationVariance = estimate;
    }
    this.advance(logY, logX);
    if (start < 0) return { kind: 'none', reason: 'warmup' };
    for (let i = start; i <= end; i++) {
      if (!Number.isFinite(logY[i] as number) || !Number.isFinite(logX[i] as number)) return { kind: 'none', reason: 'missing_data' };
    }
    const { beta, alpha } = this.state;
    const window = spreadLevel(logY, logX, start, end, alpha, beta);
    let z: number;
    switch (this.params.zSource) {
      case 'innovation':
        z = this.lastError / Math.sqrt(this.lastForecastVariance);
        break;
      case 'spread':
        if (!(window.std > 1e-12)) return { kind: 'none', reason: 'degenerate_window' };
        z = (window.lastSpread - window.mean) / window.std;
        break;
      default:
        throw new AppError('INTERNAL', `unhandled zSource ${String(this.params.zSource satisfies never)}`);
    }
    if (!Number.isFinite(z)) return { kind: 'none', reason: 'degenerate_window' };
    const band = this.rules.decide(z, input.position);
    if (band.kind !== 'enter') return band;
    const dynamics = spreadDynamics(logY, logX, start, end, alpha, beta);
    return { kind: 'enter', direction: band.direction, z: band.z, alpha, beta, halfLife: dynamics.halfLife, spreadVolatility: dynamics.changeStd, spreadStd: window.std };
  }

  /** Ve in use (NaN before an 'auto' estimate): for tests and the run's diagnostics. */
  get effectiveObservationVariance(): number {
    return this.observationVariance;
  }

  /** Filters the bars not yet seen; restarts when the input is not a longer prefix of the same arrays. */
  private advance(logY: Float64Array, logX: Float64Array): void {
    const continues =
      this.seenY !== undefined &&
      this.seenX !== undefined &&
      logY.buffer === this.seenY.buffer &&
      logX.buffer === this.seenX.buffer &&
      logY.byteOffset === this.seenY.byteOffset &&
      logX.byteOffset === this.seenX.byteOffset &&
      logY.length >= this.filtered;
    if (!continues) {
      this.state = initialKalmanState({});
      this.filtered = 0;
      this.lastError = Number.NaN;
      this.lastForecastVariance = Number.NaN;
    }
    this.seenY = logY;
    this.seenX = logX;
    for (let t = this.filtered; t < logY.length; t++) {
      const yt = logY[t] as number;
      const xt = logX[t] as number;
      if (Number.isFinite(yt) && Number.isFinite(xt)) {
        const step = kalmanUpdate(this.state, yt, xt, this.vw, this.observationVariance);
        this.lastError = step.error;
        this.lastForecastVariance = step.forecastVariance;
      } else {
        kalmanSkip(this.state, this.vw);
        this.lastError = Number.NaN;
        this.lastForecastVariance = Number.NaN;
      }
    }
    this.filtered = logY.length;
  }
}
