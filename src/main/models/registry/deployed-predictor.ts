import type { ScalerParams } from '../feature-scaler';
import { scaleFeature, unscaleTarget } from '../feature-scaler';
import type { ModelTarget } from '../model-config';
import { featureCount, type FeatureTable } from '../spread-features';

/**
 * The scaled input window ending on row t (rows t−window+1…t), laid out as one sample for
 * the network, or null when any value in it is missing. Uses only rows up to t.
 */
export function inputWindowAt(table: FeatureTable, scaler: ScalerParams, window: number, t: number): Float32Array | null {
  if (t - window + 1 < 0 || t >= table.rows) return null;
  const inputs = new Float32Array(window * featureCount);
  let offset = 0;
  for (let row = t - window + 1; row <= t; row += 1) {
    for (let feature = 0; feature < featureCount; feature += 1) {
      const value = table.values[row * featureCount + feature] as number;
      if (!Number.isFinite(value)) return null;
      inputs[offset] = scaleFeature(scaler, feature, value);
      offset += 1;
    }
  }
  return inputs;
}

/** The network's output as the logged forecast: the spread change (regression) or P(up) (direction). */
export function forecastFromOutput(target: ModelTarget, scaler: ScalerParams, output: number): number {
  return target === 'regression' ? unscaleTarget(scaler, output) : output;
}

/** What happened after row t in the target's own terms, or null while row t+1 is unknown. */
export function outcomeAfter(table: FeatureTable, target: ModelTarget, t: number): number | null {
  const now = table.spread[t];
  const next = table.spread[t + 1];
  if (now === undefined || next === undefined || !Number.isFinite(now) || !Number.isFinite(next)) return null;
  const change = next - now;
  return target === 'regression' ? change : change > 0 ? 1 : 0;
}
