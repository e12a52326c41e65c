import type { Benchmark } from './harness';
import type { OhlcvColumns } from '../src/main/core/market/series';
import { epochDayFromIso, formatIsoDate, type EpochDay } from '../src/main/core/time/epoch-day';
import { parseBacktestConfig, type BacktestConfig } from '../src/main/backtest/backtest-config';
import { runBacktest } from '../src/main/backtest/backtest-runner';
import { rollingSpreadFit } from '../src/main/engine/zscore-strategy';

/*
 * Issue 13's engine benchmark: 500 pairs × 5 years of daily bars (≈ 630 000 pair-bars) through
 * the whole path (strategy → sizing → risk → order manager → simulated venue → portfolio) with
 * the full default cost model, against a bare loop that computes the same z-score P&L with no
 * order objects. The bare loop's P&L is checked against the engine's (costs "none") before
 * timing, so the ratio compares like with like.
 * Data: synthetic, deterministic: 50 clusters of 5 symbols sharing a random-walk factor, each
 * symbol with its own AR(1) deviation; the 10 pairs inside each cluster make the 500.
 */

const CLUSTERS = 50;
const PER_CLUSTER = 5;
const DAYS = 1_260;
const LOOKBACK = 60;
const WARMUP = 60;

function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function tradingDays(start: EpochDay, count: number): Int32Array {
  const out = new Int32Array(count);
  let day = start;
  for (let i = 0; i < count; day++) {
    const weekday = (((day + 4) % 7) + 7) % 7;
    if (weekday !== 0 && weekday !== 6) out[i++] = day;
  }
  return out;
}

interface Universe {
  readonly days: Int32Array;
  readonly bars: Map<string, OhlcvColumns>;
  readonly pairs: { y: string; x: string }[];
}

function universe(): Universe {
  const random = mulberry32(42);
  const gauss = (): number => Math.sqrt(-2 * Math.log(random() + 1e-12)) * Math.cos(2 * Math.PI * random());
  const days = tradingDays(epochDayFromIso('2013-02-08'), DAYS);
  const bars = new Map<string, OhlcvColumns>();
  const pairs: { y: string; x: string }[] = [];
  for (let c = 0; c < CLUSTERS; c++) {
    const factor = new Float64Array(DAYS);
    let level = Math.log(20 + 80 * random());
    for (let i = 0; i < DAYS; i++) factor[i] = level += 0.012 * gauss();
    const names: string[] = [];
    for (let k = 0; k < PER_CLUSTER; k++) {
      const symbol = `S${c}X${k}`;
      names.push(symbol);
      const close = new Float64Array(DAYS);
      const open = new Float64Array(DAYS);
      const high = new Float64Array(DAYS);
      const low = new Float64Array(DAYS);
      const volume = new Float64Array(DAYS).fill(5_000_000);
      const offset = 0.5 * gauss();
      let deviation = 0;
      for (let i = 0; i < DAYS; i++) {
        deviation = 0.9 * deviation + 0.01 * gauss();
        close[i] = Math.exp((factor[i] as number) + offset + deviation);
        open[i] = i === 0 ? (close[i] as number) : (close[i - 1] as number) * Math.exp(0.003 * gauss());
        high[i] = Math.max(open[i] as number, close[i] as number) * 1.004;
        low[i] = Math.min(open[i] as number, close[i] as number) * 0.996;
      }
      bars.set(symbol, { days, open, high, low, close, volume });
    }
    for (let a = 0; a < PER_CLUSTER; a++) for (let b = a + 1; b < PER_CLUSTER; b++) pairs.push({ y: names[a] as string, x: names[b] as string });
  }
  return { days, bars, pairs };
}

function configFor(u: Universe, costs: 'none' | 'model'): BacktestConfig {
  return parseBacktestConfig({
    pairs: u.pairs,
    from: formatIsoDate(u.days[WARMUP] as number),
    to: formatIsoDate(u.days[DAYS - 1] as number),
    capital: 10_000_000,
    strategy: { kind: 'zscore', lookback: LOOKBACK, entry: 2, exit: 0.5, stop: 4 },
    sizing: { method: 'fixed_fraction', fraction: 0.003, legs: 'beta_neutral' },
    risk: { maxOpenPairs: 500, maxNetExposure: 10, maxSymbolExposure: 1, maxDrawdown: 0.99 },
    execution: { participationRate: 1 },
    ...(costs === 'none' ? { costs: 'none' } : {}),
  });
}

