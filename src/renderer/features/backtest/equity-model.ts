/**
 * Pure view models of a run's equity: the equity and drawdown chart series and the monthly
 * returns heatmap grid. The numbers themselves (drawdown, each month's return) come from
 * `backtest:get`, computed once in main by the engine's conventions; this only shapes them.
 */

export interface EquityPoint {
  /** A trading date, YYYY-MM-DD. */
  readonly date: string;
  readonly equity: number;
}

export interface EquityRowLike extends EquityPoint {
  /** Below the running peak as a fraction ≥ 0, as `backtest:get` sends it. */
  readonly drawdown: number;
}

export interface EquityLines {
  readonly dates: readonly string[];
  readonly equity: readonly number[];
  /** Drawdown as a negative percentage (−12 is 12% below the peak), the way it is charted. */
  readonly drawdownPercent: readonly number[];
}

/** The equity and drawdown charts' series from the run's rows (one source: the server's). */
export function equityLines(rows: readonly EquityRowLike[]): EquityLines {
  return {
    dates: rows.map((row) => row.date),
    equity: rows.map((row) => row.equity),
    drawdownPercent: rows.map((row) => (row.drawdown === 0 ? 0 : -row.drawdown * 100)),
  };
}

export interface MonthlyReturn {
  readonly year: number;
  /** 1 = January. */
  readonly month: number;
  /** The month's compounded return (0.012 = +1.2%). */
  readonly return: number;
}

export interface HeatmapRow {
  readonly year: number;
  /** Twelve cells, January first; null where the run has no data for the month. */
  readonly cells: readonly (number | null)[];
  /** The year's months compounded; null when the year has none. */
  readonly total: number | null;
}

export interface MonthlyHeatmap {
  readonly rows: readonly HeatmapRow[];
  /** The largest |monthly return|, the scale's end (0 when every month is flat). */
  readonly maxAbs: number;
}

/** The heatmap grid: one row per year in order, twelve month cells and the year's total. */
export function monthlyHeatmap(months: readonly MonthlyReturn[]): MonthlyHeatmap {
  const byYear = new Map<number, (number | null)[]>();
  let maxAbs = 0;
  for (const entry of months) {
    const cells = byYear.get(entry.year) ?? Array.from({ length: 12 }, () => null);
    cells[entry.month - 1] = entry.return;
    byYear.set(entry.year, cells);
    maxAbs = Math.max(maxAbs, Math.abs(entry.return));
  }
  const rows = [...byYear.entries()]
    .sort(([a], [b]) => a - b)
    .map(([year, cells]) => {
      const present = cells.filter((cell): cell is number => cell !== null);
      const total = present.length === 0 ? null : present.reduce((product, value) => product * (1 + value), 1) - 1;
      return { year, cells, total };
    });
  return { rows, maxAbs };
}

/** Steps of colour intensity each side of zero; the CSS has a class per level. */
export const HEATMAP_STEPS = 4;

/**
 * A cell's colour level: −HEATMAP_STEPS..HEATMAP_STEPS, 0 for flat or missing. The scale is
 * the run's own largest month, so a quiet run still shows its pattern.
 */
export function heatmapLevel(value: number | null, maxAbs: number): number {
  if (value === null || value === 0 || maxAbs <= 0) return 0;
  const step = Math.max(1, Math.ceil((Math.abs(value) / maxAbs) * HEATMAP_STEPS));
  return Math.sign(value) * Math.min(HEATMAP_STEPS, step);
}
