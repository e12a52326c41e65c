import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { alignCloses } from '../../../src/main/core/market/close-matrix';
import { epochDayFromIso, formatIsoDate } from '../../../src/main/core/time/epoch-day';
import { computeRiskSnapshot } from '../../../src/main/risk/analytics/risk-snapshot';
import type { RiskPosition } from '../../../src/main/risk/analytics/risk-inputs';

/**
 * The analytics against an independent computation: test/fixtures/risk/risk-reference.json
 * was written by numpy/scipy (generate-risk-reference.py) from the bundled sample's CSVs,
 * which this test reads too (they are committed under resources/).
 */
const root = path.resolve(__dirname, '../../..');
const reference = JSON.parse(readFileSync(path.join(root, 'test/fixtures/risk/risk-reference.json'), 'utf8')) as {
  positions: RiskPosition[];
  equity: number;
  window: number;
  firstDay: string;
  lastDay: string;
  observations: number;
  mean: number;
  std: number;
  figures: { confidence: number; historicalVar: number; historicalCvar: number; parametricVar: number; parametricCvar: number }[];
  portfolioBeta: number;
  stress: Record<string, number>;
};

function loadSample() {
  const folder = path.join(root, 'resources/sample-data/prices');
  const files = readdirSync(folder).filter((name) => name.endsWith('.csv')).sort();
  const symbols = files.map((name) => name.slice(0, -4));
  const series = files.map((name) => {
    const lines = readFileSync(path.join(folder, name), 'utf8').trim().split('\n').slice(1);
    const rows = lines.map((line) => line.split(',')).filter((cells) => cells[4] !== '');
    return { days: Int32Array.from(rows.map((cells) => epochDayFromIso(cells[0] ?? ''))), closes: Float64Array.from(rows.map((cells) => Number(cells[4]))) };
  });
  return alignCloses(symbols, series);
}

describe('risk analytics against numpy/scipy on the bundled sample', () => {
  it('agrees on VaR, CVaR, β and the three stress days', () => {
    const snapshot = computeRiskSnapshot(
      { positions: reference.positions, equity: reference.equity, equityHistory: [], history: loadSample(), sectors: new Map() },
      { varWindow: reference.window, rollingWindow: 63, riskFreeRate: 0, floors: {} },
    );
    expect(snapshot.valueAtRisk.observations).toBe(reference.observations);
    expect(formatIsoDate(snapshot.varWindowFrom ?? 0)).toBe(reference.firstDay);
    expect(snapshot.valueAtRisk.mean).toBeCloseTo(reference.mean, 8);
    expect(snapshot.valueAtRisk.std).toBeCloseTo(reference.std, 8);
    reference.figures.forEach((expected, k) => {
      const actual = snapshot.valueAtRisk.figures[k];
      expect(actual?.confidence).toBe(expected.confidence);
      expect(actual?.historicalVar).toBeCloseTo(expected.historicalVar, 8);
      expect(actual?.historicalCvar).toBeCloseTo(expected.historicalCvar, 8);
      expect(actual?.parametricVar).toBeCloseTo(expected.parametricVar, 8);
      expect(actual?.parametricCvar).toBeCloseTo(expected.parametricCvar, 8);
    });
    expect(snapshot.beta.portfolioBeta).toBeCloseTo(reference.portfolioBeta, 12);
    for (const result of snapshot.stress) {
      const day = result.id.slice(-10);
      expect(result.available).toBe(true);
      expect(result.pnl).toBeCloseTo(reference.stress[day] ?? NaN, 8);
    }
  });
});
