import { beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../src/main/core/time/clock';
import { chronologicalSplit } from '../../../src/main/models/data-splits';
import { predictLstm } from '../../../src/main/models/lstm-training';
import { artifactSha256, buildArtifact, deserializeArtifact, loadArtifact, serializeArtifact } from '../../../src/main/models/model-artifact';
import { modelLabConfigSchema } from '../../../src/main/models/model-config';
import { runExperiment, toSampleData } from '../../../src/main/models/model-experiment';
import { alignPair } from '../../../src/main/models/pair-alignment';
import { syntheticPair } from '../../../src/main/models/synthetic-pair';
import { loadTfRuntime, type TfRuntime } from '../../../src/main/models/tf-backend';
import { rejectionOf } from '../../helpers/app-error';

let runtime: TfRuntime;
beforeAll(async () => {
  runtime = await loadTfRuntime();
});

const config = modelLabConfigSchema.parse({
  features: { window: 8, zScoreLookback: 5, volatilityLookback: 5 },
  model: { layers: [{ units: 4, dropout: 0.2 }, { units: 3, dropout: 0.2 }] },
  training: { epochs: 3, batchSize: 32, learningRate: 0.01, seed: 3 },
});

async function experiment(target: 'regression' | 'direction' = 'regression') {
  const { y, x } = syntheticPair({ rows: 260, seed: 21 });
  const pair = alignPair(y, x, 3);
  const split = chronologicalSplit(260, config.split);
  return runExperiment(pair, split, { ...config, model: { ...config.model, target } }, { runtime, clock: new ManualClock(1_700_000_000_000) });
}

describe('model experiment', () => {
  it('reports the model beside all three baselines on validation and test', async () => {
    const result = await experiment();
    for (const report of [result.validation, result.test]) {
      expect(Object.keys(report).sort()).toEqual(['ar1', 'lstm', 'zScoreRule', 'zeroChange']);
      expect(report.zScoreRule.regression).toBeNull();
      expect(report.lstm.regression?.mse).toBeGreaterThan(0);
      for (const forecaster of Object.values(report)) {
        expect(config.evaluation.thresholdCandidates).toContain(forecaster.direction.threshold);
        expect(forecaster.direction.accuracy).toBeGreaterThanOrEqual(0);
        expect(forecaster.direction.logLoss).toBeGreaterThan(0);
      }
    }
    // The zero-change forecast's MSE is the mean squared change itself.
    const test = result.dataset.test;
    const meanSquare = Array.from(test.change).reduce((sum, value) => sum + value * value, 0) / test.count;
    expect(result.test.zeroChange.regression?.mse).toBeCloseTo(meanSquare, 15);
    expect(result.metadata.createdAtMs).toBe(1_700_000_000_000);
    expect(result.metadata.scaler).toEqual(result.dataset.scaler);
  });

  it('a direction model reports probabilities and no regression metrics', async () => {
    const result = await experiment('direction');
    expect(result.test.lstm.regression).toBeNull();
    expect(result.test.lstm.direction.logLoss).toBeGreaterThan(0);
  });
});

describe('model artifact', () => {
  it('save → load round trip gives identical predictions, through tf.io and through bytes', async () => {
    const result = await experiment();
    const samples = toSampleData(result.dataset.test, 'regression');
    const before = predictLstm(runtime, config.model, result.training.weights, samples);
    const artifact = await buildArtifact(runtime, result.training.weights, result.metadata);
    const bytes = serializeArtifact(artifact);
    const restored = deserializeArtifact(bytes);
    expect(restored.metadata).toEqual(result.metadata);
    const { layersModel, weights } = await loadArtifact(runtime, restored);
    try {
      expect(predictLstm(runtime, config.model, weights, samples)).toEqual(before);
      // The tf.layers model computes the same function (its own kernels, so to rounding).
      const tf = runtime.tf;
      const layered = tf.tidy(() => (layersModel.predict(tf.tensor3d(samples.inputs, [samples.count, samples.window, samples.features])) as ReturnType<typeof tf.tensor2d>).dataSync());
      Array.from(layered).forEach((value, index) => expect(value).toBeCloseTo(before[index] as number, 4));
    } finally {
      layersModel.dispose();
    }
    const hash = artifactSha256(bytes);
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(artifactSha256(serializeArtifact(restored))).toBe(hash);
    const changed = new Uint8Array(bytes.slice(0));
    changed[changed.length - 1] = (changed[changed.length - 1] as number) ^ 1;
    expect(artifactSha256(changed.buffer)).not.toBe(hash);
  });

  it('refuses bytes that are not an artifact', async () => {
    expect(() => deserializeArtifact(new ArrayBuffer(4))).toThrow(/too short/);
    expect(() => deserializeArtifact(new ArrayBuffer(16))).toThrow(/magic/);
    const bad = new ArrayBuffer(16);
    new DataView(bad).setUint32(0, 0x4d425241, true);
    new DataView(bad).setUint32(4, 9, true);
    expect((await rejectionOf((async () => deserializeArtifact(bad))())).details).toEqual({ version: 9 });
    new DataView(bad).setUint32(4, 1, true);
    new DataView(bad).setUint32(8, 400, true);
    expect(() => deserializeArtifact(bad)).toThrow(/truncated/);
  });
});
