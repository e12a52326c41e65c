import type * as Tfjs from '@tensorflow/tfjs';
import type { LstmConfig } from './model-config';
import type { SeededRandom } from '../core/random/seeded-random';

/**
 * The stacked LSTM (layers of LSTM → dropout, then one dense unit) with its forward and
 * backward passes written out, for speed on the WASM backend (measured in docs/models.md):
 * - each op costs tens of microseconds of dispatch, and autodiff of an unrolled LSTM
 *   records a dozen nodes per step; the hand-written backward pass (backpropagation
 *   through time) uses fewer ops and no tape;
 * - WASM's Slice, Split and Unpack copy the whole input tensor to read a part of it, so
 *   nothing here slices a large tensor: inputs arrive as one [batch, features] tensor per
 *   step and each gate has its own product (fused with bias and sigmoid);
 * - a product with a transposed operand takes a slow path, so transposes are explicit;
 * - the kernel gradient is one product over all steps, not one per step.
 *
 * Weights per layer: kernel [inputs + units, 4·units] (the input kernel stacked on the
 * recurrent kernel, gates i, f, c, o as in Keras) and bias [4·units]; model-artifact.ts
 * splits them into a tf.layers LSTM's kernel and recurrent kernel.
 */
export interface LstmWeights {
  readonly layers: readonly { readonly kernel: Tfjs.Variable; readonly bias: Tfjs.Variable }[];
  readonly denseKernel: Tfjs.Variable;
  readonly denseBias: Tfjs.Variable;
}

/** Per training step: scaled keep-masks [batch, units] for each layer and step. */
export type DropoutMasks = readonly (readonly Tfjs.Tensor2D[] | null)[];

let variableCounter = 0;

export function allVariables(weights: LstmWeights): Tfjs.Variable[] {
  return [...weights.layers.flatMap((layer) => [layer.kernel, layer.bias]), weights.denseKernel, weights.denseBias];
}

/**
 * Keras's initialisers, seeded: Glorot-uniform input kernels, orthogonal recurrent
 * kernels, zero biases with the forget gate's set to 1 (unit forget bias).
 */
export function initialLstmWeights(tf: typeof Tfjs, config: LstmConfig, inputFeatures: number, random: SeededRandom): LstmWeights {
  const id = (variableCounter += 1);
  return tf.tidy(() => {
    let inputs = inputFeatures;
    const layers = config.layers.map(({ units }, index) => {
      const kernel = tf.initializers.glorotUniform({ seed: random.nextSeed() }).apply([inputs, 4 * units]);
      const recurrent = tf.initializers.orthogonal({ seed: random.nextSeed() }).apply([units, 4 * units]);
      const bias = tf.concat([tf.zeros([units]), tf.ones([units]), tf.zeros([2 * units])]);
      inputs = units;
      return {
        kernel: tf.variable(tf.concat([kernel, recurrent], 0), true, `lstm${id}_layer${index}_kernel`),
        bias: tf.variable(bias, true, `lstm${id}_layer${index}_bias`),
      };
    });
    const denseKernel = tf.variable(tf.initializers.glorotUniform({ seed: random.nextSeed() }).apply([inputs, 1]), true, `lstm${id}_dense_kernel`);
    return { layers, denseKernel, denseBias: tf.variable(tf.zeros([1]), true, `lstm${id}_dense_bias`) };
  });
}

/** Weights from plain arrays (a trained result or a loaded artifact), in allVariables order. */
export function lstmWeightsFromArrays(tf: typeof Tfjs, config: LstmConfig, inputFeatures: number, values: readonly Float32Array[]): LstmWeights {
  const id = (variableCounter += 1);
  let inputs = inputFeatures;
  let cursor = 0;
  const take = (shape: number[], name: string): Tfjs.Variable => {
    const data = values[cursor];
    cursor += 1;
    if (data === undefined || data.length !== shape.reduce((a, b) => a * b, 1)) throw new Error(`lstmWeightsFromArrays: ${name} expects shape [${shape.join(', ')}]`);
    return tf.variable(tf.tensor(data, shape), true, `lstm${id}_${name}`);
  };
  const layers = config.layers.map(({ units }, index) => {
    const layer = { kernel: take([inputs + units, 4 * units], `layer${index}_kernel`), bias: take([4 * units], `layer${index}_bias`) };
    inputs = units;
    return layer;
  });
  return { layers, denseKernel: take([inputs, 1], 'dense_kernel'), denseBias: take([1], 'dense_bias') };
}

