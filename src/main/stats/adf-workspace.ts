/**
 * Preallocated buffers for the ADF / Engle-Granger hot path, so testing a pair allocates
 * nothing. One workspace per worker thread; size it for the longest series and largest lag.
 */
export interface AdfWorkspace {
  readonly capacity: number;
  readonly maxLagCapacity: number;
  /** Columns of the widest lag-search model: 2 deterministic + level + lags. */
  readonly maxColumns: number;
  /** First differences of the tested series. */
  readonly diff: Float64Array;
  /** level_t · diff_t, for the level-lag cross-products. */
  readonly levelTimesDiff: Float64Array;
  /** (L+1)×(L+1): Σ d_{i−j} d_{i−k} over the common sample (j, k = 0 is the dependent variable). */
  readonly diffGram: Float64Array;
  /** Σ level_i d_{i−j} over the common sample, j = 0..L. */
  readonly levelDiff: Float64Array;
  /** Σ d_{i−j} and Σ τ_i d_{i−j} over the common sample (deterministic columns). */
  readonly constDiff: Float64Array;
  readonly trendDiff: Float64Array;
  /** Lag-search model: Gram, X'y and the forward-substituted z. */
  readonly gram: Float64Array;
  readonly xty: Float64Array;
  readonly z: Float64Array;
  /** Refit model on the chosen lag's own sample. */
  readonly refitGram: Float64Array;
  readonly refitXty: Float64Array;
  readonly refitZ: Float64Array;
  /** The lag-search Gram's diagonal, kept because the factorization overwrites it. */
  readonly diagonal: Float64Array;
  /** Scratch row for the refit's extra observations. */
  readonly row: Float64Array;
  /** A second series buffer (Engle-Granger residuals). */
  readonly residuals: Float64Array;
}

export function createAdfWorkspace(capacity: number, maxLagCapacity = Math.ceil(12 * Math.pow(capacity / 100, 0.25))): AdfWorkspace {
  if (!Number.isInteger(capacity) || capacity < 2) throw new RangeError(`createAdfWorkspace: capacity must be an integer ≥ 2, got ${capacity}`);
  if (!Number.isInteger(maxLagCapacity) || maxLagCapacity < 0) throw new RangeError(`createAdfWorkspace: maxLagCapacity must be a non-negative integer, got ${maxLagCapacity}`);
  const lags = maxLagCapacity + 1;
  const maxColumns = maxLagCapacity + 3;
  return {
    capacity,
    maxLagCapacity,
    maxColumns,
    diff: new Float64Array(capacity),
    levelTimesDiff: new Float64Array(capacity),
    diffGram: new Float64Array(lags * lags),
    levelDiff: new Float64Array(lags),
    constDiff: new Float64Array(lags),
    trendDiff: new Float64Array(lags),
    gram: new Float64Array(maxColumns * maxColumns),
    xty: new Float64Array(maxColumns),
    z: new Float64Array(maxColumns),
    refitGram: new Float64Array(maxColumns * maxColumns),
    refitXty: new Float64Array(maxColumns),
    refitZ: new Float64Array(maxColumns),
    diagonal: new Float64Array(maxColumns),
    row: new Float64Array(maxColumns),
    residuals: new Float64Array(capacity),
  };
}

/** A workspace that fits, reusing `existing` when it is big enough. */
export function ensureAdfWorkspace(existing: AdfWorkspace | undefined, length: number, maxLag: number): AdfWorkspace {
  if (existing && existing.capacity >= length && existing.maxLagCapacity >= maxLag) return existing;
  return createAdfWorkspace(Math.max(length, existing?.capacity ?? 0), Math.max(maxLag, existing?.maxLagCapacity ?? 0));
}
