import type * as Tfjs from '@tensorflow/tfjs';
import { AppError } from '../../shared/ipc/errors';
import type { Clock } from '../core/time/clock';
import { dropoutMasks, stepTensors, targetTensor, type SampleData } from './lstm-batches';
import { allVariables, disposeWeights, initialLstmWeights, lstmBackward, lstmForward, lstmWeightsFromArrays, weightsToArrays, type LstmWeights } from './lstm-network';
import type { LstmConfig, ModelTarget, TrainingConfig } from './model-config';
import { createSeededRandom } from '../core/random/seeded-random';
import type { TfRuntime } from './tf-backend';

export interface EpochProgress {
  readonly epoch: number;
  readonly epochs: number;
  readonly trainLoss: number;
  readonly validationLoss: number;
  readonly bestEpoch: number;
  readonly epochMs: number;
}

/** Plain data in: everything a worker thread needs to train. */
export interface TrainLstmInput {
  readonly model: LstmConfig;
  readonly training: TrainingConfig;
  readonly fit: SampleData;
  readonly validation: SampleData;
}

/** Plain data out: weights as arrays (allVariables order) and the loss curves. */
export interface TrainLstmResult {
  readonly weights: Float32Array[];
  readonly trainLoss: number[];
  readonly validationLoss: number[];
  readonly epochMs: number[];
  /** 1-based epoch whose weights were kept (the best validation loss). */
  readonly bestEpoch: number;
  readonly stoppedEarly: boolean;
  readonly backend: string;
}

export interface TrainLstmOptions {
  readonly runtime: TfRuntime;
  readonly clock: Clock;
  readonly signal?: AbortSignal;
  readonly onEpoch?: (progress: EpochProgress) => void;
  /**
   * Resolves between batches so a cancel message (a worker's port event) or a UI event can
   * be handled mid-epoch; without it a run is cancelled only where it checks the signal.
   */
  readonly yieldToEventLoop?: () => Promise<void>;
}

/** Inference batch: large enough to amortise per-op dispatch, small enough for memory. */
const PREDICT_BATCH = 512;

/**
 * A custom training loop instead of `model.fit`: the batch order comes from the run's
 * seeded generator (fit's shuffle uses Math.random), each step draws fresh dropout masks
 * from the same generator, the validation loss is computed after every epoch, training
 * stops after `patience` epochs without improvement and the best weights are kept. The
 * signal is checked before every batch; a cancelled run throws CANCELLED and frees its
 * tensors.
 */
export async function trainLstm(input: TrainLstmInput, options: TrainLstmOptions): Promise<TrainLstmResult> {
  const { tf } = options.runtime;
  const { model, training, fit, validation } = input;
  checkSamples(fit, 'fit');
  checkSamples(validation, 'validation');
  const random = createSeededRandom(training.seed);
  const weights = initialLstmWeights(tf, model, fit.features, random);
  const variables = allVariables(weights);
  const optimizer = tf.train.adam(training.learningRate);
  const result: { trainLoss: number[]; validationLoss: number[]; epochMs: number[] } = { trainLoss: [], validationLoss: [], epochMs: [] };
  let best = { loss: Number.POSITIVE_INFINITY, epoch: 0, weights: weightsToArrays(weights) };
  let stoppedEarly = false;
  try {
    for (let epoch = 1; epoch <= training.epochs; epoch += 1) {
      const started = options.clock.now();
      const order = random.permutation(fit.count);
      let lossSum = 0;
      for (let from = 0; from < fit.count; from += training.batchSize) {
        await options.yieldToEventLoop?.();
        throwIfCancelled(options.signal, epoch);
        const to = Math.min(fit.count, from + training.batchSize);
        const { loss, gradients } = tf.tidy(() => {
          const steps = stepTensors(tf, fit, order, from, to);
          const masks = dropoutMasks(tf, model, to - from, fit.window, random);
          const trace = lstmForward(tf, weights, model, steps, masks, true);
          const targets = targetTensor(tf, fit, order, from, to);
          const { loss: batchLoss, dOutput } = lossAndGradient(tf, model.target, trace.output, targets);
          return { loss: batchLoss, gradients: lstmBackward(tf, weights, model, trace, masks, dOutput) };
        });
        optimizer.applyGradients(variables.map((variable, index) => ({ name: variable.name, tensor: gradients[index] as Tfjs.Tensor })));
        lossSum += (loss.dataSync()[0] as number) * (to - from);
        tf.dispose([loss, ...gradients]);
      }
      const validationLoss = evaluateLoss(tf, weights, model, validation);
      result.trainLoss.push(lossSum / fit.count);
      result.validationLoss.push(validationLoss);
      result.epochMs.push(options.clock.now() - started);
      if (validationLoss < best.loss - training.minDelta) best = { loss: validationLoss, epoch, weights: weightsToArrays(weights) };
      options.onEpoch?.({
        epoch,
        epochs: training.epochs,
        trainLoss: lossSum / fit.count,
        validationLoss,
        bestEpoch: best.epoch,
        epochMs: options.clock.now() - started,
      });
      if (epoch - best.epoch >= training.patience) {
        stoppedEarly = epoch < training.epochs;
        break;
      }
    }
  } finally {
    disposeWeights(weights);
    optimizer.dispose();
  }
  return { weights: best.weights, ...result, bestEpoch: best.epoch, stoppedEarly, backend: options.runtime.backend };
}

