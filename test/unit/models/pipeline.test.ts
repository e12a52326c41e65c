import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { alignPair } from '../../../src/main/models/pair-alignment';
import { chronologicalSplit, walkForwardFolds } from '../../../src/main/models/data-splits';
import { fitScaler } from '../../../src/main/models/feature-scaler';
import { featureConfigSchema, splitConfigSchema, walkForwardConfigSchema } from '../../../src/main/models/model-config';
import { prepareDataset } from '../../../src/main/models/model-dataset';
import { buildSequences } from '../../../src/main/models/sequences';
import { computeFeatures, featureCount, fitHedge } from '../../../src/main/models/spread-features';
import { syntheticPair } from '../../../src/main/models/synthetic-pair';
import { rejectionOf } from '../../helpers/app-error';

const features = featureConfigSchema.parse({ window: 10, zScoreLookback: 5, volatilityLookback: 5 });

function series(days: number[], closes: number[]): { days: Int32Array; closes: Float64Array } {
  return { days: Int32Array.from(days), closes: Float64Array.from(closes) };
}

describe('alignPair', () => {
  it('carries a close forward up to the configured gap and never zero-fills', () => {
    const y = series([1, 2, 3, 4, 5, 6, 7], [10, 11, 12, 13, 14, 15, 16]);
    const x = series([1, 2, 6, 7], [20, 21, 25, 26]);
    const pair = alignPair(y, x, 2);
    expect(Array.from(pair.x)).toEqual([20, 21, 21, 21, Number.NaN, 25, 26]);
    expect(Array.from(pair.usable)).toEqual([1, 1, 1, 1, 0, 1, 1]);
    expect(pair.filledRows).toBe(2);
    expect(Array.from(pair.x).some((value) => value === 0)).toBe(false);
  });

  it('leaves rows before a leg starts unusable and treats a NaN close as missing', () => {
    const pair = alignPair(series([1, 2, 3], [1, 2, 3]), series([2, 3], [Number.NaN, 4]), 5);
    expect(Array.from(pair.usable)).toEqual([0, 0, 1]);
  });

  it('rejects unsorted days, non-positive closes and ragged columns', async () => {
    expect(() => alignPair(series([2, 1], [1, 1]), series([1], [1]), 1)).toThrow(/strictly ascending/);
    expect(() => alignPair(series([1], [0]), series([1], [1]), 1)).toThrow(/not positive/);
    const ragged = { days: Int32Array.from([1, 2]), closes: Float64Array.from([1]) };
    expect((await rejectionOf((async () => alignPair(ragged, series([1], [1]), 1))())).code).toBe('VALIDATION_FAILED');
  });
});

