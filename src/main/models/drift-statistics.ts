import { z } from 'zod';
import { AppError } from '../../shared/ipc/errors';
import { normalCdf } from './baselines';

export const driftConfigSchema = z.object({
  /** Quantile bins of the reference sample for the population stability index. */
  psiBins: z.number().int().min(2).max(100).default(10),
  /** PSI at or above which an input has drifted (0.1–0.25 is the usual "moderate" band). */
  psiAlarm: z.number().positive().default(0.25),
  /** Kolmogorov-Smirnov p-value below which an input has drifted. */
  ksAlpha: z.number().gt(0).lt(1).default(0.01),
  /** Rows in the rolling error window. */
  errorWindow: z.number().int().min(2).default(20),
  /** Rolling MSE over validation MSE at or above which the model is failing. */
  errorRatioAlarm: z.number().gt(1).default(1.5),
});
export type DriftConfig = z.infer<typeof driftConfigSchema>;

// A bin the current sample never visits would make PSI infinite; a tiny floor keeps it finite.
const PSI_FLOOR = 1e-4;

/**
 * Population stability index of `current` against `reference`, on the reference's
 * quantile bins: Σ (c − r)·ln(c / r) over bin shares. 0 for identical distributions.
 */
export function populationStabilityIndex(reference: ArrayLike<number>, current: ArrayLike<number>, bins: number): number {
  const ref = finiteSorted(reference, 'reference');
  const cur = finiteSorted(current, 'current');
  const edges: number[] = [];
  for (let bin = 1; bin < bins; bin += 1) edges.push(ref[Math.min(ref.length - 1, Math.floor((bin * ref.length) / bins))] as number);
  const share = (values: Float64Array): number[] => {
    const counts = new Array<number>(bins).fill(0);
    for (const value of values) {
      let bin = 0;
      while (bin < edges.length && value >= (edges[bin] as number)) bin += 1;
      counts[bin] = (counts[bin] as number) + 1;
    }
    return counts.map((count) => Math.max(PSI_FLOOR, count / values.length));
  };
  const r = share(ref);
  const c = share(cur);
  return r.reduce((sum, rShare, bin) => sum + ((c[bin] as number) - rShare) * Math.log((c[bin] as number) / rShare), 0);
}

/** The two-sample Kolmogorov-Smirnov statistic and its asymptotic p-value. */
export function kolmogorovSmirnov(reference: ArrayLike<number>, current: ArrayLike<number>): { statistic: number; pValue: number } {
  const a = finiteSorted(reference, 'reference');
  const b = finiteSorted(current, 'current');
  let i = 0;
  let j = 0;
  let statistic = 0;
  while (i < a.length && j < b.length) {
    const value = Math.min(a[i] as number, b[j] as number);
    while (i < a.length && (a[i] as number) <= value) i += 1;
    while (j < b.length && (b[j] as number) <= value) j += 1;
    statistic = Math.max(statistic, Math.abs(i / a.length - j / b.length));
  }
  const effective = Math.sqrt((a.length * b.length) / (a.length + b.length));
  return { statistic, pValue: kolmogorovPValue((effective + 0.12 + 0.11 / effective) * statistic) };
}

/** Q_KS(λ) = 2 Σ (−1)^(k−1) e^(−2k²λ²) (Numerical Recipes' probks). */
function kolmogorovPValue(lambda: number): number {
  if (lambda < 1e-3) return 1;
  let sum = 0;
  let sign = 1;
  for (let k = 1; k <= 100; k += 1) {
    const term = sign * Math.exp(-2 * k * k * lambda * lambda);
    sum += term;
    if (Math.abs(term) < 1e-10) break;
    sign = -sign;
  }
  return Math.min(1, Math.max(0, 2 * sum));
}

export interface InputDrift {
  readonly name: string;
  readonly psi: number;
  readonly ksStatistic: number;
  readonly ksPValue: number;
  readonly drifted: boolean;
}

/** PSI and KS per input column; a column drifts when either crosses its threshold. */
export function inputDrift(names: readonly string[], reference: readonly ArrayLike<number>[], current: readonly ArrayLike<number>[], config: DriftConfig): InputDrift[] {
  if (reference.length !== names.length || current.length !== names.length) {
    throw new AppError('VALIDATION_FAILED', `Drift needs ${names.length} reference and current columns, got ${reference.length} and ${current.length}.`);
  }
  return names.map((name, index) => {
    const psi = populationStabilityIndex(reference[index] as ArrayLike<number>, current[index] as ArrayLike<number>, config.psiBins);
    const ks = kolmogorovSmirnov(reference[index] as ArrayLike<number>, current[index] as ArrayLike<number>);
    return { name, psi, ksStatistic: ks.statistic, ksPValue: ks.pValue, drifted: psi >= config.psiAlarm || ks.pValue < config.ksAlpha };
  });
}