/** The same decisions and P&L as the engine with costs "none", in plain arrays. */
function bareLoop(u: Universe, config: BacktestConfig): number {
  const n = u.days.length;
  const logs = new Map<string, Float64Array>();
  for (const [symbol, bars] of u.bars) logs.set(symbol, Float64Array.from(bars.close, Math.log));
  const { entry, exit, stop } = config.strategy;
  const pairs = u.pairs.map((pair) => {
    const y = u.bars.get(pair.y);
    const x = u.bars.get(pair.x);
    const logY = logs.get(pair.y);
    const logX = logs.get(pair.x);
    if (y === undefined || x === undefined || logY === undefined || logX === undefined) throw new Error('universe');
    return { y, x, logY, logX, qy: 0, qx: 0, pendingY: 0, pendingX: 0, blocked: false };
  });
  const from = u.days.findIndex((day) => day >= config.fromDay);
  let cash = config.capital;
  for (let i = 0; i < n; i++) {
    for (const pair of pairs) {
      if (pair.pendingY === 0 && pair.pendingX === 0) continue;
      cash -= pair.pendingY * (pair.y.open[i] as number) + pair.pendingX * (pair.x.open[i] as number);
      pair.qy += pair.pendingY;
      pair.qx += pair.pendingX;
      pair.pendingY = 0;
      pair.pendingX = 0;
    }
    let equity = cash;
    for (const pair of pairs) equity += pair.qy * (pair.y.close[i] as number) + pair.qx * (pair.x.close[i] as number);
    if (i < from || i === n - 1) continue;
    for (const pair of pairs) {
      const result = rollingSpreadFit(pair.logY.subarray(0, i + 1), pair.logX.subarray(0, i + 1), i, LOOKBACK);
      if (!result.ok) continue;
      const z = result.fit.z;
      if (pair.blocked && Math.abs(z) <= exit) pair.blocked = false;
      const side = pair.qy > 0 ? 'long' : pair.qy < 0 ? 'short' : 'flat';
      const close = (): void => {
        pair.pendingY = -pair.qy;
        pair.pendingX = -pair.qx;
      };
      if (side === 'long') {
        if (z <= -stop) {
          pair.blocked = true;
          close();
        } else if (z >= -exit) close();
      } else if (side === 'short') {
        if (z >= stop) {
          pair.blocked = true;
          close();
        } else if (z <= exit) close();
      } else if (!pair.blocked && Math.abs(z) >= entry && Math.abs(z) < stop) {
        const beta = result.fit.beta;
        const gross = config.sizing.fraction * equity;
        const ny = gross / (1 + Math.abs(beta));
        const qy = Math.floor(ny / (pair.y.close[i] as number));
        const qx = Math.floor((Math.abs(beta) * ny) / (pair.x.close[i] as number));
        if (qy <= 0 || qx <= 0) continue;
        const longY = z <= -entry;
        const buyX = beta < 0 ? longY : !longY;
        pair.pendingY = longY ? qy : -qy;
        pair.pendingX = buyX ? qx : -qx;
      }
    }
  }
  let equity = cash;
  for (const pair of pairs) equity += pair.qy * (pair.y.close[n - 1] as number) + pair.qx * (pair.x.close[n - 1] as number);
  return equity;
}

let data: Universe | undefined;
let fullConfig: BacktestConfig | undefined;
let noCostConfig: BacktestConfig | undefined;

export const benchmarks: Benchmark[] = [
  {
    name: 'backtest: 500 pairs × 5 years, full cost model',
    inputs: `${CLUSTERS * 10} synthetic pairs over ${DAYS} daily bars (${(CLUSTERS * 10 * DAYS).toLocaleString('en-US')} pair-bars), z-score lookback ${LOOKBACK}, default cost model; ratio against a bare loop computing the same z-score P&L without order objects (checked equal with costs "none")`,
    runs: 3,
    metrics: [
      { name: 'engine', unit: ' ms', baseline: { label: 'issue 13 target', value: 1_500 } },
      { name: 'bare', unit: ' ms' },
      { name: 'ratio', unit: '×', baseline: { label: 'issue 13 target', value: 5 } },
    ],
    async setup() {
      data = universe();
      fullConfig = configFor(data, 'model');
      noCostConfig = configFor(data, 'none');
      const engine = runBacktest(noCostConfig, { bars: data.bars });
      const engineEquity = engine.equity[engine.equity.length - 1]?.equity ?? Number.NaN;
      const bare = bareLoop(data, noCostConfig);
      if (!(Math.abs(engineEquity - bare) < 1e-6)) throw new Error(`bare loop and engine disagree: ${bare} vs ${engineEquity}`);
      if (engine.fills.length === 0) throw new Error('the benchmark universe produced no trades');
    },
    async run() {
      if (data === undefined || fullConfig === undefined || noCostConfig === undefined) throw new Error('setup did not run');
      const engineStart = performance.now();
      runBacktest(fullConfig, { bars: data.bars });
      const engine = performance.now() - engineStart;
      const bareStart = performance.now();
      bareLoop(data, noCostConfig);
      const bare = performance.now() - bareStart;
      return { engine, bare, ratio: engine / bare };
    },
  },
];