describe('features and sequences', () => {
  const { y, x } = syntheticPair({ rows: 200, seed: 7 });
  const pair = alignPair(y, x, 3);

  it('recovers the hedge of a cointegrated pair from the training rows', () => {
    const hedge = fitHedge(pair, 0, 149);
    expect(hedge.beta).toBeGreaterThan(1.0);
    expect(hedge.beta).toBeLessThan(1.4);
    expect(() => fitHedge(alignPair(series([1, 2, 3, 4], [1, 2, 3, 4]), series([1, 2, 3, 4], [5, 5, 5, 5]), 0), 0, 3)).toThrow(/constant leg/);
  });

  it('computes the spread, z-score, returns and volatility from rows ≤ t', () => {
    const hedge = fitHedge(pair, 0, 149);
    const table = computeFeatures(pair, hedge, features);
    const t = 50;
    const spreadAt = (row: number): number => Math.log(pair.y[row] as number) - hedge.beta * Math.log(pair.x[row] as number) - hedge.alpha;
    expect(table.values[t * featureCount]).toBeCloseTo(spreadAt(t), 12);
    const recent = [46, 47, 48, 49, 50].map(spreadAt);
    const mean = recent.reduce((a, b) => a + b) / 5;
    const sd = Math.sqrt(recent.reduce((a, b) => a + (b - mean) ** 2, 0) / 4);
    expect(table.values[t * featureCount + 1]).toBeCloseTo((spreadAt(t) - mean) / sd, 10);
    expect(table.values[t * featureCount + 2]).toBeCloseTo(Math.log((pair.y[t] as number) / (pair.y[t - 1] as number)), 12);
    expect(table.values[t * featureCount + 3]).toBeCloseTo(Math.log((pair.x[t] as number) / (pair.x[t - 1] as number)), 12);
    expect(Number.isNaN(table.values[3 * featureCount + 1])).toBe(true);
    expect(table.values[t * featureCount + 4]).toBeGreaterThan(0);
  });

  it('builds a sample per complete window with targets about the next row', () => {
    const hedge = fitHedge(pair, 0, 149);
    const table = computeFeatures(pair, hedge, features);
    const scaler = fitScaler(table, 0, 149);
    const set = buildSequences(table, scaler, features.window, { fromRow: 0, toRow: 149 });
    // Row 5 is the first with a volatility (5 changes need rows 1…5), so windows end at 14…148.
    expect(set.endRow[0]).toBe(14);
    expect(set.endRow[set.count - 1]).toBe(148);
    const last = set.count - 1;
    expect(set.change[last]).toBeCloseTo((table.spread[149] as number) - (table.spread[148] as number), 14);
    expect(set.direction[last]).toBe((set.change[last] as number) > 0 ? 1 : 0);
    expect(set.inputs.length).toBe(set.count * features.window * featureCount);
  });

  it('no look-ahead: changing data after t changes no feature or sequence ending at t', () => {
    const hedge = fitHedge(pair, 0, 99);
    const base = computeFeatures(pair, hedge, features);
    const scaler = fitScaler(base, 0, 99);
    fc.assert(
      fc.property(fc.integer({ min: 20, max: 190 }), fc.array(fc.double({ min: 0.01, max: 1e6, noNaN: true }), { minLength: 1, maxLength: 5 }), (t, replacements) => {
        const y2 = Float64Array.from(pair.y);
        const x2 = Float64Array.from(pair.x);
        replacements.forEach((value, index) => {
          const row = Math.min(199, t + 1 + index * 3);
          y2[row] = value;
          x2[Math.min(199, row + 1)] = value * 2;
        });
        const changed = computeFeatures({ ...pair, y: y2, x: x2 }, hedge, features);
        for (let index = 0; index < (t + 1) * featureCount; index += 1) {
          expect(Object.is(changed.values[index], base.values[index])).toBe(true);
        }
        // Windows ending at t−1 or earlier (targets at ≤ t) are identical too.
        const before = buildSequences(base, scaler, features.window, { fromRow: 0, toRow: t });
        const after = buildSequences(changed, scaler, features.window, { fromRow: 0, toRow: t });
        expect(after.inputs).toEqual(before.inputs);
        expect(after.change).toEqual(before.change);
        // And the window ending at t itself has the same inputs, whatever happens at t+1.
        const window = (table: typeof base): number[] => Array.from(table.values.subarray((t - features.window + 1) * featureCount, (t + 1) * featureCount));
        expect(window(changed)).toEqual(window(base));
      }),
      { numRuns: 40 },
    );
  });

  it('the whole dataset preparation is blind to rows after the fit range', () => {
    const split = chronologicalSplit(200, splitConfigSchema.parse({ trainFraction: 0.6, validationFraction: 0.2 }));
    const base = prepareDataset(pair, split, features);
    const y2 = Float64Array.from(pair.y).map((value, row) => (row > split.fit.toRow ? value * 50 : value));
    const poisoned = prepareDataset({ ...pair, y: y2 }, split, features);
    expect(poisoned.hedge).toEqual(base.hedge);
    expect(poisoned.fit.inputs).toEqual(base.fit.inputs);
  });
});