export function weightsToArrays(weights: LstmWeights): Float32Array[] {
  return allVariables(weights).map((variable) => variable.dataSync() as Float32Array);
}

export function disposeWeights(weights: LstmWeights): void {
  for (const variable of allVariables(weights)) variable.dispose();
}

interface StepState {
  readonly inputAndHidden: Tfjs.Tensor2D;
  readonly cellBefore: Tfjs.Tensor2D;
  readonly i: Tfjs.Tensor2D;
  readonly f: Tfjs.Tensor2D;
  readonly g: Tfjs.Tensor2D;
  readonly o: Tfjs.Tensor2D;
  readonly tanhCell: Tfjs.Tensor2D;
}

export interface ForwardTrace {
  readonly output: Tfjs.Tensor2D;
  /** [layer][step], kept only when `keep` is set, for the backward pass. */
  readonly states: StepState[][];
  /** The last layer's (masked) output at the last step: the dense layer's input. */
  readonly lastHidden: Tfjs.Tensor2D;
}

function gateSlices(tf: typeof Tfjs, kernel: Tfjs.Tensor, bias: Tfjs.Tensor, units: number): { kernels: Tfjs.Tensor2D[]; biases: Tfjs.Tensor1D[] } {
  const rows = kernel.shape[0] as number;
  return {
    kernels: [0, 1, 2, 3].map((gate) => tf.slice(kernel, [0, gate * units], [rows, units]) as Tfjs.Tensor2D),
    biases: [0, 1, 2, 3].map((gate) => tf.slice(bias, [gate * units], [units]) as Tfjs.Tensor1D),
  };
}

/**
 * Forward pass: `steps` tensors [batch, features] to [batch, 1] (a scaled change for
 * regression, a logit for direction). Call inside tf.tidy.
 */
export function lstmForward(tf: typeof Tfjs, weights: LstmWeights, config: LstmConfig, steps: readonly Tfjs.Tensor2D[], masks: DropoutMasks | null, keep: boolean): ForwardTrace {
  const batch = (steps[0] as Tfjs.Tensor2D).shape[0];
  let sequence: readonly Tfjs.Tensor2D[] = steps;
  const states: StepState[][] = [];
  weights.layers.forEach((layer, index) => {
    const units = (config.layers[index] as { units: number }).units;
    const { kernels, biases } = gateSlices(tf, layer.kernel, layer.bias, units);
    const [ki, kf, kg, ko] = kernels as [Tfjs.Tensor2D, Tfjs.Tensor2D, Tfjs.Tensor2D, Tfjs.Tensor2D];
    const [bi, bf, bg, bo] = biases as [Tfjs.Tensor1D, Tfjs.Tensor1D, Tfjs.Tensor1D, Tfjs.Tensor1D];
    const layerMasks = masks?.[index] ?? null;
    const layerStates: StepState[] = [];
    let h: Tfjs.Tensor2D = tf.zeros([batch, units]);
    let c: Tfjs.Tensor2D = tf.zeros([batch, units]);
    const outputs: Tfjs.Tensor2D[] = [];
    sequence.forEach((input, step) => {
      const inputAndHidden = tf.concat([input, h], 1);
      const i = tf.fused.matMul({ a: inputAndHidden, b: ki, bias: bi, activation: 'sigmoid' }) as Tfjs.Tensor2D;
      const f = tf.fused.matMul({ a: inputAndHidden, b: kf, bias: bf, activation: 'sigmoid' }) as Tfjs.Tensor2D;
      const g = tf.tanh(tf.fused.matMul({ a: inputAndHidden, b: kg, bias: bg })) as Tfjs.Tensor2D;
      const o = tf.fused.matMul({ a: inputAndHidden, b: ko, bias: bo, activation: 'sigmoid' }) as Tfjs.Tensor2D;
      const cellBefore = c;
      c = tf.add(tf.mul(f, c), tf.mul(i, g));
      const tanhCell = tf.tanh(c);
      h = tf.mul(o, tanhCell);
      if (keep) layerStates.push({ inputAndHidden, cellBefore, i, f, g, o, tanhCell });
      const mask = layerMasks?.[step];
      outputs.push(mask === undefined ? h : tf.mul(h, mask));
    });
    states.push(layerStates);
    sequence = outputs;
  });
  const lastHidden = sequence[sequence.length - 1] as Tfjs.Tensor2D;
  const output = tf.fused.matMul({ a: lastHidden, b: weights.denseKernel as Tfjs.Tensor2D, bias: weights.denseBias }) as Tfjs.Tensor2D;
  return { output, states, lastHidden };
}

