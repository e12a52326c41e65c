import type * as Tfjs from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../src/main/core/time/clock';
import { dropoutMasks, stepTensors, type SampleData } from '../../../src/main/models/lstm-batches';
import { allVariables, disposeWeights, initialLstmWeights, lstmBackward, lstmForward, type LstmWeights } from '../../../src/main/models/lstm-network';
import { predictLstm, trainLstm, type EpochProgress } from '../../../src/main/models/lstm-training';
import { lstmConfigSchema, trainingConfigSchema, type LstmConfig } from '../../../src/main/models/model-config';
import { createSeededRandom } from '../../../src/main/core/random/seeded-random';
import { loadTfRuntime, type TfRuntime } from '../../../src/main/models/tf-backend';
import { rejectionOf } from '../../helpers/app-error';

let runtime: TfRuntime;
beforeAll(async () => {
  runtime = await loadTfRuntime();
});

const tiny = lstmConfigSchema.parse({ layers: [{ units: 4, dropout: 0.25 }, { units: 3, dropout: 0.25 }] });

/** Samples whose target is a known function of the inputs, so a model can learn it. */
function samples(count: number, seed: number, target: 'regression' | 'direction' = 'regression'): SampleData {
  const random = createSeededRandom(seed);
  const window = 6;
  const features = 2;
  const inputs = new Float32Array(count * window * features).map(() => random.nextNormal());
  const targets = new Float32Array(count).map((_, sample) => {
    const last = inputs[(sample * window + window - 1) * features] as number;
    return target === 'regression' ? 0.8 * last : last > 0 ? 1 : 0;
  });
  return { count, window, features, inputs, targets };
}

/** The same network by plain autodiff: the reference the hand-written backward must match. */
function referenceOutput(tf: typeof Tfjs, weights: LstmWeights, config: LstmConfig, steps: Tfjs.Tensor2D[], masks: ReturnType<typeof dropoutMasks>): Tfjs.Tensor2D {
  let sequence = steps;
  weights.layers.forEach((layer, index) => {
    const units = (config.layers[index] as { units: number }).units;
    const batch = (steps[0] as Tfjs.Tensor2D).shape[0];
    let h: Tfjs.Tensor2D = tf.zeros([batch, units]);
    let c: Tfjs.Tensor2D = tf.zeros([batch, units]);
    sequence = sequence.map((input, step) => {
      const z = tf.add(tf.matMul(tf.concat([input, h], 1), layer.kernel as Tfjs.Tensor2D), layer.bias);
      const [zi, zf, zg, zo] = tf.split(z, 4, 1) as Tfjs.Tensor2D[] as [Tfjs.Tensor2D, Tfjs.Tensor2D, Tfjs.Tensor2D, Tfjs.Tensor2D];
      c = tf.add(tf.mul(tf.sigmoid(zf), c), tf.mul(tf.sigmoid(zi), tf.tanh(zg)));
      h = tf.mul(tf.sigmoid(zo), tf.tanh(c));
      const mask = masks[index]?.[step];
      return mask === undefined ? h : tf.mul(h, mask);
    });
  });
  return tf.add(tf.matMul(sequence[sequence.length - 1] as Tfjs.Tensor2D, weights.denseKernel as Tfjs.Tensor2D), weights.denseBias);
}

describe('LSTM network', () => {
  it('runs on the backend it asked for and says which', () => {
    expect(runtime.tf.getBackend()).toBe(runtime.backend);
    expect(['wasm', 'tensorflow']).toContain(runtime.backend);
    expect(runtime.detail.length).toBeGreaterThan(0);
  });

  it('its written-out backward pass matches autodiff, dropout masks included', () => {
    const { tf } = runtime;
    const data = samples(5, 1);
    const weights = initialLstmWeights(tf, tiny, data.features, createSeededRandom(3));
    const order = Int32Array.from([0, 1, 2, 3, 4]);
    try {
      const { analytic, reference } = tf.tidy(() => {
        const steps = stepTensors(tf, data, order, 0, 5);
        const masks = dropoutMasks(tf, tiny, 5, data.window, createSeededRandom(9));
        const targets = tf.tensor2d(data.targets, [5, 1]);
        const trace = lstmForward(tf, weights, tiny, steps, masks, true);
        const dOutput = tf.mul(tf.sub(trace.output, targets), 2 / 5) as Tfjs.Tensor2D;
        const analyticGrads = lstmBackward(tf, weights, tiny, trace, masks, dOutput).map((grad) => Array.from(grad.dataSync()));
        const { grads } = tf.variableGrads(() => tf.mean(tf.square(tf.sub(referenceOutput(tf, weights, tiny, steps, masks), targets))) as Tfjs.Scalar, allVariables(weights));
        const referenceGrads = allVariables(weights).map((variable) => Array.from((grads[variable.name] as Tfjs.Tensor).dataSync()));
        return { analytic: analyticGrads, reference: referenceGrads };
      });
      expect(analytic.length).toBe(reference.length);
      analytic.forEach((grad, index) => {
        const expected = reference[index] as number[];
        grad.forEach((value, k) => expect(value).toBeCloseTo(expected[k] as number, 5));
      });
      expect(analytic.flat().some((value) => Math.abs(value) > 1e-4)).toBe(true);
    } finally {
      disposeWeights(weights);
    }
  });
});

