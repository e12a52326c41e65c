import { describe, expect, it } from 'vitest';
import { deflatedSharpe, expectedMaxSharpe, probabilisticSharpe, returnMoments } from '../../../src/main/stats/deflated-sharpe';
import { normalQuantile } from '../../../src/main/stats/normal-quantile';

/*
 * Reference numbers computed independently with SciPy 1.10.1 / NumPy 1.24.2 (Debian's
 * /usr/bin/python3), not with this code:
 *   i = np.arange(500)
 *   r = 0.0006 + 0.01*np.sin(i*1.7) + 0.004*np.cos(i*0.3)**3 + 0.002*(np.sin(i*0.77) > 0.9)
 *   sr = r.mean()/r.std(ddof=1); sk = stats.skew(r); ku = stats.kurtosis(r, fisher=False)
 *   trials = [sr, 0.01, -0.02, 0.03, 0.015, -0.005, 0.04, 0.0, 0.025, -0.01]
 *   V = trials.var(ddof=1); N = 10; g = np.euler_gamma
 *   sr0 = √V·((1−g)·norm.ppf(1 − 1/N) + g·norm.ppf(1 − 1/(N·e)))
 *   dsr = norm.cdf((sr − sr0)·√(T − 1)/√(1 − sk·sr + (ku − 1)/4·sr²))
 * By hand for N = 2, V = 0.01: Φ⁻¹(1/2) = 0 and Φ⁻¹(1 − 1/(2e)) = Φ⁻¹(0.816060) = 0.900429,
 * so SR₀ = 0.1 · 0.577216 · 0.900429 = 0.051976.
 */
const returns = Float64Array.from({ length: 500 }, (_, i) => 0.0006 + 0.01 * Math.sin(i * 1.7) + 0.004 * Math.cos(i * 0.3) ** 3 + (Math.sin(i * 0.77) > 0.9 ? 0.002 : 0));

describe('deflated Sharpe ratio (Bailey & López de Prado 2014)', () => {
  it('moments match scipy', () => {
    const m = returnMoments(returns);
    expect(m.mean).toBeCloseTo(0.0008717485277608543, 15);
    expect(m.std).toBeCloseTo(0.007446451312130287, 14);
    expect(m.sharpe).toBeCloseTo(0.1170689891359088, 12);
    expect(m.skewness).toBeCloseTo(-0.004588509280215043, 10);
    expect(m.kurtosis).toBeCloseTo(1.7864162761428548, 10);
  });

  it('expected max Sharpe, PSR and DSR match scipy', () => {
    const sr = returnMoments(returns).sharpe;
    const trials = [sr, 0.01, -0.02, 0.03, 0.015, -0.005, 0.04, 0.0, 0.025, -0.01];
    const result = deflatedSharpe(returns, trials);
    expect(result.trialSharpeVariance).toBeCloseTo(0.0015107733978069703, 14);
    expect(result.expectedMaxSharpe).toBeCloseTo(0.06120253953430038, 11);
    expect(result.dsr).toBeCloseTo(0.8936086850286765, 9);
    expect(probabilisticSharpe(result.selected, 0)).toBeCloseTo(0.9954848874739686, 10);
    expect(expectedMaxSharpe(0.0004, 1000)).toBeCloseTo(0.06510243027305446, 11);
    expect(expectedMaxSharpe(0.001, 100)).toBeCloseTo(0.08002468995929155, 11);
    expect(expectedMaxSharpe(0.01, 2)).toBeCloseTo(0.05197553442805939, 11);
  });

  it('more trials or more dispersed trials deflate more; one trial is the plain PSR against 0', () => {
    expect(expectedMaxSharpe(0.001, 1000)).toBeGreaterThan(expectedMaxSharpe(0.001, 100));
    expect(expectedMaxSharpe(0.002, 100)).toBeGreaterThan(expectedMaxSharpe(0.001, 100));
    const single = deflatedSharpe(returns, [0.117]);
    expect(single.expectedMaxSharpe).toBe(0);
    expect(single.dsr).toBeCloseTo(0.9954848874739686, 10);
  });

  it('normal quantile matches scipy to full precision', () => {
    const cases: Array<[number, number]> = [
      [1e-10, -6.361340902404056],
      [0.001, -3.090232306167813],
      [0.02425, -1.972961051311885],
      [0.3, -0.5244005127080409],
      [0.5, 0],
      [0.975, 1.959963984540054],
    ];
    for (const [p, expected] of cases) expect(Math.abs(normalQuantile(p) - expected)).toBeLessThan(1e-12 * Math.max(1, Math.abs(expected)));
    // Near 1 the input itself carries the error: 1 − p of a double near 1 is known only to
    // ~1e-16 absolute, and dx = dp/φ(x) with φ(4.75) ≈ 5e-6, so ~2e-11 is the attainable accuracy.
    expect(Math.abs(normalQuantile(0.999999) - 4.753424308817087)).toBeLessThan(5e-11);
    expect(normalQuantile(0)).toBe(Number.NEGATIVE_INFINITY);
    expect(Number.isNaN(normalQuantile(1.5))).toBe(true);
  });
});
