import { describe, expect, it } from 'vitest';
import { ar1Forecast, fitAr1, normalCdf, zeroChangeForecast, zScoreRuleForecast } from '../../../src/main/models/baselines';
import { accuracyAt, chooseThreshold, logLoss, regressionMetrics, reportForecast } from '../../../src/main/models/forecast-metrics';
import type { SequenceSet } from '../../../src/main/models/sequences';
import type { FeatureTable } from '../../../src/main/models/spread-features';

function set(endSpread: number[], endZScore: number[], change: number[]): SequenceSet {
  const count = endSpread.length;
  return {
    count,
    window: 1,
    features: 1,
    inputs: new Float32Array(count),
    scaledChange: new Float32Array(count),
    change: Float64Array.from(change),
    direction: Uint8Array.from(change, (value) => (value > 0 ? 1 : 0)),
    endRow: Int32Array.from(endSpread, (_, index) => index),
    endSpread: Float64Array.from(endSpread),
    endZScore: Float64Array.from(endZScore),
  };
}

describe('metrics', () => {
  it('computes MSE, MAE, accuracy and log-loss by their definitions', () => {
    expect(regressionMetrics([1, 2, 3], [1, 0, 6])).toEqual({ mse: (0 + 4 + 9) / 3, mae: (0 + 2 + 3) / 3 });
    expect(accuracyAt([0.9, 0.2, 0.6], [1, 0, 0], 0.5)).toBeCloseTo(2 / 3, 15);
    expect(logLoss([0.8, 0.3], [1, 0])).toBeCloseTo(-(Math.log(0.8) + Math.log(0.7)) / 2, 15);
    expect(Number.isFinite(logLoss([0, 1], [1, 0]))).toBe(true);
    expect(() => regressionMetrics([1], [1, 2])).toThrow(/1 values for 2 samples/);
    expect(() => logLoss([], [])).toThrow(/No samples/);
  });

  it('chooses the direction threshold in sample from the candidates, never a fixed 0.5', () => {
    // Scores are all above 0.5 but only those above 0.6 are ups: 0.6 separates perfectly.
    const scores = [0.55, 0.58, 0.65, 0.7, 0.56, 0.9];
    const ups = [0, 0, 1, 1, 0, 1];
    expect(chooseThreshold(scores, ups, [0.4, 0.5, 0.6])).toBe(0.6);
    // Ties go to the candidate nearest 0.5.
    expect(chooseThreshold([0.1, 0.9], [0, 1], [0.3, 0.45, 0.7])).toBe(0.45);
    expect(() => chooseThreshold(scores, ups, [])).toThrow(/thresholdCandidates/);
    const report = reportForecast(
      { forecast: { change: null, probabilityUp: Float64Array.from(scores) }, direction: ups },
      { forecast: { change: null, probabilityUp: Float64Array.from([0.57, 0.62]) }, direction: [0, 1], change: [-1, 1] },
      [0.4, 0.5, 0.6],
    );
    expect(report.direction.threshold).toBe(0.6);
    expect(report.direction.accuracy).toBe(1);
    expect(report.regression).toBeNull();
  });
});

describe('baselines', () => {
  it('AR(1) is fitted on the training rows and forecasts the expected change', () => {
    // s[t+1] = 0.1 + 0.5·s[t] exactly.
    const spread = [1];
    for (let row = 1; row < 30; row += 1) spread.push(0.1 + 0.5 * (spread[row - 1] as number));
    spread.push(...[50, -50, 50]);
    const table: FeatureTable = { rows: spread.length, values: new Float64Array(spread.length * 5), spread: Float64Array.from(spread) };
    const fit = fitAr1(table, { fromRow: 0, toRow: 29 });
    expect(fit.phi).toBeCloseTo(0.5, 10);
    expect(fit.intercept).toBeCloseTo(0.1, 10);
    const forecast = ar1Forecast(set([0.4, 0.1], [0, 0], [0, 0]), fit);
    expect(forecast.change?.[0]).toBeCloseTo(0.1 - 0.5 * 0.4, 10);
    expect(forecast.probabilityUp[0]).toBeLessThan(0.5);
    const flat = fitAr1({ ...table, spread: new Float64Array(40).fill(2) }, { fromRow: 0, toRow: 39 });
    expect(flat.phi).toBe(1);
  });

  it('zero change and the z-score rule forecast what they say', () => {
    const sample = set([0, 0, 0], [2, 0, -2], [-1, 1, 1]);
    expect(Array.from(zeroChangeForecast(sample).change ?? [])).toEqual([0, 0, 0]);
    const rule = zScoreRuleForecast(sample);
    expect(rule.change).toBeNull();
    expect(rule.probabilityUp[0]).toBeLessThan(0.5);
    expect(rule.probabilityUp[1]).toBe(0.5);
    expect(rule.probabilityUp[2]).toBeGreaterThan(0.5);
  });

  it('normalCdf matches known values', () => {
    expect(normalCdf(0)).toBeCloseTo(0.5, 7);
    expect(normalCdf(1.959964)).toBeCloseTo(0.975, 6);
    expect(normalCdf(-1)).toBeCloseTo(0.158655, 6);
  });
});