/** The model's output per sample: the scaled change, or P(up) for a direction model. */
export function predictLstm(runtime: TfRuntime, model: LstmConfig, weightArrays: readonly Float32Array[], data: Omit<SampleData, 'targets'>): Float32Array {
  const { tf } = runtime;
  const weights = lstmWeightsFromArrays(tf, model, data.features, weightArrays);
  try {
    return predictWith(tf, weights, model, data);
  } finally {
    disposeWeights(weights);
  }
}

function predictWith(tf: typeof Tfjs, weights: LstmWeights, model: LstmConfig, data: Omit<SampleData, 'targets'>): Float32Array {
  const out = new Float32Array(data.count);
  const order = identity(data.count);
  for (let from = 0; from < data.count; from += PREDICT_BATCH) {
    const to = Math.min(data.count, from + PREDICT_BATCH);
    const values = tf.tidy(() => {
      const raw = lstmForward(tf, weights, model, stepTensors(tf, { ...data, targets: new Float32Array(0) }, order, from, to), null, false).output;
      return model.target === 'direction' ? tf.sigmoid(raw) : raw;
    });
    out.set(values.dataSync() as Float32Array, from);
    values.dispose();
  }
  return out;
}

function evaluateLoss(tf: typeof Tfjs, weights: LstmWeights, model: LstmConfig, data: SampleData): number {
  const order = identity(data.count);
  let total = 0;
  for (let from = 0; from < data.count; from += PREDICT_BATCH) {
    const to = Math.min(data.count, from + PREDICT_BATCH);
    const loss = tf.tidy(() => {
      const output = lstmForward(tf, weights, model, stepTensors(tf, data, order, from, to), null, false).output;
      return lossAndGradient(tf, model.target, output, targetTensor(tf, data, order, from, to)).loss;
    });
    total += (loss.dataSync()[0] as number) * (to - from);
    loss.dispose();
  }
  return total / data.count;
}

/** Mean loss and its gradient with respect to the outputs: MSE, or cross-entropy on logits. */
function lossAndGradient(tf: typeof Tfjs, target: ModelTarget, output: Tfjs.Tensor2D, targets: Tfjs.Tensor2D): { loss: Tfjs.Scalar; dOutput: Tfjs.Tensor2D } {
  const batch = output.shape[0];
  switch (target) {
    case 'regression': {
      const error = tf.sub(output, targets);
      return { loss: tf.mean(tf.square(error)), dOutput: tf.mul(error, 2 / batch) };
    }
    case 'direction': {
      // softplus(z) − y·z is log-loss on the logit z, stable for large |z|.
      const loss = tf.mean(tf.sub(tf.softplus(output), tf.mul(targets, output)));
      return { loss: loss as Tfjs.Scalar, dOutput: tf.mul(tf.sub(tf.sigmoid(output), targets), 1 / batch) };
    }
  }
}

function identity(count: number): Int32Array {
  const order = new Int32Array(count);
  for (let index = 0; index < count; index += 1) order[index] = index;
  return order;
}

function throwIfCancelled(signal: AbortSignal | undefined, epoch: number): void {
  if (signal?.aborted) throw new AppError('CANCELLED', `Training cancelled in epoch ${epoch}.`, { epoch });
}

function checkSamples(data: SampleData, name: string): void {
  if (data.count < 1) throw new AppError('VALIDATION_FAILED', `The ${name} set has no samples.`, { set: name });
  if (data.inputs.length !== data.count * data.window * data.features || data.targets.length !== data.count) {
    throw new AppError('VALIDATION_FAILED', `The ${name} set's arrays do not match its ${data.count} × ${data.window} × ${data.features} shape.`, { set: name });
  }
}
