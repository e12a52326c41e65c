import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { pairAt, pairCount, planShards } from '../../../src/main/scanner/core/pair-shards';

describe('pair numbering and shards', () => {
  it('numbers every unordered pair exactly once, row by row', () => {
    for (const n of [2, 3, 5, 17, 44]) {
      const seen: string[] = [];
      for (let k = 0; k < pairCount(n); k += 1) {
        const [i, j] = pairAt(n, k);
        expect(i).toBeLessThan(j);
        seen.push(`${i},${j}`);
      }
      const expected: string[] = [];
      for (let i = 0; i < n; i += 1) for (let j = i + 1; j < n; j += 1) expected.push(`${i},${j}`);
      expect(seen).toEqual(expected);
    }
  });

  it('maps the far end of the S&P universe without rounding drift', () => {
    expect(pairCount(470)).toBe(110_215);
    expect(pairAt(470, 0)).toEqual([0, 1]);
    expect(pairAt(470, 110_214)).toEqual([468, 469]);
    expect(pairAt(470, 468)).toEqual([0, 469]);
    expect(pairAt(470, 469)).toEqual([1, 2]);
  });

  it('shards cover every pair once, contiguous and balanced', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 600 }), fc.integer({ min: 1, max: 64 }), (n, shards) => {
        const plan = planShards(n, shards);
        expect(plan[0]?.start).toBe(0);
        expect(plan.at(-1)?.end).toBe(pairCount(n));
        for (let s = 1; s < plan.length; s += 1) expect(plan[s]?.start).toBe(plan[s - 1]?.end);
        const sizes = plan.map((shard) => shard.end - shard.start);
        expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
      }),
    );
  });
});
