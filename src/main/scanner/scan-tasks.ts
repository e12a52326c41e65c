import type { Store } from '../store/db';
import { ScanRunsRepo } from '../store/repos/scan-runs.repo';
import { hurstExponent } from '../stats/hurst';
import { johansen } from '../stats/johansen';
import { assembleResults } from './core/assemble-results';
import { firstPairOfRow, type PairShard } from './core/pair-shards';
import { Field, PAIR_FIELDS, scanShard, symbolColumn, type ScanMatrix } from './core/scan-shard';
import type { MultipleTestingMethod, PairResult, PriceTransform } from './core/scan-types';
import { prepareScan, type PrepareOptions, type PreparedScan } from './scan-prepare';

/**
 * The scan's three worker tasks as plain functions (the worker entry only dispatches):
 * prepare (store → shared matrix + run record), shard (the inner loop over a slice of the
 * pairs, writing into the shared rows), persist (multiple testing, Hurst for the survivors,
 * and the 110k-row write in one transaction, off main's thread).
 */

export interface ScanMatrixRef {
  readonly matrix: SharedArrayBuffer;
  readonly symbols: number;
  readonly days: number;
  readonly transform: PriceTransform;
}

export type ScanTaskInput =
  | { readonly task: 'prepare'; readonly dbPath: string; readonly busyTimeoutMs: number; readonly options: PrepareOptions }
  | { readonly task: 'shard'; readonly ref: ScanMatrixRef; readonly rows: SharedArrayBuffer; readonly shard: PairShard; readonly progressEvery: number }
  | {
      readonly task: 'persist';
      readonly dbPath: string;
      readonly busyTimeoutMs: number;
      readonly runId: number;
      readonly ref: ScanMatrixRef;
      readonly rows: SharedArrayBuffer;
      readonly symbols: readonly string[];
      /** Present for "same sector only": only pairs of one sector are reported and corrected for. */
      readonly sectors: readonly (string | null)[] | null;
      /** The optional correlation pre-filter: pairs whose return correlation is below it are not part of the scan. */
      readonly minCorrelation: number | null;
      readonly fdr: { readonly method: MultipleTestingMethod; readonly alpha: number };
    };

export interface PersistOutcome {
  readonly runId: number;
  readonly pairsTested: number;
  readonly pairsSignificant: number;
}

export type ScanTaskOutput<I extends ScanTaskInput> = I extends { task: 'prepare' } ? PreparedScan : I extends { task: 'shard' } ? { pairs: number } : PersistOutcome;

export function matrixOf(ref: ScanMatrixRef): ScanMatrix {
  return { values: new Float64Array(ref.matrix), symbols: ref.symbols, days: ref.days, transform: ref.transform };
}

export function runPrepare(store: Store, options: PrepareOptions): PreparedScan {
  return prepareScan(store, options);
}

/** Pairs per synchronous slice of a shard: between slices the worker reads its messages (cancel). */
const SLICE_PAIRS = 4000;

/**
 * Runs one shard in slices, yielding to the worker's event loop between them: the inner loop
 * is synchronous, and the pool's cancel arrives as a message, which is only read between
 * slices (a slice is a fraction of a second).
 */
export async function runShard(
  ref: ScanMatrixRef,
  rows: SharedArrayBuffer,
  shard: PairShard,
  options: { signal: AbortSignal; onProgress: (done: number) => void; progressEvery: number },
): Promise<{ pairs: number }> {
  const matrix = matrixOf(ref);
  for (let start = shard.start; start < shard.end; start += SLICE_PAIRS) {
    await new Promise((resolve) => setImmediate(resolve));
    if (options.signal.aborted) throw options.signal.reason;
    const slice = { index: shard.index, start, end: Math.min(shard.end, start + SLICE_PAIRS) };
    const out = scanShard(matrix, slice, {
      signal: options.signal,
      onProgress: (done) => options.onProgress(start - shard.start + done),
      progressEvery: options.progressEvery,
    });
    new Float64Array(rows, start * PAIR_FIELDS * 8, (slice.end - slice.start) * PAIR_FIELDS).set(out);
  }
  return { pairs: shard.end - shard.start };
}

/**
 * For the pairs that survive multiple testing: Hurst of the reported direction's spread, and
 * Johansen (det_order 0, k_ar_diff 1) of [y, x]. A few hundred pairs, so cheap beside the scan.
 */
function withSurvivorStats(results: PairResult[], matrix: ScanMatrix, symbols: readonly string[]): PairResult[] {
  const index = new Map(symbols.map((symbol, i) => [symbol, i]));
  const spread = new Float64Array(matrix.days);
  return results.map((result) => {
    if (!result.significant || result.alpha === null || result.beta === null) return result;
    const y = symbolColumn(matrix, index.get(result.y) ?? 0);
    const x = symbolColumn(matrix, index.get(result.x) ?? 0);
    for (let t = 0; t < matrix.days; t += 1) spread[t] = (y[t] as number) - result.alpha - result.beta * (x[t] as number);
    const hurst = hurstExponent(spread);
    const rank = johansen([y, x], 0, 1);
    return {
      ...result,
      hurst: hurst.ok ? hurst.value : null,
      johansenTrace: rank.ok ? (rank.value.traceStatistic[0] ?? null) : null,
      johansenMaxEig: rank.ok ? (rank.value.maxEigenStatistic[0] ?? null) : null,
    };
  });
}

/**
 * Which pairs belong to the scan: same sector only, and at least the minimum return
 * correlation (a pair whose correlation could not be computed stays, with its error).
 * Every pair was computed anyway; the pre-filter decides what is reported and corrected for.
 */
function restriction(
  symbols: number,
  rows: Float64Array,
  sectors: readonly (string | null)[] | null,
  minCorrelation: number | null,
): ((i: number, j: number) => boolean) | undefined {
  if (sectors === null && minCorrelation === null) return undefined;
  return (i, j) => {
    if (sectors !== null && (sectors[i] === null || sectors[i] !== sectors[j])) return false;
    if (minCorrelation === null) return true;
    const correlation = rows[(firstPairOfRow(symbols, i) + j - i - 1) * PAIR_FIELDS + Field.correlation] as number;
    return !Number.isFinite(correlation) || correlation >= minCorrelation;
  };
}

/** Rows per write transaction of the persist step (~10 ms of write lock each). */
const PERSIST_SLICE_ROWS = 2000;
/** Pause between slices, longer than SQLite's first busy-handler sleeps, so a waiting main write gets in. */
const PERSIST_PAUSE_MS = 3;

export function runPersist(store: Store, input: Extract<ScanTaskInput, { task: 'persist' }>, finishedAt: () => number): PersistOutcome {
  const matrix = matrixOf(input.ref);
  const rows = new Float64Array(input.rows);
  const keep = restriction(input.symbols.length, rows, input.sectors, input.minCorrelation);
  const assembled = assembleResults(input.symbols, rows, input.fdr, keep);
  const results = withSurvivorStats(assembled, matrix, input.symbols);
  // Slices keep the write lock short for main's own writes; the pause lets a waiting writer in.
  const pause = new Int32Array(new SharedArrayBuffer(4));
  new ScanRunsRepo(store.db).completeInSlices(input.runId, results, finishedAt, {
    sliceRows: PERSIST_SLICE_ROWS,
    between: () => Atomics.wait(pause, 0, 0, PERSIST_PAUSE_MS),
  });
  return { runId: input.runId, pairsTested: results.length, pairsSignificant: results.filter((r) => r.significant).length };
}
