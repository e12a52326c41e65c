import { describe, expect, it } from 'vitest';
import { createSeededRandom } from '../../../src/main/core/random/seeded-random';
import { adfuller } from '../../../src/main/stats/adf';
import { adfMinimumLength } from '../../../src/main/stats/adf-core';
import { alignOnCommonDays } from '../../../src/main/stats/align';
import { returnCorrelation } from '../../../src/main/stats/correlation';
import { engleGranger } from '../../../src/main/stats/engle-granger';
import { halfLife } from '../../../src/main/stats/half-life';
import { hurstExponent } from '../../../src/main/stats/hurst';
import { johansen } from '../../../src/main/stats/johansen';
import { olsWithIntercept } from '../../../src/main/stats/ols';
import { rollingOls } from '../../../src/main/stats/rolling-ols';
import { describeFailure, type StatsFailure, type StatsResult } from '../../../src/main/stats/stats-result';

function randomWalk(seed: number, length: number): Float64Array {
  const random = createSeededRandom(seed);
  const out = new Float64Array(length);
  out[0] = 100;
  for (let t = 1; t < length; t += 1) out[t] = (out[t - 1] as number) + random.nextNormal();
  return out;
}

function reasonOf<T>(result: StatsResult<T>): StatsFailure {
  if (result.ok) throw new Error(`expected a failure, got ${JSON.stringify(result.value)}`);
  expect(describeFailure(result.reason).length).toBeGreaterThan(0);
  return result.reason;
}

describe('bad input gets a typed reason, never a fake statistic', () => {
  const y = randomWalk(1, 300);
  const x = randomWalk(2, 300);

  it('NaN or infinity in either series', () => {
    const withNaN = Float64Array.from(y);
    withNaN[17] = Number.NaN;
    expect(reasonOf(engleGranger(withNaN, x))).toEqual({ kind: 'non-finite', series: 'y', index: 17 });
    const withInfinity = Float64Array.from(x);
    withInfinity[3] = Number.POSITIVE_INFINITY;
    expect(reasonOf(engleGranger(y, withInfinity))).toEqual({ kind: 'non-finite', series: 'x', index: 3 });
    expect(reasonOf(adfuller(withNaN))).toEqual({ kind: 'non-finite', series: 'series', index: 17 });
    expect(reasonOf(johansen([withNaN, x])).kind).toBe('non-finite');
    expect(reasonOf(olsWithIntercept(withNaN, x)).kind).toBe('non-finite');
    expect(reasonOf(halfLife(withNaN)).kind).toBe('non-finite');
    expect(reasonOf(hurstExponent(withNaN)).kind).toBe('non-finite');
    expect(reasonOf(rollingOls(withNaN, x, 20)).kind).toBe('non-finite');
    expect(reasonOf(returnCorrelation(withNaN, x)).kind).toBe('non-finite');
  });

  it('constant series', () => {
    const flat = new Float64Array(300).fill(42);
    expect(reasonOf(engleGranger(flat, x))).toEqual({ kind: 'constant-series', series: 'y' });
    expect(reasonOf(engleGranger(y, flat))).toEqual({ kind: 'constant-series', series: 'x' });
    expect(reasonOf(adfuller(flat))).toEqual({ kind: 'constant-series', series: 'series' });
    expect(reasonOf(johansen([y, flat])).kind).toBe('constant-series');
    expect(reasonOf(olsWithIntercept(y, flat)).kind).toBe('constant-series');
    expect(reasonOf(hurstExponent(flat)).kind).toBe('constant-series');
  });

  it('exactly and nearly collinear series', () => {
    const exact = x.map((value) => 3 + 2 * value);
    expect(reasonOf(engleGranger(exact, x)).kind).toBe('collinear');
    const random = createSeededRandom(9);
    const nearly = x.map((value) => 3 + 2 * value + 1e-9 * random.nextNormal());
    const reason = reasonOf(engleGranger(nearly, x));
    expect(reason.kind).toBe('collinear');
    // Johansen on an exact linear combination: the level covariance is singular.
    expect(reasonOf(johansen([exact, x])).kind).toBe('singular-regression');
  });

  it('histories too short for the lag search', () => {
    const minimum = adfMinimumLength('n');
    expect(reasonOf(engleGranger(y.slice(0, minimum - 1), x.slice(0, minimum - 1)))).toEqual({ kind: 'too-short', nobs: minimum - 1, required: minimum });
    expect(engleGranger(y.slice(0, minimum), x.slice(0, minimum)).ok).toBe(true);
    expect(reasonOf(adfuller(y.slice(0, 4), { regression: 'ct' })).kind).toBe('too-short');
    expect(reasonOf(adfuller(y, { maxLag: 200 })).kind).toBe('too-short');
    expect(reasonOf(johansen([y.slice(0, 5), x.slice(0, 5)], 0, 2)).kind).toBe('too-short');
    expect(reasonOf(hurstExponent(y.slice(0, 150))).kind).toBe('too-short');
    expect(reasonOf(rollingOls(y.slice(0, 10), x.slice(0, 10), 20)).kind).toBe('too-short');
    const empty = new Float64Array(0);
    expect(reasonOf(engleGranger(empty, empty)).kind).toBe('too-short');
    expect(reasonOf(adfuller(empty)).kind).toBe('too-short');
    expect(reasonOf(olsWithIntercept(empty, empty)).kind).toBe('too-short');
    expect(reasonOf(halfLife(empty)).kind).toBe('too-short');
    expect(reasonOf(johansen([empty, empty])).kind).toBe('too-short');
  });

  it('different lengths', () => {
    expect(reasonOf(engleGranger(y, x.slice(1)))).toEqual({ kind: 'length-mismatch', lengthY: 300, lengthX: 299 });
    expect(reasonOf(johansen([y, x.slice(1)])).kind).toBe('length-mismatch');
  });

  it('non-positive prices for log returns', () => {
    const negative = Float64Array.from(y);
    negative[5] = -1;
    expect(reasonOf(returnCorrelation(negative, x))).toEqual({ kind: 'non-positive-price', series: 'y', index: 5 });
  });
});

