import { describe, expect, it } from 'vitest';
import { createSeededRandom } from '../../../src/main/core/random/seeded-random';
import { checkPairHealth, type HealthBounds } from '../../../src/main/scanner/core/pair-health';
import { transformCloses } from '../../../src/main/scanner/core/pair-analysis';

const bounds: HealthBounds = { maxPvalue: 0.1, maxHalfLifeDays: 63, maxBetaDrift: 0.5 };

/** 252 days of x (a random walk) and y = 0.1 + β·x + an AR(1) spread (coefficient φ, shock sd `noise`, drift), seeded. */
function pair(seed: number, beta: number, phi: number, noise = 0.005, drift = 0): { y: Float64Array; x: Float64Array } {
  const random = createSeededRandom(seed);
  const x = new Float64Array(252);
  const y = new Float64Array(252);
  let level = 4;
  let spread = 0;
  for (let t = 0; t < 252; t += 1) {
    level += 0.01 * random.nextNormal();
    spread = phi * spread + drift + noise * random.nextNormal();
    x[t] = level;
    y[t] = 0.1 + beta * level + spread;
  }
  return { y, x };
}

describe('pair health check', () => {
  it('finds a tight cointegrated pair healthy against its own hedge ratio', () => {
    const { y, x } = pair(1, 1.2, 0.5);
    const verdict = checkPairHealth(y, x, 1.2, bounds);
    expect(verdict.status, verdict.reasons.join('; ')).toBe('healthy');
    expect(verdict.pvalue).toBeLessThan(0.01);
    expect(verdict.beta).toBeCloseTo(1.2, 1);
    expect(verdict.reasons).toEqual([]);
  });

  it('breaks a pair whose spread no longer mean-reverts, naming the p-value', () => {
    const { y, x } = pair(2, 1.2, 1, 0.01, 0.002); // the spread walks away, drifting
    const verdict = checkPairHealth(y, x, null, bounds);
    expect(verdict.status, JSON.stringify(verdict)).toBe('broken');
    expect(verdict.reasons.join('; ')).toMatch(/p-value 0\.\d{4} is above 0\.1/);
  });

  it('breaks a pair whose hedge ratio drifted beyond the bound', () => {
    const { y, x } = pair(3, 1.2, 0.5);
    const verdict = checkPairHealth(y, x, 0.5, bounds);
    expect(verdict.status).toBe('broken');
    expect(verdict.reasons).toEqual([expect.stringMatching(/^hedge ratio 1\.\d{4} drifted \d+% from 0\.5000 \(bound 50%\)$/)]);
  });

  it('says "unknown" with the reason when the window cannot be tested', () => {
    const flat = new Float64Array(252).fill(3);
    const verdict = checkPairHealth(pair(4, 1, 0.5).y, flat, 1, bounds);
    expect(verdict).toEqual({ status: 'unknown', pvalue: null, halfLife: null, beta: null, reasons: ['cannot re-test: x is constant'] });
  });

  it('refuses log prices of a non-positive close with its position', () => {
    const result = transformCloses(Float64Array.from([10, 11, 0, 12]), 'log', 'y');
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toEqual({ kind: 'non-positive-price', series: 'y', index: 2 });
  });
});
