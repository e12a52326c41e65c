import { readFileSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Benchmark } from './harness';
import { loadUniverseCloses } from './stats-input';
import { sp500PricesDir } from '../test/helpers/sp500';
import type { CloseMatrix } from '../src/main/core/market/series';
import { epochDayFromIso } from '../src/main/core/time/epoch-day';
import { bootstrapHorizonPnl } from '../src/main/risk/analytics/monte-carlo';
import { positionPnlHistory } from '../src/main/risk/analytics/position-pnl-history';
import { markPositions, type RiskPosition } from '../src/main/risk/analytics/risk-inputs';
import { computeRiskSnapshot } from '../src/main/risk/analytics/risk-snapshot';

const PAIRS = 20;
let history: CloseMatrix;
let book: RiskPosition[];
let dailyPnl: Float64Array;

const riskBenchmark: Benchmark = {
  name: 'Risk analytics (Risk page snapshot and Monte Carlo)',
  inputs: `The pure analytics on the S&P 500 symbols with all 1,259 closes as one close matrix (the equal-weight index universe), a book of ${PAIRS} pairs (${2 * PAIRS} legs): "snapshot" is computeRiskSnapshot (exposure, P&L, VaR/CVaR over 250 days, β, pair correlation, the three stress days, rolling ratios on 250 equity points); "bootstrap" is the seeded block bootstrap (blocks of 5) at 10,000 paths × 10 days and 100,000 paths × 21 days. One thread, wall time.`,
  runs: 5,
  metrics: [
    { name: 'snapshot', unit: 'ms' },
    { name: 'bootstrap 10k×10d', unit: 'ms' },
    { name: 'bootstrap 100k×21d', unit: 'ms' },
  ],
  async setup() {
    const universe = loadUniverseCloses();
    const first = universe.symbols[0] ?? '';
    const dates = readFileSync(path.join(sp500PricesDir(), `${first}.csv`), 'utf8').trim().split(/\r?\n/).slice(1).map((line) => line.split(',')[0] ?? '');
    const width = universe.symbols.length;
    const closes = new Float64Array(universe.days * width);
    universe.closes.forEach((series, column) => series.forEach((close, row) => (closes[row * width + column] = close)));
    history = { symbols: universe.symbols, days: Int32Array.from(dates.map(epochDayFromIso)), closes };
    book = [];
    for (let k = 0; k < PAIRS; k += 1) {
      const y = universe.symbols[2 * k] ?? '';
      const x = universe.symbols[2 * k + 1] ?? '';
      book.push({ pairId: `${y}/${x}`, leg: 'y', symbol: y, quantity: 100, averagePrice: 50 }, { pairId: `${y}/${x}`, leg: 'x', symbol: x, quantity: -80, averagePrice: 60 });
    }
    dailyPnl = positionPnlHistory(markPositions(book, history, new Map()), history, 250).pnl;
  },
  async run() {
    const equityHistory = Array.from({ length: 250 }, (_, k) => ({ day: (history.days[history.days.length - 250 + k] ?? 0), equity: 1_000_000 * (1 + Math.sin(k / 9) * 0.01) }));
    let started = performance.now();
    computeRiskSnapshot({ positions: book, equity: 1_000_000, equityHistory, history, sectors: new Map() }, { varWindow: 250, rollingWindow: 63, riskFreeRate: 0, floors: {} });
    const snapshot = performance.now() - started;
    started = performance.now();
    bootstrapHorizonPnl(dailyPnl, { horizonDays: 10, paths: 10_000, blockLength: 5, seed: 1, bins: 40 });
    const small = performance.now() - started;
    started = performance.now();
    bootstrapHorizonPnl(dailyPnl, { horizonDays: 21, paths: 100_000, blockLength: 5, seed: 1, bins: 40 });
    const large = performance.now() - started;
    return { snapshot, 'bootstrap 10k×10d': small, 'bootstrap 100k×21d': large };
  },
};

export const benchmarks: Benchmark[] = [riskBenchmark];
