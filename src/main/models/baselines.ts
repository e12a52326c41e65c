import type { Forecast } from './forecast-metrics';
import type { SequenceSet, RowRange } from './sequences';
import type { FeatureTable } from './spread-features';

/** AR(1) on the spread, s[t+1] = c + φ·s[t] + e, fitted on the training rows. */
export interface Ar1Fit {
  readonly intercept: number;
  readonly phi: number;
  readonly residualStd: number;
}

export const baselineNames = ['zeroChange', 'ar1', 'zScoreRule'] as const;
export type BaselineName = (typeof baselineNames)[number];

export function fitAr1(table: FeatureTable, range: RowRange): Ar1Fit {
  const xs: number[] = [];
  const ys: number[] = [];
  for (let row = range.fromRow; row < range.toRow; row += 1) {
    const now = table.spread[row] as number;
    const next = table.spread[row + 1] as number;
    if (Number.isFinite(now) && Number.isFinite(next)) {
      xs.push(now);
      ys.push(next);
    }
  }
  const n = xs.length;
  const meanX = xs.reduce((sum, value) => sum + value, 0) / n;
  const meanY = ys.reduce((sum, value) => sum + value, 0) / n;
  let sxx = 0;
  let sxy = 0;
  xs.forEach((x, index) => {
    sxx += (x - meanX) ** 2;
    sxy += (x - meanX) * ((ys[index] as number) - meanY);
  });
  // A flat training spread has no autoregression to fit: fall back to a random walk.
  const phi = sxx > 0 ? sxy / sxx : 1;
  const intercept = meanY - phi * meanX;
  let squares = 0;
  xs.forEach((x, index) => {
    squares += ((ys[index] as number) - intercept - phi * x) ** 2;
  });
  return { intercept, phi, residualStd: Math.sqrt(squares / Math.max(1, n - 2)) };
}

/** Tomorrow's spread equals today's: the forecast any model must beat. */
export function zeroChangeForecast(set: SequenceSet): Forecast {
  return { change: new Float64Array(set.count), probabilityUp: new Float64Array(set.count).fill(0.5) };
}

export function ar1Forecast(set: SequenceSet, fit: Ar1Fit): Forecast {
  const change = new Float64Array(set.count);
  const probabilityUp = new Float64Array(set.count);
  for (let index = 0; index < set.count; index += 1) {
    const expected = fit.intercept + (fit.phi - 1) * (set.endSpread[index] as number);
    change[index] = expected;
    probabilityUp[index] = fit.residualStd > 0 ? normalCdf(expected / fit.residualStd) : 0.5;
  }
  return { change, probabilityUp };
}

/**
 * The plain mean-reversion rule: a spread above its rolling mean is expected to fall. It
 * forecasts a direction only; P(up) = logistic(−z) carries its confidence.
 */
export function zScoreRuleForecast(set: SequenceSet): Forecast {
  const probabilityUp = new Float64Array(set.count);
  for (let index = 0; index < set.count; index += 1) probabilityUp[index] = 1 / (1 + Math.exp(set.endZScore[index] as number));
  return { change: null, probabilityUp };
}

/** Φ(x) via the Abramowitz–Stegun 7.1.26 erf approximation (error below 1.5e-7). */
export function normalCdf(x: number): number {
  const z = Math.abs(x) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * z);
  const poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
  const erf = 1 - poly * Math.exp(-z * z);
  return x >= 0 ? 0.5 * (1 + erf) : 0.5 * (1 - erf);
}
