import { AppError } from '../../shared/ipc/errors';
import type { AlignedPair } from './pair-alignment';
import type { FeatureConfig } from './model-config';

/** The hedge of the spread log y − β·log x − α, fitted by OLS on the training rows only. */
export interface HedgeFit {
  readonly beta: number;
  readonly alpha: number;
  /** Inclusive row range it was fitted on. */
  readonly fromRow: number;
  readonly toRow: number;
}

/**
 * The feature columns, in input order. More (e.g. sentiment) append here when their data
 * exists; the model reads `featureNames.length` and never a literal count.
 */
export const featureNames = ['spread', 'zScore', 'returnY', 'returnX', 'volatility'] as const;
export type FeatureName = (typeof featureNames)[number];
export const featureCount = featureNames.length;

/** Row-major rows × features; NaN where a row lacks enough causal history or data. */
export interface FeatureTable {
  readonly rows: number;
  readonly values: Float64Array;
  /** The raw spread per row (also column 0), kept for targets and baselines. */
  readonly spread: Float64Array;
}

export function fitHedge(pair: AlignedPair, fromRow: number, toRow: number): HedgeFit {
  let n = 0;
  let sx = 0;
  let sy = 0;
  let sxx = 0;
  let sxy = 0;
  for (let row = fromRow; row <= toRow; row += 1) {
    if (pair.usable[row] !== 1) continue;
    const lx = Math.log(pair.x[row] as number);
    const ly = Math.log(pair.y[row] as number);
    n += 1;
    sx += lx;
    sy += ly;
    sxx += lx * lx;
    sxy += lx * ly;
  }
  const denominator = n * sxx - sx * sx;
  if (n < 3 || !(Math.abs(denominator) > 1e-12 * Math.max(1, n * sxx))) {
    throw new AppError('VALIDATION_FAILED', `Cannot fit the hedge on rows ${fromRow}–${toRow}: ${n} usable rows or a constant leg x.`, {
      fromRow,
      toRow,
      usableRows: n,
    });
  }
  const beta = (n * sxy - sx * sy) / denominator;
  return { beta, alpha: (sy - beta * sx) / n, fromRow, toRow };
}

/**
 * Features at row t use rows ≤ t only: a rolling statistic over the last L rows, a return
 * from t−1 to t. So the window that predicts t+1 never sees t+1 (no look-ahead).
 */
export function computeFeatures(pair: AlignedPair, hedge: HedgeFit, config: FeatureConfig): FeatureTable {
  const rows = pair.days.length;
  const spread = new Float64Array(rows);
  const logY = new Float64Array(rows);
  const logX = new Float64Array(rows);
  for (let row = 0; row < rows; row += 1) {
    const usable = pair.usable[row] === 1;
    logY[row] = usable ? Math.log(pair.y[row] as number) : Number.NaN;
    logX[row] = usable ? Math.log(pair.x[row] as number) : Number.NaN;
    spread[row] = (logY[row] as number) - hedge.beta * (logX[row] as number) - hedge.alpha;
  }
  const change = new Float64Array(rows).fill(Number.NaN);
  for (let row = 1; row < rows; row += 1) change[row] = (spread[row] as number) - (spread[row - 1] as number);

  const values = new Float64Array(rows * featureCount).fill(Number.NaN);
  for (let row = 0; row < rows; row += 1) {
    const base = row * featureCount;
    values[base] = spread[row] as number;
    const z = rollingStats(spread, row, config.zScoreLookback);
    values[base + 1] = z.sd > 0 ? ((spread[row] as number) - z.mean) / z.sd : Number.NaN;
    values[base + 2] = row > 0 ? (logY[row] as number) - (logY[row - 1] as number) : Number.NaN;
    values[base + 3] = row > 0 ? (logX[row] as number) - (logX[row - 1] as number) : Number.NaN;
    values[base + 4] = rollingStats(change, row, config.volatilityLookback).sd;
  }
  return { rows, values, spread };
}

/** Mean and sample deviation of values[row−length+1 … row]; NaN if any is missing. */
function rollingStats(values: Float64Array, row: number, length: number): { mean: number; sd: number } {
  if (row + 1 < length) return { mean: Number.NaN, sd: Number.NaN };
  let sum = 0;
  for (let index = row - length + 1; index <= row; index += 1) sum += values[index] as number;
  const mean = sum / length;
  let squares = 0;
  for (let index = row - length + 1; index <= row; index += 1) squares += ((values[index] as number) - mean) ** 2;
  const sd = Math.sqrt(squares / (length - 1));
  return Number.isFinite(sd) ? { mean, sd } : { mean: Number.NaN, sd: Number.NaN };
}
