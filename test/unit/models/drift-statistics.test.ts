import { describe, expect, it } from 'vitest';
import { dieboldMariano, driftConfigSchema, errorDrift, inputDrift, kolmogorovSmirnov, populationStabilityIndex } from '../../../src/main/models/drift-statistics';
import { createSeededRandom } from '../../../src/main/core/random/seeded-random';

const config = driftConfigSchema.parse({});

function normal(count: number, seed: number, mean = 0, sd = 1): Float64Array {
  const random = createSeededRandom(seed);
  return Float64Array.from({ length: count }, () => mean + sd * random.nextNormal());
}

describe('input drift', () => {
  it('stays quiet on an unshifted distribution', () => {
    const reference = normal(1000, 1);
    const current = normal(250, 2);
    expect(populationStabilityIndex(reference, current, 10)).toBeLessThan(0.1);
    expect(kolmogorovSmirnov(reference, current).pValue).toBeGreaterThan(0.05);
    const [drift] = inputDrift(['spread'], [reference], [current], config);
    expect(drift?.drifted).toBe(false);
  });

  it('alarms on a shifted mean and on a widened spread', () => {
    const reference = normal(1000, 1);
    const shifted = inputDrift(['spread', 'volatility'], [reference, reference], [normal(250, 2, 0.8), normal(250, 3, 0, 2.5)], config);
    expect(shifted.map((drift) => drift.drifted)).toEqual([true, true]);
    expect(shifted[0]?.psi).toBeGreaterThan(0.25);
    expect(shifted[0]?.ksPValue).toBeLessThan(1e-6);
  });

  it('computes the KS statistic and PSI by their definitions', () => {
    expect(kolmogorovSmirnov([1, 2, 3, 4], [1, 2, 3, 4]).statistic).toBe(0);
    expect(kolmogorovSmirnov([1, 2, 3, 4], [5, 6, 7, 8]).statistic).toBe(1);
    expect(kolmogorovSmirnov([1, 2, 3, 4], [3, 4, 5, 6]).statistic).toBe(0.5);
    expect(populationStabilityIndex([1, 2, 3, 4], [1, 2, 3, 4], 2)).toBe(0);
    // Two bins split at 3: reference 50/50, current 25/75.
    expect(populationStabilityIndex([1, 2, 3, 4], [1, 3, 4, 5], 2)).toBeCloseTo((0.25 - 0.5) * Math.log(0.5) + (0.75 - 0.5) * Math.log(1.5), 12);
    expect(() => populationStabilityIndex([Number.NaN], [1], 2)).toThrow(/reference sample has no finite values/);
    expect(() => inputDrift(['a', 'b'], [[1]], [[1]], config)).toThrow(/2 reference/);
  });
});

describe('error drift', () => {
  it('alarms when the rolling error outgrows the validation error, not before', () => {
    const actual = normal(60, 4);
    const good = Float64Array.from(actual, (value, index) => value + 0.1 * (index % 2 === 0 ? 1 : -1));
    const quiet = errorDrift(good, actual, 0.01, config);
    expect(quiet.ratio).toBeCloseTo(1, 10);
    expect(quiet.alarm).toBe(false);
    expect(Number.isNaN(quiet.rollingMse[config.errorWindow - 2])).toBe(true);
    const bad = Float64Array.from(good, (value, index) => (index >= 40 ? value + 0.3 : value));
    expect(errorDrift(bad, actual, 0.01, config).alarm).toBe(true);
    expect(() => errorDrift([1], [1, 2], 1, config)).toThrow(/1 predictions/);
    expect(() => errorDrift([1], [1], 0, config)).toThrow(/positive/);
  });
});

describe('Diebold-Mariano', () => {
  it('finds no difference between equally good forecasts and a clear one otherwise', () => {
    const actual = normal(300, 5);
    const noiseA = normal(300, 6, 0, 0.5);
    const noiseB = normal(300, 7, 0, 0.5);
    const champion = actual.map((value, index) => value + (noiseA[index] as number));
    const equal = actual.map((value, index) => value + (noiseB[index] as number));
    expect(dieboldMariano(actual, champion, equal).pValue).toBeGreaterThan(0.05);
    const better = actual.map((value, index) => value + 0.2 * (noiseB[index] as number));
    const result = dieboldMariano(actual, champion, better, 2);
    expect(result.meanDifferential).toBeGreaterThan(0);
    expect(result.statistic).toBeGreaterThan(3);
    expect(result.pValue).toBeLessThan(0.001);
    expect(dieboldMariano([1, 2, 3], [1, 2, 3], [1, 2, 3]).pValue).toBe(1);
    expect(() => dieboldMariano([1, 2], [1, 2], [1, 2])).toThrow(/at least 3/);
    expect(() => dieboldMariano([1, 2, 3], [1, 2], [1, 2, 3])).toThrow(/equal lengths/);
  });
});
