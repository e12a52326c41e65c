import type * as Tfjs from '@tensorflow/tfjs';
import type { LstmConfig } from './model-config';
import type { SeededRandom } from '../core/random/seeded-random';
import type { DropoutMasks } from './lstm-network';

/** Samples as plain data: what crosses a worker boundary into training. */
export interface SampleData {
  readonly count: number;
  readonly window: number;
  readonly features: number;
  /** Row-major [count, window, features]. */
  readonly inputs: Float32Array;
  /** [count]: the scaled change (regression) or 0/1 (direction). */
  readonly targets: Float32Array;
}

/**
 * One tensor [batch, features] per step for the samples `order[from…to)`, gathered on
 * the host so no large tensor is ever sliced on the backend.
 */
export function stepTensors(tf: typeof Tfjs, data: SampleData, order: ArrayLike<number>, from: number, to: number): Tfjs.Tensor2D[] {
  const batch = to - from;
  const { window, features } = data;
  const steps: Tfjs.Tensor2D[] = [];
  for (let step = 0; step < window; step += 1) {
    const values = new Float32Array(batch * features);
    for (let row = 0; row < batch; row += 1) {
      const source = ((order[from + row] as number) * window + step) * features;
      values.set(data.inputs.subarray(source, source + features), row * features);
    }
    steps.push(tf.tensor2d(values, [batch, features]));
  }
  return steps;
}

export function targetTensor(tf: typeof Tfjs, data: SampleData, order: ArrayLike<number>, from: number, to: number): Tfjs.Tensor2D {
  const values = new Float32Array(to - from);
  for (let row = from; row < to; row += 1) values[row - from] = data.targets[order[row] as number] as number;
  return tf.tensor2d(values, [to - from, 1]);
}

/**
 * Inverted-dropout keep-masks for every layer and step of one batch, drawn from the run's
 * seeded generator: a fresh mask each step and a repeatable run. (A fixed seed on tfjs's
 * dropout would repeat one mask every batch; no seed would use Math.random.)
 */
export function dropoutMasks(tf: typeof Tfjs, config: LstmConfig, batch: number, steps: number, random: SeededRandom): DropoutMasks {
  return config.layers.map(({ units, dropout }) => {
    if (dropout === 0) return null;
    const scale = 1 / (1 - dropout);
    const masks: Tfjs.Tensor2D[] = [];
    for (let step = 0; step < steps; step += 1) {
      const values = new Float32Array(batch * units);
      for (let index = 0; index < values.length; index += 1) values[index] = random.nextFloat() < dropout ? 0 : scale;
      masks.push(tf.tensor2d(values, [batch, units]));
    }
    return masks;
  });
}
