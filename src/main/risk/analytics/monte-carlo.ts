import { createSeededRandom } from '../../core/random/seeded-random';
import { AppError } from '../../../shared/ipc/errors';
import { historicalTail } from './value-at-risk';

/**
 * Monte Carlo bootstrap of the horizon P&L of today's positions. Each path is the sum of
 * `horizon` daily P&Ls drawn from the position P&L history in blocks: a block starts at a
 * uniformly drawn day and takes `blockLength` consecutive days, wrapping at the end (the
 * circular block bootstrap of Politis and Romano, 1992), which keeps the short-range
 * dependence (volatility clusters) that drawing single days would destroy. Seeded
 * (core/random/seeded-random.ts): the same inputs and seed give the same distribution.
 * Quantiles interpolate linearly between order statistics (numpy's default, type 7).
 */

export interface MonteCarloOptions {
  readonly horizonDays: number;
  readonly paths: number;
  readonly blockLength: number;
  readonly seed: number;
  readonly bins: number;
}

export interface MonteCarloResult {
  readonly options: MonteCarloOptions;
  readonly observations: number;
  readonly mean: number;
  readonly quantiles: readonly { readonly p: number; readonly value: number }[];
  /** Positive losses of the horizon P&L at 95% and 99%, the backtest's tail convention. */
  readonly var95: number;
  readonly cvar95: number;
  readonly var99: number;
  readonly cvar99: number;
  /** bins + 1 ascending edges and bins counts (the last bin includes its right edge). */
  readonly histogram: { readonly edges: readonly number[]; readonly counts: readonly number[] };
}

export const QUANTILE_LEVELS: readonly number[] = [0.01, 0.05, 0.25, 0.5, 0.75, 0.95, 0.99];

/** Called every so many paths; returning false cancels (the job's cancel). */
export type MonteCarloProgress = (done: number, total: number) => boolean;

export function quantileSorted(sorted: ArrayLike<number>, p: number): number {
  const position = (sorted.length - 1) * p;
  const lower = Math.floor(position);
  const upper = Math.min(sorted.length - 1, lower + 1);
  const weight = position - lower;
  return (sorted[lower] as number) * (1 - weight) + (sorted[upper] as number) * weight;
}

export function histogram(sorted: ArrayLike<number>, bins: number): { edges: number[]; counts: number[] } {
  const n = sorted.length;
  const lo = n > 0 ? (sorted[0] as number) : 0;
  const hi = n > 0 ? (sorted[n - 1] as number) : 0;
  // A degenerate distribution (a flat book) still gets one visible bin around its value.
  const width = hi > lo ? (hi - lo) / bins : 1;
  const start = hi > lo ? lo : lo - (width * bins) / 2;
  const edges = Array.from({ length: bins + 1 }, (_, k) => start + k * width);
  const counts = new Array<number>(bins).fill(0);
  for (let k = 0; k < n; k += 1) {
    const bin = Math.min(bins - 1, Math.floor(((sorted[k] as number) - start) / width));
    counts[bin] = (counts[bin] ?? 0) + 1;
  }
  return { edges, counts };
}

/**
 * The bootstrap in steps, so a caller on main's thread can yield between them (a halt must
 * never queue behind a simulation): `step(k)` draws up to k more paths, `finish()` summarises.
 * Stepping in any chunk sizes gives exactly the one-go result (one generator, same order).
 */
export class BlockBootstrap {
  private readonly random;
  private readonly outcomes: Float64Array;
  private drawn = 0;

  constructor(
    private readonly dailyPnl: Float64Array,
    readonly options: MonteCarloOptions,
  ) {
    const n = dailyPnl.length;
    if (n < 2) throw new AppError('VALIDATION_FAILED', `Monte Carlo needs at least 2 days of position P&L history, got ${n}`, { observations: n });
    for (const key of ['horizonDays', 'paths', 'blockLength', 'bins'] as const) {
      if (!Number.isInteger(options[key]) || options[key] < 1) throw new AppError('VALIDATION_FAILED', `Monte Carlo ${key} must be a positive integer, got ${options[key]}`, { [key]: options[key] });
    }
    this.random = createSeededRandom(options.seed);
    this.outcomes = new Float64Array(options.paths);
  }

  get done(): number {
    return this.drawn;
  }

  /** Draws up to `paths` more paths; returns how many are drawn in all. */
  step(paths: number): number {
    const n = this.dailyPnl.length;
    const { horizonDays, blockLength } = this.options;
    const end = Math.min(this.options.paths, this.drawn + paths);
    for (let path = this.drawn; path < end; path += 1) {
      let total = 0;
      let taken = 0;
      while (taken < horizonDays) {
        let day = Math.floor(this.random.nextFloat() * n);
        for (let k = 0; k < blockLength && taken < horizonDays; k += 1) {
          total += this.dailyPnl[day] as number;
          taken += 1;
          day = day + 1 === n ? 0 : day + 1;
        }
      }
      this.outcomes[path] = total;
    }
    this.drawn = end;
    return end;
  }

  finish(): MonteCarloResult {
    if (this.drawn < this.options.paths) throw new AppError('INTERNAL', `Monte Carlo finished after ${this.drawn} of ${this.options.paths} paths`, { done: this.drawn });
    const sorted = this.outcomes.slice().sort();
    const mean = sorted.reduce((sum, value) => sum + value, 0) / sorted.length;
    const t95 = historicalTail(sorted, 0.95);
    const t99 = historicalTail(sorted, 0.99);
    return {
      options: this.options,
      observations: this.dailyPnl.length,
      mean,
      quantiles: QUANTILE_LEVELS.map((p) => ({ p, value: quantileSorted(sorted, p) })),
      var95: t95.var,
      cvar95: t95.cvar,
      var99: t99.var,
      cvar99: t99.cvar,
      histogram: histogram(sorted, this.options.bins),
    };
  }
}

/** The bootstrap in one go; `progress` is called every 1% of the paths and may cancel. */
export function bootstrapHorizonPnl(dailyPnl: Float64Array, options: MonteCarloOptions, progress?: MonteCarloProgress): MonteCarloResult {
  const bootstrap = new BlockBootstrap(dailyPnl, options);
  const chunk = Math.max(1, Math.floor(options.paths / 100));
  while (bootstrap.done < options.paths) {
    const done = bootstrap.step(chunk);
    if (progress !== undefined && !progress(done, options.paths)) {
      throw new AppError('CANCELLED', `Monte Carlo cancelled after ${done} of ${options.paths} paths`, { done });
    }
  }
  return bootstrap.finish();
}
