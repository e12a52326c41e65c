import { beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../src/main/core/time/clock';
import { drawCandidates, runSearch, searchConfigSchema } from '../../../src/main/models/hyperparameter-search';
import { predictLstm, trainLstm } from '../../../src/main/models/lstm-training';
import { modelLabConfigSchema } from '../../../src/main/models/model-config';
import { alignPair } from '../../../src/main/models/pair-alignment';
import { syntheticPair } from '../../../src/main/models/synthetic-pair';
import { loadTfRuntime, type TfRuntime } from '../../../src/main/models/tf-backend';
import type { FoldPredictor, FoldTrainer } from '../../../src/main/models/walk-forward-experiment';

let runtime: TfRuntime;
let predict: FoldPredictor;
beforeAll(async () => {
  runtime = await loadTfRuntime();
  predict = (model, weights, data) => predictLstm(runtime, model, weights, data);
});

const base = modelLabConfigSchema.parse({
  features: { window: 6, zScoreLookback: 5, volatilityLookback: 5 },
  training: { epochs: 3, batchSize: 32, learningRate: 0.01, patience: 100 },
  walkForward: { folds: 2, testRows: 40, trainRows: 120, purgeRows: 1, embargoRows: 3 },
});
const space = searchConfigSchema.parse({ trials: 3, eta: 3, minEpochs: 1, layerCount: { min: 1, max: 3 }, units: { min: 2, max: 6 }, batchSizes: [32, 64], seed: 11 });
const { y, x } = syntheticPair({ rows: 320, seed: 4 });
const pair = alignPair(y, x, 3);
const holdout = { fromRow: 270, toRow: 319 };

function trainer(clock: ManualClock, msPerFold = 0): FoldTrainer {
  return async (input) => {
    clock.advance(msPerFold);
    return trainLstm(input, { runtime, clock });
  };
}

describe('hyperparameter search', () => {
  it('searches the architecture (layer count and units), not only rates, reproducibly from its seed', () => {
    const drawn = drawCandidates(base, searchConfigSchema.parse({ trials: 30, seed: 5 }));
    expect(new Set(drawn.map((candidate) => candidate.model.layers.length)).size).toBeGreaterThan(1);
    expect(new Set(drawn.map((candidate) => candidate.model.layers[0]?.units)).size).toBeGreaterThan(5);
    expect(new Set(drawn.map((candidate) => candidate.training.learningRate)).size).toBe(30);
    expect(drawCandidates(base, searchConfigSchema.parse({ trials: 30, seed: 5 }))).toEqual(drawn);
  });

  it('successive halving scores on purged folds before the held-out window only: poisoning that window changes nothing', async () => {
    const clean = await runSearch(pair, holdout, base, space, { train: trainer(new ManualClock(0)), predict, clock: new ManualClock(0) });
    expect(clean.trials.filter((trial) => trial.rung === 0)).toHaveLength(3);
    expect(clean.trials.filter((trial) => trial.rung === 1)).toEqual([expect.objectContaining({ candidate: clean.best, epochs: 3 })]);
    const poisonedY = Float64Array.from(pair.y).map((value, row) => (row >= holdout.fromRow ? value * (row % 2 === 0 ? 40 : 0.01) : value));
    const poisoned = await runSearch({ ...pair, y: poisonedY }, holdout, base, space, { train: trainer(new ManualClock(0)), predict, clock: new ManualClock(0) });
    expect(poisoned).toEqual(clean);
  });

  it('stops at its time budget and reports the best trial so far', async () => {
    const clock = new ManualClock(0);
    const result = await runSearch(pair, holdout, base, { ...space, method: 'random', budgetMs: 1500 }, { train: trainer(clock, 500), predict, clock });
    // Two folds of 500 ms per trial: the second trial starts at 1000 ms, the third would start at 2000 ms.
    expect(result.trials).toHaveLength(2);
    expect(result.stoppedByBudget).toBe(true);
    expect([0, 1]).toContain(result.best);
  });
});
