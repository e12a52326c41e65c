import type { Clock } from '../core/time/clock';

/** What the sector map is read from: the instruments repository (sectors from the constituents data). */
export interface InstrumentSectors {
  list(): ReadonlyArray<{ readonly symbol: string; readonly sector: string | null }>;
}

const TTL_MS = 60_000;

/**
 * Symbol → sector for the pre-trade sector-exposure check, from the instruments the
 * constituents import filled. Cached for a minute: sectors change only with an import, and the
 * check runs for every order. Symbols without a sector are left out, so the check fails closed
 * for them.
 */
export function createSectorSource(instruments: InstrumentSectors, clock: Clock): () => ReadonlyMap<string, string> {
  let cached: { at: number; map: Map<string, string> } | null = null;
  return () => {
    const now = clock.now();
    if (cached !== null && now - cached.at < TTL_MS) return cached.map;
    const map = new Map<string, string>();
    for (const row of instruments.list()) if (row.sector !== null && row.sector.trim() !== '') map.set(row.symbol, row.sector);
    cached = { at: now, map };
    return map;
  };
}