describe('trainLstm', () => {
  const training = trainingConfigSchema.parse({ epochs: 8, batchSize: 16, learningRate: 0.02, patience: 8, seed: 5 });

  it('learns a learnable target, reports every epoch and keeps the best weights', async () => {
    const progress: EpochProgress[] = [];
    const clock = new ManualClock(0);
    const result = await trainLstm(
      { model: tiny, training, fit: samples(96, 1), validation: samples(32, 2) },
      { runtime, clock, onEpoch: (epoch) => progress.push(epoch), yieldToEventLoop: async () => clock.advance(10) },
    );
    expect(progress.map((p) => p.epoch)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(result.trainLoss.length).toBe(8);
    expect(result.validationLoss[7] as number).toBeLessThan(result.validationLoss[0] as number);
    expect(result.validationLoss[result.bestEpoch - 1]).toBe(Math.min(...result.validationLoss));
    expect(result.backend).toBe(runtime.backend);
    // Time comes only from the injected clock: 6 batches of 10 ms each per epoch.
    expect(result.epochMs).toEqual(new Array(8).fill(60));
    expect(runtime.tf.memory().numTensors).toBeLessThan(50);
  });

  it('is reproducible: the same seed gives the same weights, another seed other weights', async () => {
    const input = { model: tiny, training: { ...training, epochs: 2 }, fit: samples(40, 1), validation: samples(16, 2) };
    const clock = new ManualClock(0);
    const first = await trainLstm(input, { runtime, clock });
    const second = await trainLstm(input, { runtime, clock });
    const other = await trainLstm({ ...input, training: { ...input.training, seed: 6 } }, { runtime, clock });
    expect(second.weights).toEqual(first.weights);
    expect(second.trainLoss).toEqual(first.trainLoss);
    expect(other.weights).not.toEqual(first.weights);
  });

  it('stops early when the validation loss stops improving', async () => {
    const result = await trainLstm(
      // Pure noise targets: nothing to learn, so validation loss soon stops improving.
      { model: tiny, training: { ...training, epochs: 30, patience: 2, learningRate: 0.05 }, fit: { ...samples(48, 1), targets: samples(48, 7).inputs.slice(0, 48) }, validation: samples(16, 2) },
      { runtime, clock: new ManualClock(0) },
    );
    expect(result.stoppedEarly).toBe(true);
    expect(result.trainLoss.length).toBe(result.bestEpoch + 2);
  });

  it('trains a direction model whose predictions are probabilities', async () => {
    const model = { ...tiny, target: 'direction' as const };
    const fit = samples(96, 1, 'direction');
    const result = await trainLstm({ model, training, fit, validation: samples(32, 2, 'direction') }, { runtime, clock: new ManualClock(0) });
    const probabilities = predictLstm(runtime, model, result.weights, samples(600, 3, 'direction'));
    expect(Array.from(probabilities).every((p) => p > 0 && p < 1)).toBe(true);
    const test = samples(600, 3, 'direction');
    const hits = Array.from(probabilities).filter((p, index) => (p > 0.5 ? 1 : 0) === test.targets[index]).length;
    expect(hits / 600).toBeGreaterThan(0.6);
  });

  it('cancels between batches with CANCELLED and frees its tensors', async () => {
    const controller = new AbortController();
    const before = runtime.tf.memory().numTensors;
    const error = await rejectionOf(
      trainLstm(
        { model: tiny, training: { ...training, epochs: 50 }, fit: samples(64, 1), validation: samples(16, 2) },
        { runtime, clock: new ManualClock(0), signal: controller.signal, onEpoch: (p) => (p.epoch === 2 ? controller.abort() : undefined) },
      ),
    );
    expect(error.code).toBe('CANCELLED');
    expect(error.message).toMatch(/epoch 3/);
    expect(runtime.tf.memory().numTensors).toBe(before);
  });

  it('refuses sets whose arrays do not match their shape', async () => {
    const broken = { ...samples(8, 1), count: 9 };
    expect((await rejectionOf(trainLstm({ model: tiny, training, fit: broken, validation: samples(4, 2) }, { runtime, clock: new ManualClock(0) }))).code).toBe('VALIDATION_FAILED');
    expect((await rejectionOf(trainLstm({ model: tiny, training, fit: samples(8, 1), validation: { ...samples(0, 2) } }, { runtime, clock: new ManualClock(0) }))).message).toMatch(/validation set has no samples/);
  });
});
