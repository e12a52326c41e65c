import { strictAssert } from '../../../shared/ipc/errors';

/**
 * The unordered pairs (i < j) of n symbols, numbered 0 … n(n−1)/2 − 1 row by row:
 * (0,1), (0,2) … (0,n−1), (1,2) …, and split into contiguous shards for the workers. Each
 * unordered pair is tested in both directions inside one shard, so both p-values of a pair
 * come from the same worker and the shard boundaries never split a pair.
 */

export function pairCount(symbols: number): number {
  return symbols < 2 ? 0 : (symbols * (symbols - 1)) / 2;
}

/** Index of the first pair whose first symbol is `i`. */
export function firstPairOfRow(symbols: number, i: number): number {
  return i * symbols - (i * (i + 1)) / 2;
}

/** The pair at linear index k: row i is found by solving firstPairOfRow(i) ≤ k. */
export function pairAt(symbols: number, k: number): readonly [number, number] {
  strictAssert(k >= 0 && k < pairCount(symbols), `pair index ${k} within ${pairCount(symbols)} pairs`);
  // Closed form from the quadratic, then a step either way to absorb rounding.
  let i = Math.floor((2 * symbols - 1 - Math.sqrt((2 * symbols - 1) ** 2 - 8 * k)) / 2);
  while (i > 0 && firstPairOfRow(symbols, i) > k) i -= 1;
  while (firstPairOfRow(symbols, i + 1) <= k) i += 1;
  return [i, i + 1 + (k - firstPairOfRow(symbols, i))];
}

export interface PairShard {
  readonly index: number;
  /** First pair index (inclusive). */
  readonly start: number;
  /** Past the last pair index (exclusive). */
  readonly end: number;
}

/** At most `shards` contiguous, nearly equal shards covering every pair once. */
export function planShards(symbols: number, shards: number): PairShard[] {
  const total = pairCount(symbols);
  const count = Math.max(1, Math.min(Math.floor(shards), total));
  const plan: PairShard[] = [];
  for (let index = 0; index < count; index += 1) {
    const start = Math.floor((total * index) / count);
    const end = Math.floor((total * (index + 1)) / count);
    if (end > start) plan.push({ index, start, end });
  }
  return plan;
}
