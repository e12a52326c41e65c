import { createHash } from 'node:crypto';
import type * as Tfjs from '@tensorflow/tfjs';
import { AppError } from '../../shared/ipc/errors';
import type { ScalerParams } from './feature-scaler';
import type { FeatureConfig, LstmConfig, TrainingConfig } from './model-config';
import type { RowRange } from './sequences';
import type { HedgeFit } from './spread-features';
import type { TfRuntime } from './tf-backend';

/**
 * What a trained model is, as data: a tf.layers topology and weights (so any TensorFlow.js
 * runtime can load it with tf.io.fromMemory) plus everything needed to use it honestly —
 * the hedge and scaler fitted on its training rows, its configs and windows. A registry's
 * SQLite IO handler stores `serializeArtifact`'s bytes and `sha256`; nothing here touches
 * files.
 */
export interface ModelArtifactMetadata {
  readonly formatVersion: 1;
  readonly createdAtMs: number;
  readonly backend: string;
  readonly featureNames: readonly string[];
  readonly features: FeatureConfig;
  readonly model: LstmConfig;
  readonly training: TrainingConfig;
  readonly hedge: HedgeFit;
  readonly scaler: ScalerParams;
  readonly windows: { readonly fit: RowRange; readonly validation: RowRange; readonly test?: RowRange };
  readonly bestEpoch: number;
  /** Free-form numbers for the registry (metrics beside baselines, data version, …). */
  readonly extra?: Record<string, unknown>;
}

export interface ModelArtifact {
  readonly modelTopology: object;
  readonly weightSpecs: Tfjs.io.WeightsManifestEntry[];
  readonly weightData: ArrayBuffer;
  readonly metadata: ModelArtifactMetadata;
}

const MAGIC = 0x4d425241; // "ARBM" little-endian
const FORMAT_VERSION = 1;

/**
 * The equivalent tf.layers model (LSTM layers with sigmoid recurrent activation, dropout,
 * dense 1) with the trained weights, captured through a save handler into memory.
 */
export async function buildArtifact(runtime: TfRuntime, weights: readonly Float32Array[], metadata: ModelArtifactMetadata): Promise<ModelArtifact> {
  const { tf } = runtime;
  const model = layersModel(tf, metadata);
  try {
    model.setWeights(toLayersWeights(tf, metadata, weights));
    let captured: Tfjs.io.ModelArtifacts | null = null;
    await model.save(
      tf.io.withSaveHandler(async (artifacts) => {
        captured = artifacts;
        return { modelArtifactsInfo: { dateSaved: new Date(metadata.createdAtMs), modelTopologyType: 'JSON' } };
      }),
    );
    const saved = captured as Tfjs.io.ModelArtifacts | null;
    if (saved === null || saved.modelTopology === undefined || saved.weightSpecs === undefined || saved.weightData === undefined) {
      throw new AppError('INTERNAL', 'The tf.layers save handler received no topology or weights.');
    }
    return { modelTopology: saved.modelTopology as object, weightSpecs: saved.weightSpecs, weightData: concatWeightData(saved.weightData), metadata };
  } finally {
    model.dispose();
  }
}

/** Loads an artifact as a tf.layers model (for tools that want one) and as our weight arrays. */
export async function loadArtifact(runtime: TfRuntime, artifact: ModelArtifact): Promise<{ layersModel: Tfjs.LayersModel; weights: Float32Array[] }> {
  const { tf } = runtime;
  return loadArtifactThrough(runtime, tf.io.fromMemory({ modelTopology: artifact.modelTopology, weightSpecs: artifact.weightSpecs, weightData: artifact.weightData }), artifact.metadata);
}

/** The same through any TensorFlow.js IO handler (the registry's SQLite handler). */
export async function loadArtifactThrough(
  runtime: TfRuntime,
  handler: Tfjs.io.IOHandler,
  metadata: ModelArtifactMetadata,
): Promise<{ layersModel: Tfjs.LayersModel; weights: Float32Array[] }> {
  const loaded = await runtime.tf.loadLayersModel(handler);
  return { layersModel: loaded, weights: fromLayersWeights(metadata, loaded.getWeights()) };
}

/** One binary: magic, version, JSON length, JSON (topology, specs, metadata), weights. */
export function serializeArtifact(artifact: ModelArtifact): ArrayBuffer {
  const json = new TextEncoder().encode(JSON.stringify({ modelTopology: artifact.modelTopology, weightSpecs: artifact.weightSpecs, metadata: artifact.metadata }));
  const padded = Math.ceil(json.length / 4) * 4;
  const buffer = new ArrayBuffer(12 + padded + artifact.weightData.byteLength);
  const view = new DataView(buffer);
  view.setUint32(0, MAGIC, true);
  view.setUint32(4, FORMAT_VERSION, true);
  view.setUint32(8, json.length, true);
  new Uint8Array(buffer, 12, json.length).set(json);
  new Uint8Array(buffer, 12 + padded).set(new Uint8Array(artifact.weightData));
  return buffer;
}