describe('scaler', () => {
  it('is fitted on the training window only: poisoning the test window leaves it unchanged', () => {
    const { y, x } = syntheticPair({ rows: 300, seed: 11 });
    const pair = alignPair(y, x, 3);
    const split = chronologicalSplit(300, splitConfigSchema.parse({}));
    const clean = prepareDataset(pair, split, features);
    const yPoisoned = Float64Array.from(pair.y);
    const xPoisoned = Float64Array.from(pair.x);
    for (let row = split.test.fromRow; row <= split.test.toRow; row += 1) {
      yPoisoned[row] = 1e12 * (1 + (row % 7));
      xPoisoned[row] = 1e-6;
    }
    const poisoned = prepareDataset({ ...pair, y: yPoisoned, x: xPoisoned }, split, features);
    expect(poisoned.scaler).toEqual(clean.scaler);
    expect(poisoned.test.inputs).not.toEqual(clean.test.inputs);
    // The scaler really is fitted: training inputs are centred with unit spread.
    const spreadColumn = Array.from(clean.fit.inputs).filter((_, index) => index % featureCount === 0);
    const mean = spreadColumn.reduce((a, b) => a + b) / spreadColumn.length;
    expect(Math.abs(mean)).toBeLessThan(0.3);
  });

  it('refuses a training range without enough finite values', () => {
    const { y, x } = syntheticPair({ rows: 40, seed: 1 });
    const table = computeFeatures(alignPair(y, x, 0), { beta: 1, alpha: 0, fromRow: 0, toRow: 3 }, features);
    expect(() => fitScaler(table, 0, 3)).toThrow(/finite values/);
  });
});

describe('splits', () => {
  it('splits chronologically with the purge and embargo between ranges', () => {
    const split = chronologicalSplit(1000, splitConfigSchema.parse({ purgeRows: 2, embargoRows: 3 }));
    expect(split.fit).toEqual({ fromRow: 0, toRow: 699 });
    expect(split.validation).toEqual({ fromRow: 705, toRow: 849 });
    expect(split.test).toEqual({ fromRow: 855, toRow: 999 });
    expect(() => chronologicalSplit(10, splitConfigSchema.parse({ embargoRows: 5 }))).toThrow(/too few/);
    expect(() => splitConfigSchema.parse({ trainFraction: 0.8, validationFraction: 0.3 })).toThrow();
  });

  it('walk-forward: sample windows never overlap across the purge and embargo', () => {
    const { y, x } = syntheticPair({ rows: 700, seed: 3 });
    const pair = alignPair(y, x, 3);
    fc.assert(
      fc.property(
        fc.record({
          folds: fc.integer({ min: 1, max: 4 }),
          testRows: fc.integer({ min: 30, max: 80 }),
          trainRows: fc.integer({ min: 200, max: 300 }),
          anchored: fc.boolean(),
          purgeRows: fc.integer({ min: 0, max: 3 }),
          embargoRows: fc.integer({ min: 0, max: 10 }),
          window: fc.integer({ min: 3, max: 12 }),
        }),
        (drawn) => {
          const config = walkForwardConfigSchema.parse(drawn);
          const folds = walkForwardFolds(700, config);
          const gap = config.purgeRows + config.embargoRows;
          const featureConfig = featureConfigSchema.parse({ window: drawn.window, zScoreLookback: 5, volatilityLookback: 5 });
          folds.forEach((fold, index) => {
            const data = prepareDataset(pair, fold, featureConfig);
            // A sample spans its window and its target row: endRow − window + 1 … endRow + 1.
            const lastFit = (data.fit.endRow[data.fit.count - 1] as number) + 1;
            const firstValidation = (data.validation.endRow[0] as number) - drawn.window + 1;
            const lastValidation = (data.validation.endRow[data.validation.count - 1] as number) + 1;
            const firstTest = (data.test.endRow[0] as number) - drawn.window + 1;
            expect(firstValidation - lastFit - 1).toBeGreaterThanOrEqual(gap);
            expect(firstTest - lastValidation - 1).toBeGreaterThanOrEqual(gap);
            expect(fold.test.fromRow - fold.validation.toRow - 1).toBe(gap);
            if (index > 0) expect(fold.test.fromRow).toBe((folds[index - 1] as typeof fold).test.toRow + 1);
          });
          expect((folds[folds.length - 1] as (typeof folds)[number]).test.toRow).toBe(699);
        },
      ),
      { numRuns: 30 },
    );
  });

  it('refuses folds that need rows before the first', () => {
    expect(() => walkForwardFolds(300, walkForwardConfigSchema.parse({ folds: 3, testRows: 100, trainRows: 200 }))).toThrow(/too few/);
    expect(() => walkForwardFolds(300, walkForwardConfigSchema.parse({ folds: 1, testRows: 290, anchored: true, embargoRows: 5 }))).toThrow(/cannot hold/);
  });
});