describe('alignOnCommonDays', () => {
  it('keeps the common days, drops gaps and missing closes, and reports the counts', () => {
    const a = { days: Int32Array.of(1, 2, 3, 5, 6, 8), closes: Float64Array.of(10, 11, 12, 13, Number.NaN, 15) };
    const b = { days: Int32Array.of(2, 3, 4, 5, 6, 7, 8, 9), closes: Float64Array.of(20, 21, 22, 23, 24, 25, 26, 27) };
    const aligned = alignOnCommonDays(a, b);
    expect(Array.from(aligned.days)).toEqual([2, 3, 5, 8]);
    expect(Array.from(aligned.a)).toEqual([11, 12, 13, 15]);
    expect(Array.from(aligned.b)).toEqual([20, 21, 23, 26]);
    expect(aligned.count).toBe(4);
    expect(aligned.droppedA).toBe(2);
    expect(aligned.droppedB).toBe(4);
  });

  it('gives empty arrays when nothing overlaps', () => {
    const aligned = alignOnCommonDays({ days: Int32Array.of(1, 2), closes: Float64Array.of(1, 2) }, { days: Int32Array.of(3), closes: Float64Array.of(3) });
    expect(aligned.count).toBe(0);
    expect(aligned.a.length).toBe(0);
  });
});

describe('seeded random', () => {
  it('repeats its sequence for a seed and differs across seeds', () => {
    const a = createSeededRandom(123);
    const b = createSeededRandom(123);
    const c = createSeededRandom(124);
    const first = Array.from({ length: 5 }, () => a.nextUint32());
    expect(Array.from({ length: 5 }, () => b.nextUint32())).toEqual(first);
    expect(Array.from({ length: 5 }, () => c.nextUint32())).not.toEqual(first);
  });

  it('draws uniforms in [0, 1) and standard normals with the right moments', () => {
    const random = createSeededRandom(99);
    let sum = 0;
    let sumSquares = 0;
    const n = 20000;
    for (let i = 0; i < n; i += 1) {
      const u = random.nextFloat();
      expect(u >= 0 && u < 1).toBe(true);
      const z = random.nextNormal();
      sum += z;
      sumSquares += z * z;
    }
    expect(Math.abs(sum / n)).toBeLessThan(0.03);
    expect(Math.abs(sumSquares / n - 1)).toBeLessThan(0.04);
  });
});
