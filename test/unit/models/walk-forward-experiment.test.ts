import { beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../src/main/core/time/clock';
import { predictLstm, trainLstm } from '../../../src/main/models/lstm-training';
import { lstmConfigSchema, modelLabConfigSchema } from '../../../src/main/models/model-config';
import { alignPair } from '../../../src/main/models/pair-alignment';
import { syntheticPair } from '../../../src/main/models/synthetic-pair';
import { loadTfRuntime, type TfRuntime } from '../../../src/main/models/tf-backend';
import { runWalkForward, selectModel, type FoldPredictor, type FoldTrainer } from '../../../src/main/models/walk-forward-experiment';

let runtime: TfRuntime;
let train: FoldTrainer;
let predict: FoldPredictor;
beforeAll(async () => {
  runtime = await loadTfRuntime();
  train = (input) => trainLstm(input, { runtime, clock: new ManualClock(0) });
  predict = (model, weights, data) => predictLstm(runtime, model, weights, data);
});

const config = modelLabConfigSchema.parse({
  features: { window: 6, zScoreLookback: 5, volatilityLookback: 5 },
  model: { layers: [{ units: 3, dropout: 0 }] },
  training: { epochs: 2, batchSize: 32, learningRate: 0.01 },
  walkForward: { folds: 2, testRows: 40, trainRows: 120, purgeRows: 1, embargoRows: 3 },
});
const { y, x } = syntheticPair({ rows: 320, seed: 4 });
const pair = alignPair(y, x, 3);

describe('walk-forward', () => {
  it('retrains each fold and scores it on its own test range beside the baselines', async () => {
    const outcomes = await runWalkForward(pair, 320, config, train, predict);
    expect(outcomes.map((outcome) => outcome.fold.test)).toEqual([
      { fromRow: 240, toRow: 279 },
      { fromRow: 280, toRow: 319 },
    ]);
    for (const { test, training } of outcomes) {
      expect(training.trainLoss).toHaveLength(2);
      expect(test.lstm.regression?.mse).toBeGreaterThan(0);
      expect(test.ar1.regression?.mse).toBeGreaterThan(0);
    }
  });

  it('selection is scored on folds before the held-out window: poisoning that window changes nothing', async () => {
    const candidates = [lstmConfigSchema.parse({ layers: [{ units: 2, dropout: 0 }] }), lstmConfigSchema.parse({ layers: [{ units: 4, dropout: 0 }] })];
    const holdout = { fromRow: 270, toRow: 319 };
    const clean = await selectModel(pair, holdout, config, candidates, train, predict);
    const poisonedY = Float64Array.from(pair.y).map((value, row) => (row >= holdout.fromRow ? value * (row % 2 === 0 ? 40 : 0.01) : value));
    const poisoned = await selectModel({ ...pair, y: poisonedY }, holdout, config, candidates, train, predict);
    expect(poisoned).toEqual(clean);
    expect(clean.scores).toHaveLength(2);
    expect(clean.scores.every((score) => Number.isFinite(score.score))).toBe(true);
    await expect(selectModel(pair, holdout, config, [], train, predict)).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
  });
});
