import { AppError } from '../../shared/ipc/errors';
import { featureCount, type FeatureTable } from './spread-features';

/**
 * Standardisation parameters, fitted on the training rows only and stored with the model
 * (plain numbers, so they travel in the artifact and across a worker boundary).
 */
export interface ScalerParams {
  readonly featureMean: readonly number[];
  readonly featureStd: readonly number[];
  /** Standardises the regression target (next-row spread change). */
  readonly targetMean: number;
  readonly targetStd: number;
  readonly fromRow: number;
  readonly toRow: number;
}

/**
 * Fits on feature rows fromRow…toRow and on the spread changes whose both ends lie in that
 * range. Rows after toRow, however extreme, cannot move it.
 */
export function fitScaler(table: FeatureTable, fromRow: number, toRow: number): ScalerParams {
  const sums = new Float64Array(featureCount);
  const squares = new Float64Array(featureCount);
  const counts = new Float64Array(featureCount);
  for (let row = fromRow; row <= toRow; row += 1) {
    for (let feature = 0; feature < featureCount; feature += 1) {
      const value = table.values[row * featureCount + feature] as number;
      if (!Number.isFinite(value)) continue;
      sums[feature] = (sums[feature] as number) + value;
      squares[feature] = (squares[feature] as number) + value * value;
      counts[feature] = (counts[feature] as number) + 1;
    }
  }
  const featureMean: number[] = [];
  const featureStd: number[] = [];
  for (let feature = 0; feature < featureCount; feature += 1) {
    const n = counts[feature] as number;
    if (n < 2) throw new AppError('VALIDATION_FAILED', `Feature ${feature} has ${n} finite values in training rows ${fromRow}–${toRow}.`, { feature, fromRow, toRow });
    const mean = (sums[feature] as number) / n;
    featureMean.push(mean);
    featureStd.push(safeStd(((squares[feature] as number) - n * mean * mean) / (n - 1)));
  }
  let n = 0;
  let sum = 0;
  let sumSquares = 0;
  for (let row = fromRow + 1; row <= toRow; row += 1) {
    const change = (table.spread[row] as number) - (table.spread[row - 1] as number);
    if (!Number.isFinite(change)) continue;
    n += 1;
    sum += change;
    sumSquares += change * change;
  }
  if (n < 2) throw new AppError('VALIDATION_FAILED', `Too few spread changes (${n}) in training rows ${fromRow}–${toRow}.`, { fromRow, toRow });
  const targetMean = sum / n;
  return { featureMean, featureStd, targetMean, targetStd: safeStd((sumSquares - n * targetMean * targetMean) / (n - 1)), fromRow, toRow };
}

// A constant column would divide by zero; unit scale leaves it centred and harmless.
function safeStd(variance: number): number {
  const sd = Math.sqrt(Math.max(0, variance));
  return sd > 1e-12 ? sd : 1;
}

export function scaleFeature(params: ScalerParams, feature: number, value: number): number {
  return (value - (params.featureMean[feature] as number)) / (params.featureStd[feature] as number);
}

export function scaleTarget(params: ScalerParams, change: number): number {
  return (change - params.targetMean) / params.targetStd;
}

export function unscaleTarget(params: ScalerParams, scaled: number): number {
  return scaled * params.targetStd + params.targetMean;
}
