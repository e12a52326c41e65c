import type { CloseMatrix, OhlcvColumns } from '../core/market/series';

/**
 * Large read-only inputs that many shards share, named by reference rather than passed by
 * value, so a job descriptor stays small plain data that a remote queue could carry. The
 * local runner maps each reference to ONE shared-memory copy for all shards
 * (workers/shared-inputs.ts); a remote runner would load it from its own store by key.
 */
export interface CloseMatrixRef {
  /** What the matrix is, as its producer names it, e.g. `sp500:all:2010-01-04..2020-12-31:split`. */
  readonly key: string;
  /** Changes whenever the data behind the key does (e.g. the dataset version), so a stale copy is never reused. */
  readonly dataVersion: number;
}

/** Daily bars of a few symbols (e.g. one pair of a parameter sweep), one OhlcvColumns per symbol. */
export interface BarSet {
  readonly symbols: readonly string[];
  /** Parallel to `symbols`. */
  readonly bars: readonly OhlcvColumns[];
}

/** Same shape as a close matrix's reference: a producer's key and the data version behind it. */
export type BarSetRef = CloseMatrixRef;

/** Every kind of named input: the reference a descriptor carries and the value a worker sees. */
export interface NamedInputKinds {
  readonly closeMatrix: { readonly ref: CloseMatrixRef; readonly value: CloseMatrix };
  readonly barSet: { readonly ref: BarSetRef; readonly value: BarSet };
}

export type NamedInputName = keyof NamedInputKinds;

/** The references a job descriptor carries for the inputs its worker declares. */
export type NamedInputRefs<N extends NamedInputName = NamedInputName> = { readonly [K in N]: NamedInputKinds[K]['ref'] };

/** What a worker task receives for the inputs it declares. */
export type NamedInputValues<N extends NamedInputName = NamedInputName> = { readonly [K in N]: NamedInputKinds[K]['value'] };

/** Loads a named input's value where the runner lives (main's store for the local runner). */
export type NamedInputLoaders = { readonly [K in NamedInputName]?: (ref: NamedInputKinds[K]['ref']) => NamedInputKinds[K]['value'] | Promise<NamedInputKinds[K]['value']> };

export function namedInputCacheKey(name: NamedInputName, ref: CloseMatrixRef): string {
  return `${name}:${ref.key}@${ref.dataVersion}`;
}
