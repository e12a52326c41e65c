import { describe, expect, it } from 'vitest';
import { CompensatedSum } from '../../../src/main/engine/compensated-sum';

describe('compensated sum', () => {
  it('keeps a long run of cent amounts on a large balance exact where plain addition drifts', () => {
    const sum = new CompensatedSum(10_000_000);
    let naive = 10_000_000;
    for (let i = 0; i < 100_000; i++) {
      sum.add(0.01);
      naive += 0.01;
    }
    // exact: 10 000 000 + 100 000 × 0.01 = 10 001 000
    expect(Math.abs(sum.value - 10_001_000)).toBeLessThan(2e-9);
    expect(Math.abs(naive - 10_001_000)).toBeGreaterThan(Math.abs(sum.value - 10_001_000));
  });

  it('handles an addend larger than the running sum', () => {
    const sum = new CompensatedSum(1e-3);
    sum.add(1e16);
    sum.add(-1e16);
    expect(sum.value).toBe(1e-3);
  });
});