export function deserializeArtifact(bytes: ArrayBuffer): ModelArtifact {
  if (bytes.byteLength < 12) throw new AppError('VALIDATION_FAILED', `A model artifact of ${bytes.byteLength} bytes is too short.`);
  const view = new DataView(bytes);
  if (view.getUint32(0, true) !== MAGIC) throw new AppError('VALIDATION_FAILED', 'Not a model artifact (bad magic number).');
  const version = view.getUint32(4, true);
  if (version !== FORMAT_VERSION) throw new AppError('VALIDATION_FAILED', `Model artifact format ${version} is not supported (expected ${FORMAT_VERSION}).`, { version });
  const length = view.getUint32(8, true);
  const padded = Math.ceil(length / 4) * 4;
  if (12 + padded > bytes.byteLength) throw new AppError('VALIDATION_FAILED', 'The model artifact is truncated.');
  const parsed = JSON.parse(new TextDecoder().decode(new Uint8Array(bytes, 12, length))) as Omit<ModelArtifact, 'weightData'>;
  return { ...parsed, weightData: bytes.slice(12 + padded) };
}

export function artifactSha256(bytes: ArrayBuffer): string {
  return createHash('sha256').update(new Uint8Array(bytes)).digest('hex');
}

function layersModel(tf: typeof Tfjs, metadata: ModelArtifactMetadata): Tfjs.Sequential {
  const model = tf.sequential();
  const layers = metadata.model.layers;
  layers.forEach((layer, index) => {
    model.add(
      tf.layers.lstm({
        units: layer.units,
        returnSequences: index < layers.length - 1,
        // tf.layers defaults to hard sigmoid; the trained network uses the logistic sigmoid.
        recurrentActivation: 'sigmoid',
        ...(index === 0 ? { inputShape: [metadata.features.window, metadata.featureNames.length] } : {}),
      }),
    );
    model.add(tf.layers.dropout({ rate: layer.dropout }));
  });
  model.add(tf.layers.dense({ units: 1, activation: metadata.model.target === 'direction' ? 'sigmoid' : 'linear' }));
  return model;
}

/** Our [input + recurrent] kernel becomes tf.layers's separate kernel and recurrent kernel. */
function toLayersWeights(tf: typeof Tfjs, metadata: ModelArtifactMetadata, weights: readonly Float32Array[]): Tfjs.Tensor[] {
  const tensors: Tfjs.Tensor[] = [];
  let inputs = metadata.featureNames.length;
  metadata.model.layers.forEach(({ units }, index) => {
    const kernel = weights[index * 2];
    const bias = weights[index * 2 + 1];
    if (kernel === undefined || bias === undefined) throw new AppError('VALIDATION_FAILED', `Weights for LSTM layer ${index + 1} are missing.`);
    tensors.push(tf.tensor2d(kernel.subarray(0, inputs * 4 * units), [inputs, 4 * units]), tf.tensor2d(kernel.subarray(inputs * 4 * units), [units, 4 * units]), tf.tensor1d(bias));
    inputs = units;
  });
  const count = metadata.model.layers.length * 2;
  tensors.push(tf.tensor2d(weights[count] ?? new Float32Array(0), [inputs, 1]), tf.tensor1d(weights[count + 1] ?? new Float32Array(0)));
  return tensors;
}

function fromLayersWeights(metadata: ModelArtifactMetadata, tensors: Tfjs.Tensor[]): Float32Array[] {
  const arrays = tensors.map((tensor) => tensor.dataSync() as Float32Array);
  const out: Float32Array[] = [];
  metadata.model.layers.forEach((_, index) => {
    const kernel = arrays[index * 3];
    const recurrent = arrays[index * 3 + 1];
    const bias = arrays[index * 3 + 2];
    if (kernel === undefined || recurrent === undefined || bias === undefined) throw new AppError('VALIDATION_FAILED', `The artifact lacks weights for LSTM layer ${index + 1}.`);
    const joined = new Float32Array(kernel.length + recurrent.length);
    joined.set(kernel);
    joined.set(recurrent, kernel.length);
    out.push(joined, bias);
  });
  const count = metadata.model.layers.length * 3;
  out.push(arrays[count] ?? new Float32Array(0), arrays[count + 1] ?? new Float32Array(0));
  return out;
}

function concatWeightData(data: Tfjs.io.WeightData): ArrayBuffer {
  if (data instanceof ArrayBuffer) return data;
  const total = data.reduce((sum, part) => sum + part.byteLength, 0);
  const joined = new Uint8Array(total);
  let offset = 0;
  for (const part of data) {
    joined.set(new Uint8Array(part), offset);
    offset += part.byteLength;
  }
  return joined.buffer;
}
