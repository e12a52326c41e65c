import type { OhlcvColumns } from '../../../src/main/core/market/series';
import { epochDayFromIso, type EpochDay } from '../../../src/main/core/time/epoch-day';

/** Hand-written bars: each row is [open, high, low, close, volume]. */
export type BarRow = readonly [number, number, number, number, number];

/** Consecutive weekdays from `startIso` (weekends skipped, so accrual day counts are real). */
export function weekdays(startIso: string, count: number): EpochDay[] {
  const out: EpochDay[] = [];
  let day = epochDayFromIso(startIso);
  while (out.length < count) {
    const weekday = (((day + 4) % 7) + 7) % 7;
    if (weekday !== 0 && weekday !== 6) out.push(day);
    day++;
  }
  return out;
}

export function columns(days: readonly EpochDay[], rows: readonly BarRow[]): OhlcvColumns {
  return {
    days: Int32Array.from(days),
    open: Float64Array.from(rows.map((row) => row[0])),
    high: Float64Array.from(rows.map((row) => row[1])),
    low: Float64Array.from(rows.map((row) => row[2])),
    close: Float64Array.from(rows.map((row) => row[3])),
    volume: Float64Array.from(rows.map((row) => row[4])),
  };
}

/** Bars whose open, high, low and close are all `price`. */
export function flatBars(days: readonly EpochDay[], prices: readonly number[], volume = 1_000_000): OhlcvColumns {
  return columns(days, prices.map((price) => [price, price, price, price, volume] as const));
}

/** A small deterministic PRNG (mulberry32) for synthetic paths. */
export function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A cointegrated pair: x a random walk, y = x·e^(mean-reverting noise), with OHLC around the close. */
export function cointegratedPair(days: readonly EpochDay[], seed: number, options: { volume?: number; noise?: number } = {}): { y: OhlcvColumns; x: OhlcvColumns } {
  const random = prng(seed);
  const gauss = (): number => Math.sqrt(-2 * Math.log(random() + 1e-12)) * Math.cos(2 * Math.PI * random());
  let logX = Math.log(50);
  let spread = 0;
  const xs: number[] = [];
  const ys: number[] = [];
  for (let i = 0; i < days.length; i++) {
    logX += 0.01 * gauss();
    spread = 0.85 * spread + (options.noise ?? 0.02) * gauss();
    xs.push(Math.exp(logX));
    ys.push(Math.exp(Math.log(1.2) + logX + spread));
  }
  const volume = options.volume ?? 2_000_000;
  const build = (closes: number[]): OhlcvColumns =>
    columns(
      days,
      closes.map((close, i) => {
        const open = i === 0 ? close : (closes[i - 1] as number) * (1 + 0.002 * gauss());
        return [open, Math.max(open, close) * 1.005, Math.min(open, close) * 0.995, close, volume] as const;
      }),
    );
  return { y: build(ys), x: build(xs) };
}
