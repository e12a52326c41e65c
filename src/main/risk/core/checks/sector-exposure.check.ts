import { fail, verdict, type NamedCheck } from '../pre-trade-check';
import { exposureAfter, times, usableEquity } from './exposure-math';

/**
 * |net exposure| per sector after the order, × equity, for the sectors the order touches
 * (sectors from the constituents data). A symbol with no known sector fails closed: its
 * sector's exposure cannot be bounded.
 */
export const sectorExposureCheck: NamedCheck = {
  name: 'sector_exposure',
  appliesToClosing: false,
  evaluate({ request, snapshot, config }) {
    const equity = usableEquity(request);
    if (typeof equity === 'string') return [fail('sector_exposure', Number.NaN, Number.NaN, equity)];
    const unknown = request.legs.filter((leg) => !snapshot.sectors.has(leg.symbol)).map((leg) => leg.symbol);
    if (unknown.length > 0) return [fail('sector_exposure', Number.NaN, config.limits.maxSectorExposure, `no sector known for ${unknown.join(', ')}: failing closed`)];
    const after = exposureAfter(request);
    const bySector = new Map<string, number>();
    for (const [symbol, value] of after.bySymbol) {
      const sector = snapshot.sectors.get(symbol) ?? `unclassified:${symbol}`;
      bySector.set(sector, (bySector.get(sector) ?? 0) + value);
    }
    const touched = new Set(request.legs.map((leg) => snapshot.sectors.get(leg.symbol) ?? leg.symbol));
    const limit = config.limits.maxSectorExposure;
    return [...touched].map((sector) => {
      const ratio = Math.abs(bySector.get(sector) ?? 0) / equity;
      return verdict(`sector_exposure:${sector}`, ratio <= limit, ratio, limit, `${sector} net ${times(ratio)} equity vs ${limit}×`);
    });
  },
};
