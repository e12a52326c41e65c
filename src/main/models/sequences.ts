import type { ScalerParams } from './feature-scaler';
import { scaleFeature, scaleTarget } from './feature-scaler';
import { featureCount, type FeatureTable } from './spread-features';

/** An inclusive range of rows of an aligned pair. */
export interface RowRange {
  readonly fromRow: number;
  readonly toRow: number;
}

/**
 * Samples for one range, laid out for a [count, window, features] tensor. Sample i ends on
 * row endRow[i] = t: its inputs are rows t−window+1…t and its targets are about row t+1.
 */
export interface SequenceSet {
  readonly count: number;
  readonly window: number;
  readonly features: number;
  /** Scaled inputs, row-major [count, window, features]. */
  readonly inputs: Float32Array;
  /** The scaled regression target: (spread[t+1] − spread[t]) standardised on train. */
  readonly scaledChange: Float32Array;
  /** The raw next-row spread change. */
  readonly change: Float64Array;
  /** 1 when the spread rises from t to t+1, else 0 (the classification target). */
  readonly direction: Uint8Array;
  readonly endRow: Int32Array;
  /** The raw spread and z-score at t, for the baselines. */
  readonly endSpread: Float64Array;
  readonly endZScore: Float64Array;
}

/**
 * Every sample whose span — inputs and target, rows t−window+1…t+1 — lies inside `range`
 * and has finite values. A sample is skipped rather than patched when data is missing.
 */
export function buildSequences(table: FeatureTable, scaler: ScalerParams, window: number, range: RowRange): SequenceSet {
  const ends: number[] = [];
  const last = Math.min(range.toRow, table.rows - 1);
  for (let t = range.fromRow + window - 1; t + 1 <= last; t += 1) {
    if (isComplete(table, t - window + 1, t) && Number.isFinite(table.spread[t + 1])) ends.push(t);
  }
  const count = ends.length;
  const inputs = new Float32Array(count * window * featureCount);
  const scaledChange = new Float32Array(count);
  const change = new Float64Array(count);
  const direction = new Uint8Array(count);
  const endSpread = new Float64Array(count);
  const endZScore = new Float64Array(count);
  ends.forEach((t, sample) => {
    let offset = sample * window * featureCount;
    for (let row = t - window + 1; row <= t; row += 1) {
      for (let feature = 0; feature < featureCount; feature += 1) {
        inputs[offset] = scaleFeature(scaler, feature, table.values[row * featureCount + feature] as number);
        offset += 1;
      }
    }
    const delta = (table.spread[t + 1] as number) - (table.spread[t] as number);
    change[sample] = delta;
    scaledChange[sample] = scaleTarget(scaler, delta);
    direction[sample] = delta > 0 ? 1 : 0;
    endSpread[sample] = table.spread[t] as number;
    endZScore[sample] = table.values[t * featureCount + 1] as number;
  });
  return { count, window, features: featureCount, inputs, scaledChange, change, direction, endRow: Int32Array.from(ends), endSpread, endZScore };
}

function isComplete(table: FeatureTable, fromRow: number, toRow: number): boolean {
  for (let index = fromRow * featureCount; index < (toRow + 1) * featureCount; index += 1) {
    if (!Number.isFinite(table.values[index])) return false;
  }
  return true;
}