/**
 * Gradients of the loss for every variable (allVariables order) given dLoss/dOutput
 * [batch, 1] and a trace from lstmForward(…, keep = true). Call inside tf.tidy.
 */
export function lstmBackward(tf: typeof Tfjs, weights: LstmWeights, config: LstmConfig, trace: ForwardTrace, masks: DropoutMasks | null, dOutput: Tfjs.Tensor2D): Tfjs.Tensor[] {
  const gradients: Tfjs.Tensor[] = [];
  const denseKernelGrad = tf.matMul(tf.transpose(trace.lastHidden), dOutput);
  const denseBiasGrad = tf.sum(dOutput, 0);
  const layerCount = weights.layers.length;
  // One shared constant: tf.sub(one, x) would upload a fresh scalar tensor on every call.
  const one = tf.scalar(1);
  const stepCount = (trace.states[0] as StepState[]).length;
  // dLoss/d(layer output) per step; only the last step of the top layer feeds the loss.
  let dOutputs: (Tfjs.Tensor2D | null)[] = new Array<Tfjs.Tensor2D | null>(stepCount).fill(null);
  dOutputs[stepCount - 1] = tf.matMul(dOutput, tf.transpose(weights.denseKernel));
  for (let index = layerCount - 1; index >= 0; index -= 1) {
    const layer = weights.layers[index] as { kernel: Tfjs.Variable };
    const units = (config.layers[index] as { units: number }).units;
    const inputs = (layer.kernel.shape[0] as number) - units;
    const kernelT = tf.transpose(layer.kernel);
    const states = trace.states[index] as StepState[];
    const layerMasks = masks?.[index] ?? null;
    const dGates: Tfjs.Tensor2D[] = new Array<Tfjs.Tensor2D>(stepCount);
    const dInputs: (Tfjs.Tensor2D | null)[] = new Array<Tfjs.Tensor2D | null>(stepCount).fill(null);
    let dHidden: Tfjs.Tensor2D | null = null;
    let dCell: Tfjs.Tensor2D | null = null;
    for (let step = stepCount - 1; step >= 0; step -= 1) {
      const { cellBefore, i, f, g, o, tanhCell } = states[step] as StepState;
      const fromAbove = dOutputs[step] ?? null;
      const mask = layerMasks?.[step];
      const masked = fromAbove === null ? null : mask === undefined ? fromAbove : (tf.mul(fromAbove, mask) as Tfjs.Tensor2D);
      const dh: Tfjs.Tensor2D = masked === null ? (dHidden as Tfjs.Tensor2D) : dHidden === null ? masked : (tf.add(masked, dHidden) as Tfjs.Tensor2D);
      const fromHidden = tf.mul(tf.mul(dh, o), tf.sub(one, tf.square(tanhCell))) as Tfjs.Tensor2D;
      const dc: Tfjs.Tensor2D = dCell === null ? fromHidden : tf.add(fromHidden, dCell);
      const dzi = tf.mul(tf.mul(dc, g), tf.mul(i, tf.sub(one, i)));
      const dzf = tf.mul(tf.mul(dc, cellBefore), tf.mul(f, tf.sub(one, f)));
      const dzg = tf.mul(tf.mul(dc, i), tf.sub(one, tf.square(g)));
      const dzo: Tfjs.Tensor2D = tf.mul(tf.mul(dh, tanhCell), tf.mul(o, tf.sub(one, o)));
      const dz = tf.concat([dzi, dzf, dzg, dzo], 1) as Tfjs.Tensor2D;
      dGates[step] = dz;
      dCell = tf.mul(dc, f);
      if (step > 0 || index > 0) {
        const dInputAndHidden: Tfjs.Tensor2D = tf.matMul(dz, kernelT);
        dHidden = tf.slice(dInputAndHidden, [0, inputs], [-1, units]);
        if (index > 0) dInputs[step] = tf.slice(dInputAndHidden, [0, 0], [-1, inputs]);
      }
    }
    const allInputs = tf.concat(states.map((state) => state.inputAndHidden), 0);
    const allGates = tf.concat(dGates, 0);
    gradients.unshift(tf.matMul(tf.transpose(allInputs), allGates), tf.sum(allGates, 0));
    dOutputs = dInputs;
  }
  gradients.push(denseKernelGrad, denseBiasGrad);
  return gradients;
}
