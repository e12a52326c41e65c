import { spawnSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pino from 'pino';
import type { Benchmark } from './harness';
import { systemClock } from '../src/main/core/time/clock';
import { chronologicalSplit } from '../src/main/models/data-splits';
import type { SampleData } from '../src/main/models/lstm-batches';
import { predictLstm, trainLstm, type TrainLstmInput } from '../src/main/models/lstm-training';
import { defaultModelLabConfig, type ModelLabConfig } from '../src/main/models/model-config';
import { prepareDataset } from '../src/main/models/model-dataset';
import { toSampleData } from '../src/main/models/model-experiment';
import { alignPair } from '../src/main/models/pair-alignment';
import { syntheticPair } from '../src/main/models/synthetic-pair';
import { loadTfRuntime, type TfRuntime } from '../src/main/models/tf-backend';
import { trainWorker } from '../src/main/workers/train.descriptor';
import { WorkerPool } from '../src/main/workers/worker-pool';
import { makeTempHome } from '../test/helpers/temp-home';

/*
 * The model lab's speed against PyTorch on the same machine, in the same run: the default
 * model (60 steps, LSTM 50 → dropout 0.2 → LSTM 30 → dropout 0.2 → dense 1) trained with
 * Adam on MSE, same batch size, learning rate, epochs and sequences (written to a temp dir
 * for bench/torch_lstm.py). ARBDESK_BENCH_BATCH and ARBDESK_BENCH_LR override the batch
 * size and learning rate for both sides (see docs/models.md for what was tried).
 * Usage: tsx bench/run.ts models
 */

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const python = '/usr/bin/python3';
const torchScript = path.join(repoRoot, 'bench', 'torch_lstm.py');
const batchSize = Number(process.env['ARBDESK_BENCH_BATCH'] ?? 32);
const learningRate = Number(process.env['ARBDESK_BENCH_LR'] ?? 0.001);
const folds = 4;
// ARBDESK_BENCH_NO_PEER=1 skips PyTorch (quick TF.js-only runs while developing).
const withPeer = process.env['ARBDESK_BENCH_NO_PEER'] !== '1';

function benchConfig(): ModelLabConfig {
  const config = defaultModelLabConfig();
  return { ...config, training: { ...config.training, batchSize, learningRate, patience: 1000 } };
}

/** Sequences of a seeded synthetic pair through the real pipeline (~`count` fit samples). */
function sequences(count: number, seed: number): { fit: SampleData; validation: SampleData } {
  const config = benchConfig();
  const rows = Math.ceil((count + 80) / 0.7);
  const { y, x } = syntheticPair({ rows, seed });
  const dataset = prepareDataset(alignPair(y, x, config.features.maxForwardFillRows), chronologicalSplit(rows, config.split), config.features);
  const fit = toSampleData(dataset.fit, 'regression');
  const keep = Math.min(count, fit.count);
  return {
    fit: { ...fit, count: keep, inputs: fit.inputs.slice(0, keep * fit.window * fit.features), targets: fit.targets.slice(0, keep) },
    validation: toSampleData(dataset.validation, 'regression'),
  };
}

interface TorchResult {
  epochSeconds: number[];
  predictionsPerSecond: number;
}

/** The PyTorch peer on the same samples; null when Debian's torch is not installed. */
function torch(data: SampleData, epochs: number): TorchResult | null {
  if (!withPeer || !existsSync(python)) return null;
  const temp = makeTempHome('arbdesk-bench-torch-');
  try {
    writeFileSync(path.join(temp.dir, 'inputs.f32'), Buffer.from(data.inputs.buffer, data.inputs.byteOffset, data.inputs.byteLength));
    writeFileSync(path.join(temp.dir, 'targets.f32'), Buffer.from(data.targets.buffer, data.targets.byteOffset, data.targets.byteLength));
    writeFileSync(path.join(temp.dir, 'shape.json'), JSON.stringify({ count: data.count, window: data.window, features: data.features }));
    const args = [torchScript, '--data', temp.dir, '--batch', String(batchSize), '--lr', String(learningRate), '--epochs', String(epochs), '--threads', '2'];
    const result = spawnSync(python, args, { encoding: 'utf8' });
    if (result.status !== 0) throw new Error(`torch_lstm.py failed (${result.status}): ${result.stderr}`);
    return JSON.parse(result.stdout.trim().split('\n').pop() ?? '{}') as TorchResult;
  } finally {
    temp.cleanup();
  }
}

function trainingInput(data: { fit: SampleData; validation: SampleData }, epochs: number): TrainLstmInput {
  const config = benchConfig();
  return { model: config.model, training: { ...config.training, epochs }, fit: data.fit, validation: data.validation };
}

/** Median training epoch time in seconds (validation is not part of PyTorch's epoch either). */
async function tfjsEpochSeconds(runtime: TfRuntime, data: { fit: SampleData; validation: SampleData }, epochs: number): Promise<number> {
  // Validation on a handful of samples keeps the timed epoch comparable with PyTorch's.
  const small = { ...data, validation: { ...data.validation, count: 1, inputs: data.validation.inputs.slice(0, data.validation.window * data.validation.features), targets: data.validation.targets.slice(0, 1) } };
  const result = await trainLstm(trainingInput(small, epochs), { runtime, clock: systemClock });
  const sorted = [...result.epochMs].sort((a, b) => a - b);
  return (sorted[Math.floor(sorted.length / 2)] as number) / 1000;
}

let runtime: TfRuntime;
let onePair: { fit: SampleData; validation: SampleData };

export const benchmarks: Benchmark[] = [
  {
    name: 'LSTM training epoch, one pair',
    inputs: `Default model, ~1,100 sequences of 60 steps × 5 features from a seeded synthetic pair, batch ${batchSize}, Adam lr ${learningRate}; 2 epochs per run, median epoch. Backend: the one ArbDesk picks (tf.getBackend() verified). Baseline: the identical model in PyTorch (2 threads) on the same sequences, measured in the same run.`,
    runs: 2,
    metrics: [
      { name: 'epoch', unit: 's' },
      { name: 'predict', unit: 'seq/s' },
    ],
    async setup(): Promise<Record<string, { label: string; value: number }>> {
      runtime = await loadTfRuntime();
      console.log(`    backend: ${runtime.backend} (${runtime.detail})`);
      onePair = sequences(1100, 1);
      const peer = torch(onePair.fit, 3);
      if (peer === null) return {};
      const epochs = peer.epochSeconds.slice(1).sort((a, b) => a - b);
      return {
        epoch: { label: 'PyTorch CPU, 2 threads', value: epochs[Math.floor(epochs.length / 2)] as number },
        predict: { label: 'PyTorch CPU, 2 threads', value: peer.predictionsPerSecond },
      };
    },
    async run() {
      const epoch = await tfjsEpochSeconds(runtime, onePair, 2);
      const weights = (await trainLstm(trainingInput(onePair, 1), { runtime, clock: systemClock })).weights;
      const started = performance.now();
      predictLstm(runtime, benchConfig().model, weights, onePair.fit);
      return { epoch, predict: onePair.fit.count / ((performance.now() - started) / 1000) };
    },
  },
  {
    name: 'LSTM training epoch, 20,000 sequences',
    inputs: `Default model, 20,000 sequences from a seeded synthetic pair, batch ${batchSize}; one epoch. Baseline: PyTorch (2 threads), one epoch of the same sequences in the same run.`,
    runs: 1,
    metrics: [{ name: 'epoch', unit: 's' }],
    async setup(): Promise<Record<string, { label: string; value: number }>> {
      runtime = await loadTfRuntime();
      const peer = torch(sequences(20_000, 2).fit, 1);
      return peer === null ? {} : { epoch: { label: 'PyTorch CPU, 2 threads', value: peer.epochSeconds[0] as number } };
    },
    async run() {
      return { epoch: await tfjsEpochSeconds(runtime, sequences(20_000, 2), 1) };
    },
  },
  {
    name: 'Walk-forward retraining on both cores',
    inputs: `${folds} independent trainings (one per fold) of the default model, 1 epoch each on ~1,100 sequences, batch ${batchSize}, run as train.worker.ts jobs in a pool of 2 worker threads. Baseline: PyTorch (2 threads) training the same ${folds} models one after another, in the same run.`,
    runs: 1,
    metrics: [{ name: 'wall', unit: 's' }],
    async setup(): Promise<Record<string, { label: string; value: number }>> {
      const data = Array.from({ length: folds }, (_, fold) => sequences(1100, 10 + fold).fit);
      let total = 0;
      for (const fit of data) {
        const peer = torch(fit, 1);
        if (peer === null) return {};
        total += peer.epochSeconds[0] as number;
      }
      return { wall: { label: `PyTorch, ${folds} trainings in sequence`, value: total } };
    },
    async run() {
      const pool = new WorkerPool(pino({ level: 'silent' }), 2);
      try {
        const started = performance.now();
        await Promise.all(Array.from({ length: folds }, (_, fold) => pool.run(trainWorker, trainingInput(sequences(1100, 10 + fold), 1))));
        return { wall: (performance.now() - started) / 1000 };
      } finally {
        await pool.close();
      }
    },
  },
];
