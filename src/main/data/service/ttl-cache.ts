import { AppError } from '../../../shared/ipc/errors';

export interface TtlCacheOptions {
  /** Upper bound on entries; the least recently used entry is evicted beyond it. */
  readonly maxEntries: number;
  /** Lifetime of an entry from when it was set. 0 disables caching (every read misses). */
  readonly ttlMs: number;
  /** Injected clock (epoch ms), so expiry is testable without sleeping. */
  readonly now: () => number;
}

export interface CacheMetrics {
  readonly hits: number;
  readonly misses: number;
  /** Entries dropped to respect maxEntries. */
  readonly evictions: number;
  /** Entries dropped because their TTL had passed. */
  readonly expirations: number;
  /** Live entries (expired ones are swept before counting). */
  readonly size: number;
}

interface Entry<V> {
  readonly value: V;
  readonly expiresAt: number;
}

/** Keys are primitives so `invalidate` can tell a key from a predicate. */
export type CacheKey = string | number;

/**
 * A bounded cache with a time-to-live and LRU eviction. A Map keeps insertion order, so
 * re-inserting on every hit makes its first key the least recently used one. Expiry is
 * lazy (checked on read) plus a sweep before metrics, so no timer keeps the process alive.
 */
export class TtlCache<K extends CacheKey, V> {
  private readonly entries = new Map<K, Entry<V>>();
  private readonly maxEntries: number;
  private readonly ttlMs: number;
  private readonly now: () => number;
  private hits = 0;
  private misses = 0;
  private evictions = 0;
  private expirations = 0;

  constructor(options: TtlCacheOptions) {
    if (!Number.isInteger(options.maxEntries) || options.maxEntries < 1) {
      throw new AppError('BAD_REQUEST', `TtlCache maxEntries must be a positive integer, got ${options.maxEntries}`, {
        field: 'maxEntries',
      });
    }
    if (!Number.isFinite(options.ttlMs) || options.ttlMs < 0) {
      throw new AppError('BAD_REQUEST', `TtlCache ttlMs must be a finite number >= 0, got ${options.ttlMs}`, {
        field: 'ttlMs',
      });
    }
    this.maxEntries = options.maxEntries;
    this.ttlMs = options.ttlMs;
    this.now = options.now;
  }

  /** The value if present and fresh; counts a hit or a miss. */
  get(key: K): V | undefined {
    const entry = this.entries.get(key);
    if (entry === undefined) {
      this.misses += 1;
      return undefined;
    }
    if (entry.expiresAt <= this.now()) {
      this.entries.delete(key);
      this.expirations += 1;
      this.misses += 1;
      return undefined;
    }
    this.entries.delete(key);
    this.entries.set(key, entry);
    this.hits += 1;
    return entry.value;
  }

  set(key: K, value: V): void {
    if (this.ttlMs === 0) return;
    this.entries.delete(key);
    this.entries.set(key, { value, expiresAt: this.now() + this.ttlMs });
    while (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next();
      if (oldest.done === true) break;
      const entry = this.entries.get(oldest.value);
      this.entries.delete(oldest.value);
      // An entry that had already expired leaves by expiry, not by pressure.
      if (entry !== undefined && entry.expiresAt <= this.now()) this.expirations += 1;
      else this.evictions += 1;
    }
  }

  /** Returns the cached value, or loads, stores and returns it. */
  getOrLoad(key: K, load: () => V): V {
    const cached = this.get(key);
    if (cached !== undefined) return cached;
    const value = load();
    this.set(key, value);
    return value;
  }

  /**
   * Drops one key, or every entry whose key matches the predicate. Returns how many entries
   * were removed. Invalidation is not counted as eviction or expiry.
   */
  invalidate(target: K | ((key: K) => boolean)): number {
    if (typeof target !== 'function') return this.entries.delete(target) ? 1 : 0;
    let removed = 0;
    for (const key of [...this.entries.keys()]) {
      if (target(key)) {
        this.entries.delete(key);
        removed += 1;
      }
    }
    return removed;
  }

  clear(): void {
    this.entries.clear();
  }

  /** Removes expired entries now; returns how many. */
  sweep(): number {
    const now = this.now();
    let removed = 0;
    for (const [key, entry] of [...this.entries]) {
      if (entry.expiresAt <= now) {
        this.entries.delete(key);
        removed += 1;
      }
    }
    this.expirations += removed;
    return removed;
  }

  metrics(): CacheMetrics {
    this.sweep();
    return {
      hits: this.hits,
      misses: this.misses,
      evictions: this.evictions,
      expirations: this.expirations,
      size: this.entries.size,
    };
  }
}
