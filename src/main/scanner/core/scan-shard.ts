import {
  checkPairInput,
  createEngleGrangerCore,
  createEngleGrangerWorkspace,
  engleGrangerPairInto,
  type EngleGrangerCore,
} from '../../stats/engle-granger';
import { pearson } from '../../stats/correlation';
import type { StatsFailure } from '../../stats/stats-result';
import { pairAt, type PairShard } from './pair-shards';

/**
 * The scanner's inner loop, run on a worker over one shard of pairs. Input is the formation
 * window as a symbol-major matrix (symbol s occupies values[s·days … (s+1)·days)) already on
 * the requested transform, shared by every shard without copying. Each unordered pair is
 * tested both ways with the accurate Engle-Granger path (the fast path is the accurate path);
 * the output is one row of PAIR_FIELDS numbers per pair, NaN where a value does not exist.
 */

export const PAIR_FIELDS = 14;
export const Field = {
  statForward: 0,
  pForward: 1,
  lagForward: 2,
  betaForward: 3,
  alphaForward: 4,
  statReverse: 5,
  pReverse: 6,
  lagReverse: 7,
  betaReverse: 8,
  alphaReverse: 9,
  /** Of the spread in the direction with the lower p-value. */
  halfLife: 10,
  /** Of the two series' log returns. */
  correlation: 11,
  /** 0 when both directions were computed, else 1 + the index of the failure kind. */
  failure: 12,
  nobs: 13,
} as const;

export const FAILURE_KINDS: readonly StatsFailure['kind'][] = [
  'non-finite',
  'length-mismatch',
  'too-short',
  'constant-series',
  'collinear',
  'singular-regression',
  'non-positive-price',
];

export interface ScanMatrix {
  readonly values: Float64Array;
  readonly symbols: number;
  readonly days: number;
  /** 'log' when values are log prices (returns are their differences), 'raw' for prices. */
  readonly transform: 'log' | 'raw';
}

export function symbolColumn(matrix: ScanMatrix, symbol: number): Float64Array {
  return matrix.values.subarray(symbol * matrix.days, (symbol + 1) * matrix.days);
}

/** Log returns of every symbol, symbol-major (days − 1 each): computed once per shard worker. */
export function logReturnsMatrix(matrix: ScanMatrix): Float64Array {
  const width = matrix.days - 1;
  const out = new Float64Array(matrix.symbols * Math.max(0, width));
  for (let s = 0; s < matrix.symbols; s += 1) {
    const column = symbolColumn(matrix, s);
    for (let t = 1; t < matrix.days; t += 1) {
      const now = column[t] as number;
      const before = column[t - 1] as number;
      out[s * width + t - 1] = matrix.transform === 'log' ? now - before : Math.log(now / before);
    }
  }
  return out;
}

export interface ShardProgress {
  (pairsDone: number): void;
}

/** Tests every pair of the shard; `onProgress` is called every `progressEvery` pairs. */
export function scanShard(
  matrix: ScanMatrix,
  shard: PairShard,
  options: { readonly signal?: AbortSignal; readonly onProgress?: ShardProgress; readonly progressEvery?: number } = {},
): Float64Array {
  const count = shard.end - shard.start;
  const out = new Float64Array(count * PAIR_FIELDS).fill(Number.NaN);
  const returns = logReturnsMatrix(matrix);
  const width = matrix.days - 1;
  const ws = createEngleGrangerWorkspace(matrix.days);
  const forward = createEngleGrangerCore();
  const reverse = createEngleGrangerCore();
  const every = options.progressEvery ?? 2000;
  for (let k = 0; k < count; k += 1) {
    if (k % every === 0) {
      if (options.signal?.aborted === true) throw options.signal.reason;
      options.onProgress?.(k);
    }
    const [i, j] = pairAt(matrix.symbols, shard.start + k);
    const y = symbolColumn(matrix, i);
    const x = symbolColumn(matrix, j);
    const row = k * PAIR_FIELDS;
    out[row + Field.nobs] = matrix.days;
    // Both directions share one pass over the pair (moments), and each computes its spread's
    // half-life from the residuals it already has.
    const problem = checkPairInput(y, x) ?? (engleGrangerPairInto(ws, y, x, matrix.days, forward, reverse) === 2 ? null : (forward.failure ?? reverse.failure));
    if (problem !== null) {
      out[row + Field.failure] = 1 + FAILURE_KINDS.indexOf(problem.kind);
      continue;
    }
    out[row + Field.failure] = 0;
    write(out, row, Field.statForward, forward);
    write(out, row, Field.statReverse, reverse);
    const fit = forward.pValue <= reverse.pValue ? forward : reverse;
    out[row + Field.halfLife] = Number.isNaN(fit.halfLife) ? Number.NaN : fit.halfLife;
    out[row + Field.correlation] = pearson(returns.subarray(i * width, (i + 1) * width), returns.subarray(j * width, (j + 1) * width));
  }
  options.onProgress?.(count);
  return out;
}

function write(out: Float64Array, row: number, first: number, fit: EngleGrangerCore): void {
  out[row + first] = fit.statistic;
  out[row + first + 1] = fit.pValue;
  out[row + first + 2] = fit.usedLag;
  out[row + first + 3] = fit.beta;
  out[row + first + 4] = fit.alpha;
}
