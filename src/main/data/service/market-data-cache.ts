import type { AppConfig } from '../../../shared/domain/config';
import type { InstrumentRecord } from '../../core/market/market-records';
import type { CloseSeries } from '../../core/market/series';
import type { BasisCloseMatrix, BasisSeries, CloseMatrixRequest, MarketDataProvider, SeriesRequest } from './market-data-provider';
import { TtlCache, type CacheMetrics } from './ttl-cache';

type Cached = BasisSeries | CloseSeries | readonly InstrumentRecord[];

export interface MarketDataCacheOptions {
  readonly provider: MarketDataProvider;
  readonly ttlMs: number;
  readonly maxEntries: number;
  readonly now: () => number;
}

export interface MarketDataMetrics extends CacheMetrics {
  readonly provider: string;
  /** Provider calls actually made (a miss whose load was already in flight does not add one). */
  readonly loads: number;
}

const instrumentsKey = 'instruments';
// The separator cannot occur in a symbol (symbols are letters, digits, '.', '-' and '/').
const sep = '\u0000';

/**
 * The read side of market data: a provider behind a TTL/LRU cache (used by the one market
 * data service, market-data.service.ts). Concurrent misses for the same key share one
 * provider call, and a failed load is never cached, so an error is retried on the next
 * request instead of being served until the TTL runs out. Close matrices are not cached:
 * they are large, read from series_cache in milliseconds, and asked for once per scan.
 */
export class MarketDataCache {
  private readonly provider: MarketDataProvider;
  private readonly cache: TtlCache<string, Cached>;
  private readonly inFlight = new Map<string, Promise<Cached>>();
  private loads = 0;

  constructor(options: MarketDataCacheOptions) {
    this.provider = options.provider;
    this.cache = new TtlCache({ maxEntries: options.maxEntries, ttlMs: options.ttlMs, now: options.now });
  }

  static fromConfig(provider: MarketDataProvider, config: Pick<AppConfig, 'data'>, now: () => number): MarketDataCache {
    return new MarketDataCache({ provider, ttlMs: config.data.cacheTtlMs, maxEntries: config.data.cacheMaxEntries, now });
  }

  getSeries(request: SeriesRequest): Promise<BasisSeries> {
    const key = ['series', request.symbol, request.range?.from ?? '', request.range?.to ?? '', request.basis ?? ''].join(sep);
    return this.load(key, () => this.provider.getSeries(request)) as Promise<BasisSeries>;
  }

  getCloseMatrix(request: CloseMatrixRequest): Promise<BasisCloseMatrix> {
    this.loads += 1;
    return this.provider.getCloseMatrix(request);
  }

  getCloses(symbol: string): Promise<CloseSeries> {
    return this.load(['closes', symbol].join(sep), () => this.provider.getCloses(symbol)) as Promise<CloseSeries>;
  }

  listInstruments(): Promise<readonly InstrumentRecord[]> {
    return this.load(instrumentsKey, () => this.provider.listInstruments()) as Promise<readonly InstrumentRecord[]>;
  }

  /**
   * Called after an import commits: drops every cached entry of those symbols, and the
   * instrument list (bar counts and dates changed). Returns the number of entries dropped.
   */
  invalidateSymbols(symbols: Iterable<string>): number {
    const affected = new Set(symbols);
    if (affected.size === 0) return 0;
    const matches = (key: string): boolean => key === instrumentsKey || affected.has(key.split(sep)[1] ?? '');
    for (const key of [...this.inFlight.keys()]) if (matches(key)) this.inFlight.delete(key);
    return this.cache.invalidate(matches);
  }

  clear(): void {
    this.cache.clear();
  }

  metrics(): MarketDataMetrics {
    return { ...this.cache.metrics(), provider: this.provider.name, loads: this.loads };
  }

  private load(key: string, fetch: () => Promise<Cached>): Promise<Cached> {
    const cached = this.cache.get(key);
    if (cached !== undefined) return Promise.resolve(cached);
    const pending = this.inFlight.get(key);
    if (pending !== undefined) return pending;
    this.loads += 1;
    const promise = fetch().then(
      (value) => {
        // An invalidation during the load removed the key from inFlight: the value may
        // predate the import, so it is returned to this caller but not cached.
        if (this.inFlight.get(key) === promise) {
          this.cache.set(key, value);
          this.inFlight.delete(key);
        }
        return value;
      },
      (error: unknown) => {
        if (this.inFlight.get(key) === promise) this.inFlight.delete(key);
        throw error;
      },
    );
    this.inFlight.set(key, promise);
    return promise;
  }
}