export interface ErrorDrift {
  /** Rolling MSE over the last `errorWindow` predictions, per prediction (NaN until full). */
  readonly rollingMse: Float64Array;
  readonly ratio: number;
  readonly alarm: boolean;
}

/** The latest rolling squared error against the model's validation MSE. */
export function errorDrift(predicted: ArrayLike<number>, actual: ArrayLike<number>, validationMse: number, config: DriftConfig): ErrorDrift {
  if (predicted.length !== actual.length) throw new AppError('VALIDATION_FAILED', `${predicted.length} predictions for ${actual.length} outcomes.`);
  if (!(validationMse > 0)) throw new AppError('VALIDATION_FAILED', `The validation MSE must be positive, got ${validationMse}.`);
  const rollingMse = new Float64Array(actual.length).fill(Number.NaN);
  let sum = 0;
  for (let index = 0; index < actual.length; index += 1) {
    sum += ((predicted[index] as number) - (actual[index] as number)) ** 2;
    if (index >= config.errorWindow) sum -= ((predicted[index - config.errorWindow] as number) - (actual[index - config.errorWindow] as number)) ** 2;
    if (index + 1 >= config.errorWindow) rollingMse[index] = sum / config.errorWindow;
  }
  const latest = rollingMse[actual.length - 1] ?? Number.NaN;
  const ratio = latest / validationMse;
  return { rollingMse, ratio, alarm: Number.isFinite(ratio) && ratio >= config.errorRatioAlarm };
}

export interface DieboldMarianoResult {
  /** Mean loss differential, champion minus challenger: positive favours the challenger. */
  readonly meanDifferential: number;
  readonly statistic: number;
  /** Two-sided p-value from the normal distribution. */
  readonly pValue: number;
  readonly samples: number;
}

/**
 * Diebold-Mariano test of equal accuracy for two forecasts of the same outcomes, on squared
 * errors, with a Newey-West variance over horizon − 1 lags and the Harvey-Leybourne-Newbold
 * small-sample correction.
 */
export function dieboldMariano(actual: ArrayLike<number>, champion: ArrayLike<number>, challenger: ArrayLike<number>, horizon = 1): DieboldMarianoResult {
  const n = actual.length;
  if (champion.length !== n || challenger.length !== n) throw new AppError('VALIDATION_FAILED', `Diebold-Mariano needs equal lengths, got ${n}, ${champion.length} and ${challenger.length}.`);
  if (n < 3) throw new AppError('VALIDATION_FAILED', `Diebold-Mariano needs at least 3 outcomes, got ${n}.`);
  const d = new Float64Array(n);
  for (let t = 0; t < n; t += 1) d[t] = ((champion[t] as number) - (actual[t] as number)) ** 2 - ((challenger[t] as number) - (actual[t] as number)) ** 2;
  const mean = d.reduce((sum, value) => sum + value, 0) / n;
  const autocovariance = (lag: number): number => {
    let sum = 0;
    for (let t = lag; t < n; t += 1) sum += ((d[t] as number) - mean) * ((d[t - lag] as number) - mean);
    return sum / n;
  };
  let variance = autocovariance(0);
  for (let lag = 1; lag < horizon; lag += 1) variance += 2 * autocovariance(lag);
  if (!(variance > 0)) return { meanDifferential: mean, statistic: 0, pValue: 1, samples: n };
  const correction = Math.sqrt((n + 1 - 2 * horizon + (horizon * (horizon - 1)) / n) / n);
  const statistic = (correction * mean) / Math.sqrt(variance / n);
  return { meanDifferential: mean, statistic, pValue: 2 * (1 - normalCdf(Math.abs(statistic))), samples: n };
}

function finiteSorted(values: ArrayLike<number>, name: string): Float64Array {
  const finite = Float64Array.from(values).filter((value) => Number.isFinite(value));
  if (finite.length === 0) throw new AppError('VALIDATION_FAILED', `The ${name} sample has no finite values.`, { sample: name });
  return finite.sort();
}
