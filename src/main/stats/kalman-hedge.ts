import { failure, firstNonFinite, success, type StatsResult } from './stats-result';

/**
 * Kalman-filter hedge ratio: y_t = β_t·x_t + α_t + ε_t, ε ~ N(0, Ve), with the state
 * [β, α] following a random walk with covariance Vw = δ/(1 − δ)·I (the formulation in E. Chan,
 * "Algorithmic Trading", 2013, ch. 3). δ → 0 freezes the ratio; larger δ lets it move faster.
 */
export interface KalmanHedgeOptions {
  /** Transition noise δ in (0, 1); the scanner takes it from config. */
  readonly delta: number;
  /** Observation noise variance Ve > 0; from config. */
  readonly observationVariance: number;
  /** Starting state [β, α] and the diagonal of its covariance (defaults 0, 0 and 1). */
  readonly initialBeta?: number;
  readonly initialAlpha?: number;
  readonly initialVariance?: number;
}

export interface KalmanHedgeResult {
  /** Filtered state after seeing y_t (uses day t; for charts). */
  readonly beta: Float64Array;
  readonly alpha: Float64Array;
  /** One-step-ahead prediction error y_t − (β_{t|t−1}·x_t + α_{t|t−1}): no look-ahead, for trading. */
  readonly forecastError: Float64Array;
  /** √Q_t, the predicted standard deviation of that error; error/std is the filter's z-score. */
  readonly forecastStd: Float64Array;
}

/**
 * The filter's running state: [β, α] and the symmetric 2×2 covariance [[p11, p12], [p12, p22]].
 * One step at a time, so the scanner's whole-series run and the engine's bar-by-bar Kalman
 * strategy share one update (one owner of the filter).
 */
export interface KalmanState {
  beta: number;
  alpha: number;
  p11: number;
  p12: number;
  p22: number;
}

export interface KalmanStep {
  /** y_t − (β_{t|t−1}·x_t + α_{t|t−1}), before the update. */
  readonly error: number;
  /** Q_t = F·R·Fᵀ + Ve, the predicted variance of that error. */
  readonly forecastVariance: number;
}

export function initialKalmanState(options: Pick<KalmanHedgeOptions, 'initialBeta' | 'initialAlpha' | 'initialVariance'>): KalmanState {
  const variance = options.initialVariance ?? 1;
  return { beta: options.initialBeta ?? 0, alpha: options.initialAlpha ?? 0, p11: variance, p12: 0, p22: variance };
}

/** The random-walk noise Vw = δ/(1 − δ) added to the state covariance's diagonal each step. */
export function kalmanTransitionNoise(delta: number): number {
  return delta / (1 - delta);
}

/** One predict + update on the observation (y_t, x_t); mutates `state`. */
export function kalmanUpdate(state: KalmanState, yt: number, xt: number, vw: number, observationVariance: number): KalmanStep {
  // Predict: the state is a random walk, so only the covariance grows.
  const r11 = state.p11 + vw;
  const r12 = state.p12;
  const r22 = state.p22 + vw;
  // Observation row F = [x_t, 1].
  const error = yt - (state.beta * xt + state.alpha);
  const rf1 = r11 * xt + r12;
  const rf2 = r12 * xt + r22;
  const q = xt * rf1 + rf2 + observationVariance;
  const k1 = rf1 / q;
  const k2 = rf2 / q;
  state.beta += k1 * error;
  state.alpha += k2 * error;
  // Joseph-free update P = R − K·F·R, kept symmetric.
  state.p11 = r11 - k1 * rf1;
  state.p12 = r12 - k1 * rf2;
  state.p22 = r22 - k2 * rf2;
  return { error, forecastVariance: q };
}

/** A day with no observation: predict only (the covariance grows, the state stays). */
export function kalmanSkip(state: KalmanState, vw: number): void {
  state.p11 += vw;
  state.p22 += vw;
}

export function kalmanHedge(y: Float64Array, x: Float64Array, options: KalmanHedgeOptions): StatsResult<KalmanHedgeResult> {
  const { delta, observationVariance } = options;
  if (!(delta > 0 && delta < 1)) throw new RangeError(`kalmanHedge: delta must be in (0, 1), got ${delta}`);
  if (!(observationVariance > 0)) throw new RangeError(`kalmanHedge: observationVariance must be > 0, got ${observationVariance}`);
  if (y.length !== x.length) return failure({ kind: 'length-mismatch', lengthY: y.length, lengthX: x.length });
  const badY = firstNonFinite(y);
  if (badY >= 0) return failure({ kind: 'non-finite', series: 'y', index: badY });
  const badX = firstNonFinite(x);
  if (badX >= 0) return failure({ kind: 'non-finite', series: 'x', index: badX });
  if (y.length < 2) return failure({ kind: 'too-short', nobs: y.length, required: 2 });

  const n = y.length;
  const beta = new Float64Array(n);
  const alpha = new Float64Array(n);
  const forecastError = new Float64Array(n);
  const forecastStd = new Float64Array(n);
  const vw = kalmanTransitionNoise(delta);
  const state = initialKalmanState(options);
  for (let t = 0; t < n; t += 1) {
    const step = kalmanUpdate(state, y[t] as number, x[t] as number, vw, observationVariance);
    beta[t] = state.beta;
    alpha[t] = state.alpha;
    forecastError[t] = step.error;
    forecastStd[t] = Math.sqrt(step.forecastVariance);
  }
  return success({ beta, alpha, forecastError, forecastStd });
}
