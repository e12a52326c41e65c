import { describe, expect, it } from 'vitest';
import { equityLines, heatmapLevel, monthlyHeatmap, HEATMAP_STEPS } from '../../../../src/renderer/features/backtest/equity-model';

describe('equity and drawdown lines', () => {
  it('charts the drawdown as a negative percentage of the running peak', () => {
    const lines = equityLines([
      { date: '2014-02-10', equity: 1_000_000, drawdown: 0 },
      { date: '2014-02-11', equity: 950_000, drawdown: 0.05 },
      { date: '2014-02-12', equity: 1_010_000, drawdown: 0 },
    ]);
    expect(lines.dates).toEqual(['2014-02-10', '2014-02-11', '2014-02-12']);
    expect(lines.equity).toEqual([1_000_000, 950_000, 1_010_000]);
    expect(lines.drawdownPercent).toEqual([0, -5, 0]);
  });
});

describe('monthly returns heatmap', () => {
  it('puts each month in its year row, leaves missing months empty and compounds the year', () => {
    const grid = monthlyHeatmap([
      { year: 2015, month: 1, return: -0.02 },
      { year: 2014, month: 11, return: 0.01 },
      { year: 2014, month: 12, return: 0.03 },
    ]);
    expect(grid.rows.map((row) => row.year)).toEqual([2014, 2015]);
    const [y2014, y2015] = grid.rows;
    expect(y2014?.cells.slice(0, 10).every((cell) => cell === null)).toBe(true);
    expect(y2014?.cells[10]).toBe(0.01);
    expect(y2014?.cells[11]).toBe(0.03);
    // 1.01 × 1.03 − 1 = 0.0403
    expect(y2014?.total).toBeCloseTo(0.0403, 12);
    expect(y2015?.cells[0]).toBe(-0.02);
    expect(y2015?.total).toBeCloseTo(-0.02, 12);
    expect(grid.maxAbs).toBe(0.03);
  });

  it('has no rows and a flat scale for a run with no months', () => {
    expect(monthlyHeatmap([])).toEqual({ rows: [], maxAbs: 0 });
  });

  it('scales colour levels to the run’s largest month, signed, missing and flat at 0', () => {
    expect(heatmapLevel(0.03, 0.03)).toBe(HEATMAP_STEPS);
    expect(heatmapLevel(-0.03, 0.03)).toBe(-HEATMAP_STEPS);
    // 0.01 / 0.03 × 4 = 1.33 → the second step; a tiny month still shows as the first.
    expect(heatmapLevel(0.01, 0.03)).toBe(2);
    expect(heatmapLevel(0.000001, 0.03)).toBe(1);
    expect(heatmapLevel(null, 0.03)).toBe(0);
    expect(heatmapLevel(0, 0.03)).toBe(0);
    expect(heatmapLevel(0.01, 0)).toBe(0);
  });
});
