import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createSeededRandom } from '../../../src/main/core/random/seeded-random';
import { adfuller } from '../../../src/main/stats/adf';
import { engleGranger } from '../../../src/main/stats/engle-granger';
import { johansen } from '../../../src/main/stats/johansen';
import { relativeError } from './golden-fixture';

/**
 * Properties the statistics must have whatever the data: the ADF t-value does not depend on
 * the series' units, and the Engle-Granger test of y on x does not change when x is replaced
 * by an affine function of itself (the regression absorbs it). Series are seeded random
 * walks with a cointegrated partner.
 */
function pair(seed: number, length: number): { y: Float64Array; x: Float64Array } {
  const random = createSeededRandom(seed);
  const x = new Float64Array(length);
  const y = new Float64Array(length);
  let level = 0;
  let spread = 0;
  for (let t = 0; t < length; t += 1) {
    level += random.nextNormal();
    spread = 0.9 * spread + random.nextNormal();
    x[t] = 50 + level;
    y[t] = 10 + 1.3 * level + spread;
  }
  return { y, x };
}

function value<T>(result: { ok: true; value: T } | { ok: false; reason: unknown }): T {
  if (!result.ok) throw new Error(JSON.stringify(result.reason));
  return result.value;
}

describe('invariances', () => {
  it('ADF statistic and lag are unchanged by rescaling and (with a constant) by shifting the series', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1_000_000 }), fc.integer({ min: 60, max: 600 }), fc.double({ min: 0.01, max: 100, noNaN: true }), fc.double({ min: -1000, max: 1000, noNaN: true }), (seed, length, scale, shift) => {
        const { y } = pair(seed, length);
        const base = value(adfuller(y, { regression: 'c' }));
        const moved = value(adfuller(y.map((v) => scale * v + shift), { regression: 'c' }));
        expect(moved.usedLag).toBe(base.usedLag);
        expect(relativeError(moved.statistic, base.statistic)).toBeLessThanOrEqual(1e-7);
      }),
      // The example is a level far from zero relative to its variation, which once lost precision.
      { numRuns: 40, seed: 20_130_208, examples: [[76423, 60, 0.01, -828.4622930197605]] },
    );
  });

  it('Engle-Granger of y on x is unchanged by an affine change of x, and β scales inversely', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1_000_000 }), fc.integer({ min: 80, max: 600 }), fc.double({ min: 0.05, max: 20, noNaN: true }), (seed, length, scale) => {
        const { y, x } = pair(seed, length);
        const base = value(engleGranger(y, x));
        const moved = value(engleGranger(y, x.map((v) => scale * v - 7)));
        expect(moved.usedLag).toBe(base.usedLag);
        expect(relativeError(moved.statistic, base.statistic)).toBeLessThanOrEqual(1e-7);
        expect(relativeError(moved.beta * scale, base.beta)).toBeLessThanOrEqual(1e-9);
      }),
      { numRuns: 40, seed: 20_130_208 },
    );
  });

  it('Johansen eigenvalues do not depend on the order or units of the variables', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1_000_000 }), fc.double({ min: 0.1, max: 10, noNaN: true }), (seed, scale) => {
        const { y, x } = pair(seed, 300);
        const base = value(johansen([y, x], 0, 1));
        const swapped = value(johansen([x.map((v) => v * scale), y], 0, 1));
        for (let i = 0; i < 2; i += 1) expect(relativeError(swapped.eigenvalues[i] as number, base.eigenvalues[i] as number)).toBeLessThanOrEqual(1e-7);
      }),
      { numRuns: 30, seed: 20_130_208 },
    );
  });
});
