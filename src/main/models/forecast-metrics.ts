import { AppError } from '../../shared/ipc/errors';

/** A forecaster's output on one sample set: the expected change and P(spread rises). */
export interface Forecast {
  /** Expected next-row spread change; null for a rule that forecasts only a direction. */
  readonly change: Float64Array | null;
  readonly probabilityUp: Float64Array;
}

export interface RegressionMetrics {
  readonly mse: number;
  readonly mae: number;
}

export interface DirectionMetrics {
  readonly accuracy: number;
  readonly logLoss: number;
  /** The probability above which "up" was called, chosen in sample. */
  readonly threshold: number;
}

export interface ForecastReport {
  readonly regression: RegressionMetrics | null;
  readonly direction: DirectionMetrics;
}

export function regressionMetrics(predicted: ArrayLike<number>, actual: ArrayLike<number>): RegressionMetrics {
  checkLengths(predicted.length, actual.length);
  let squares = 0;
  let absolutes = 0;
  for (let index = 0; index < actual.length; index += 1) {
    const error = (predicted[index] as number) - (actual[index] as number);
    squares += error * error;
    absolutes += Math.abs(error);
  }
  return { mse: squares / actual.length, mae: absolutes / actual.length };
}

// Probabilities are clipped so one confident miss costs a large but finite log-loss.
const EPSILON = 1e-7;

export function logLoss(probabilityUp: ArrayLike<number>, direction: ArrayLike<number>): number {
  checkLengths(probabilityUp.length, direction.length);
  let total = 0;
  for (let index = 0; index < direction.length; index += 1) {
    const p = Math.min(1 - EPSILON, Math.max(EPSILON, probabilityUp[index] as number));
    total -= direction[index] === 1 ? Math.log(p) : Math.log(1 - p);
  }
  return total / direction.length;
}

export function accuracyAt(probabilityUp: ArrayLike<number>, direction: ArrayLike<number>, threshold: number): number {
  checkLengths(probabilityUp.length, direction.length);
  let hits = 0;
  for (let index = 0; index < direction.length; index += 1) {
    const called = (probabilityUp[index] as number) > threshold ? 1 : 0;
    if (called === direction[index]) hits += 1;
  }
  return hits / direction.length;
}

/**
 * The candidate with the best in-sample accuracy (audit 9.2: the threshold is chosen per
 * window from config, never a fixed 0.5). Ties go to the candidate nearest 0.5, then the
 * lower one, so the choice is deterministic.
 */
export function chooseThreshold(probabilityUp: ArrayLike<number>, direction: ArrayLike<number>, candidates: readonly number[]): number {
  if (candidates.length === 0) throw new AppError('VALIDATION_FAILED', 'evaluation.thresholdCandidates is empty.', { field: 'thresholdCandidates' });
  let best = candidates[0] as number;
  let bestAccuracy = Number.NEGATIVE_INFINITY;
  for (const candidate of candidates) {
    const accuracy = accuracyAt(probabilityUp, direction, candidate);
    const better =
      accuracy > bestAccuracy ||
      (accuracy === bestAccuracy && (Math.abs(candidate - 0.5) < Math.abs(best - 0.5) || (Math.abs(candidate - 0.5) === Math.abs(best - 0.5) && candidate < best)));
    if (better) {
      best = candidate;
      bestAccuracy = accuracy;
    }
  }
  return best;
}

/** Scores a forecaster out of sample with the threshold it earned in sample. */
export function reportForecast(
  inSample: { readonly forecast: Forecast; readonly direction: ArrayLike<number> },
  outOfSample: { readonly forecast: Forecast; readonly direction: ArrayLike<number>; readonly change: ArrayLike<number> },
  thresholdCandidates: readonly number[],
): ForecastReport {
  const threshold = chooseThreshold(inSample.forecast.probabilityUp, inSample.direction, thresholdCandidates);
  const { forecast, direction, change } = outOfSample;
  return {
    regression: forecast.change === null ? null : regressionMetrics(forecast.change, change),
    direction: { accuracy: accuracyAt(forecast.probabilityUp, direction, threshold), logLoss: logLoss(forecast.probabilityUp, direction), threshold },
  };
}

function checkLengths(a: number, b: number): void {
  if (a !== b) throw new AppError('VALIDATION_FAILED', `Forecast has ${a} values for ${b} samples.`, { forecasts: a, samples: b });
  if (b === 0) throw new AppError('VALIDATION_FAILED', 'No samples to score.');
}
