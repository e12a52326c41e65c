import { describe, expect, it } from 'vitest';
import type { InstrumentRecord } from '../../../../src/main/core/market/market-records';
import type { CloseSeries, DayRange } from '../../../../src/main/core/market/series';
import type { BasisCloseMatrix, BasisSeries, CloseMatrixRequest, MarketDataProvider, SeriesRequest } from '../../../../src/main/data/service/market-data-provider';
import { MarketDataCache } from '../../../../src/main/data/service/market-data-cache';
import { AppError, isAppError } from '../../../../src/shared/ipc/errors';

/** A remote provider stand-in (the port's external side): counts calls, resolves on demand. */
class ScriptedProvider implements MarketDataProvider {
  readonly name = 'scripted';
  calls: string[] = [];
  price = 10;
  failNext = false;
  private gates: Array<() => void> = [];
  gated = false;

  async getSeries({ symbol, range = {} }: SeriesRequest): Promise<BasisSeries> {
    this.calls.push(`bars:${symbol}:${range.from ?? ''}:${range.to ?? ''}`);
    if (this.gated) await new Promise<void>((resolve) => this.gates.push(resolve));
    if (this.failNext) {
      this.failNext = false;
      throw new AppError('UNAVAILABLE', 'provider down');
    }
    const p = Float64Array.of(this.price);
    return { symbol, basis: 'split', warnings: [], days: Int32Array.of(17569), open: p, high: p, low: p, close: p, volume: Float64Array.of(1) };
  }

  async getCloses(symbol: string): Promise<CloseSeries> {
    this.calls.push(`closes:${symbol}`);
    return { days: Int32Array.of(17569), closes: Float64Array.of(this.price) };
  }

  async getCloseMatrix(request: CloseMatrixRequest): Promise<BasisCloseMatrix> {
    this.calls.push('matrix');
    return { symbols: [], days: new Int32Array(0), closes: new Float64Array(0), basis: request.basis, warnings: [] };
  }

  async listInstruments(): Promise<readonly InstrumentRecord[]> {
    this.calls.push('instruments');
    return [];
  }

  release(): void {
    this.gates.splice(0).forEach((open) => open());
  }
}

function setup(ttlMs = 1000): { provider: ScriptedProvider; service: MarketDataCache; advance: (ms: number) => void } {
  let t = 0;
  const provider = new ScriptedProvider();
  const service = new MarketDataCache({ provider, ttlMs, maxEntries: 3, now: () => t });
  return { provider, service, advance: (ms) => (t += ms) };
}

function bars(service: MarketDataCache, symbol: string, range?: DayRange): Promise<BasisSeries> {
  return service.getSeries({ symbol, ...(range === undefined ? {} : { range }) });
}

describe('MarketDataCache', () => {
  it('serves repeated reads from the cache until the TTL passes', async () => {
    const { provider, service, advance } = setup();
    await bars(service, 'KO', { from: 17532 });
    await bars(service, 'KO', { from: 17532 });
    await bars(service, 'KO', {});
    expect(provider.calls).toEqual(['bars:KO:17532:', 'bars:KO::']);
    advance(1000);
    await bars(service, 'KO', { from: 17532 });
    expect(provider.calls).toHaveLength(3);
    // The refreshed entry is live; the other (set at the same time) has expired and is swept.
    expect(service.metrics()).toEqual({ hits: 1, misses: 3, evictions: 0, expirations: 2, size: 1, provider: 'scripted', loads: 3 });
  });

  it('shares one provider call between concurrent misses', async () => {
    const { provider, service } = setup();
    provider.gated = true;
    const both = Promise.all([bars(service, 'KO'), bars(service, 'KO')]);
    provider.release();
    const [a, b] = await both;
    expect(a).toBe(b);
    expect(provider.calls).toHaveLength(1);
    expect(service.metrics().loads).toBe(1);
  });

  it('does not cache a failed load', async () => {
    const { provider, service } = setup();
    provider.failNext = true;
    let thrown: unknown;
    try {
      await bars(service, 'KO');
    } catch (error) {
      thrown = error;
    }
    expect(isAppError(thrown) && thrown.code).toBe('UNAVAILABLE');
    const series = await bars(service, 'KO');
    expect(series.close[0]).toBe(10);
    expect(provider.calls).toHaveLength(2);
  });

  it('invalidates every entry of the imported symbols and the instrument list, and nothing else', async () => {
    const { provider, service } = setup(60_000);
    await bars(service, 'KO');
    await service.getCloses('KO');
    await service.listInstruments();
    expect(service.metrics().size).toBe(3);
    expect(service.invalidateSymbols(['KO'])).toBe(3);
    await service.getCloses('PEP');
    expect(service.invalidateSymbols(['KO'])).toBe(0);
    expect(service.metrics().size).toBe(1);
    provider.price = 11;
    expect((await service.getCloses('KO')).closes[0]).toBe(11);
  });

  it('does not cache a value whose load was in flight when its symbol was invalidated', async () => {
    const { provider, service } = setup(60_000);
    provider.gated = true;
    const stale = bars(service, 'KO');
    service.invalidateSymbols(['KO']);
    provider.release();
    await stale;
    provider.gated = false;
    provider.price = 12;
    expect((await bars(service, 'KO')).close[0]).toBe(12);
    expect(provider.calls).toHaveLength(2);
  });

  it('evicts the least recently used entry beyond maxEntries', async () => {
    const { service } = setup(60_000);
    for (const symbol of ['A', 'B', 'C', 'D']) await service.getCloses(symbol);
    expect(service.metrics()).toMatchObject({ size: 3, evictions: 1 });
  });
});
