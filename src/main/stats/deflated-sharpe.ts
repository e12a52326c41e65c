import { normalCdf } from './normal-cdf';
import { normalQuantile } from './normal-quantile';

/**
 * The deflated Sharpe ratio (D. H. Bailey and M. López de Prado, "The Deflated Sharpe Ratio:
 * Correcting for Selection Bias, Backtest Overfitting and Non-Normality", J. Portfolio
 * Management 40(5), 2014). Every Sharpe ratio here is per period (daily), NOT annualised:
 *   - the expected maximum Sharpe of N independent trials with Sharpe variance V (eq. 6):
 *       SR₀ = √V · ((1 − γ)·Φ⁻¹(1 − 1/N) + γ·Φ⁻¹(1 − 1/(N·e))), γ the Euler–Mascheroni constant;
 *   - the probabilistic Sharpe ratio of an observed SR over T returns with skewness γ₃ and
 *     kurtosis γ₄ (not excess) against a benchmark SR* (Bailey & López de Prado 2012):
 *       PSR(SR*) = Φ((SR − SR*)·√(T − 1) / √(1 − γ₃·SR + (γ₄ − 1)/4·SR²));
 *   - DSR = PSR(SR₀): the probability that the selected strategy's true Sharpe exceeds what
 *     the best of N worthless trials would show by luck.
 * Moments: SR = mean / std with ddof 1; skewness and kurtosis are the population (biased)
 * moment ratios m₃/m₂^{3/2} and m₄/m₂², as in the authors' code (scipy.stats.skew/kurtosis).
 */

export const EULER_MASCHERONI = 0.5772156649015329;

export interface ReturnMoments {
  readonly nobs: number;
  readonly mean: number;
  /** ddof 1. */
  readonly std: number;
  /** mean / std, per period; 0 when std is 0. */
  readonly sharpe: number;
  readonly skewness: number;
  /** Not excess: 3 for a normal distribution. */
  readonly kurtosis: number;
}

export function returnMoments(returns: ArrayLike<number>): ReturnMoments {
  const n = returns.length;
  let sum = 0;
  for (let i = 0; i < n; i++) sum += returns[i] as number;
  const mean = n > 0 ? sum / n : 0;
  let m2 = 0;
  let m3 = 0;
  let m4 = 0;
  for (let i = 0; i < n; i++) {
    const d = (returns[i] as number) - mean;
    const d2 = d * d;
    m2 += d2;
    m3 += d2 * d;
    m4 += d2 * d2;
  }
  const std = n > 1 ? Math.sqrt(m2 / (n - 1)) : 0;
  const pm2 = n > 0 ? m2 / n : 0;
  // A constant series has no shape: report the normal's moments so PSR's denominator stays 1.
  const skewness = pm2 > 0 ? m3 / n / pm2 ** 1.5 : 0;
  const kurtosis = pm2 > 0 ? m4 / n / (pm2 * pm2) : 3;
  return { nobs: n, mean, std, sharpe: std > 0 ? mean / std : 0, skewness, kurtosis };
}

/** SR₀ of eq. 6; 0 for fewer than two trials (nothing to select among). */
export function expectedMaxSharpe(trialSharpeVariance: number, trials: number): number {
  if (!(trials >= 2) || !(trialSharpeVariance > 0)) return 0;
  const g = EULER_MASCHERONI;
  return Math.sqrt(trialSharpeVariance) * ((1 - g) * normalQuantile(1 - 1 / trials) + g * normalQuantile(1 - 1 / (trials * Math.E)));
}

export function probabilisticSharpe(moments: Pick<ReturnMoments, 'nobs' | 'sharpe' | 'skewness' | 'kurtosis'>, benchmarkSharpe: number): number {
  const { nobs, sharpe, skewness, kurtosis } = moments;
  if (nobs < 2) return Number.NaN;
  const denominator = 1 - skewness * sharpe + ((kurtosis - 1) / 4) * sharpe * sharpe;
  if (!(denominator > 0)) return Number.NaN;
  return normalCdf(((sharpe - benchmarkSharpe) * Math.sqrt(nobs - 1)) / Math.sqrt(denominator));
}

export interface DeflatedSharpe {
  /** Probability in [0, 1]; NaN when the selected series has < 2 returns. */
  readonly dsr: number;
  /** The expected maximum Sharpe under the null (per period). */
  readonly expectedMaxSharpe: number;
  readonly trials: number;
  /** Variance (ddof 1) of the trials' per-period Sharpe ratios. */
  readonly trialSharpeVariance: number;
  readonly selected: ReturnMoments;
}

/**
 * DSR of the selected trial. `trialSharpes` are every trial's per-period Sharpe (the selected
 * one included); `trials` overrides N when the trials are correlated and an effective number
 * of independent trials is known.
 */
export function deflatedSharpe(selectedReturns: ArrayLike<number>, trialSharpes: readonly number[], trials: number = trialSharpes.length): DeflatedSharpe {
  return deflatedSharpeOfMoments(returnMoments(selectedReturns), trialSharpes, trials);
}

/** The same from the selected trial's moments (a sweep keeps moments, not every return). */
export function deflatedSharpeOfMoments(selected: ReturnMoments, trialSharpes: readonly number[], trials: number = trialSharpes.length): DeflatedSharpe {
  const k = trialSharpes.length;
  const meanSharpe = k > 0 ? trialSharpes.reduce((s, v) => s + v, 0) / k : 0;
  const trialSharpeVariance = k > 1 ? trialSharpes.reduce((s, v) => s + (v - meanSharpe) * (v - meanSharpe), 0) / (k - 1) : 0;
  const sr0 = expectedMaxSharpe(trialSharpeVariance, trials);
  return { dsr: probabilisticSharpe(selected, sr0), expectedMaxSharpe: sr0, trials, trialSharpeVariance, selected };
}
