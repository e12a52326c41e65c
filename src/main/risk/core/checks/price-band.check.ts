import { fail, verdict, type NamedCheck } from '../pre-trade-check';
import { legPrice, pct } from './exposure-math';

/** Fat finger: each leg's limit (or sizing) price within `priceBand` of the last trade. No last trade: fails closed. */
export const priceBandCheck: NamedCheck = {
  name: 'price_band',
  appliesToClosing: true,
  evaluate({ request, snapshot, config }) {
    const band = config.limits.priceBand;
    return request.legs.map((leg) => {
      const name = `price_band:${leg.symbol}`;
      const last = snapshot.lastTrades.get(leg.symbol);
      if (last === undefined || !(last.price > 0)) return fail(name, Number.NaN, band, `no last trade for ${leg.symbol}: failing closed`);
      const price = legPrice(leg);
      const deviation = Math.abs(price / last.price - 1);
      return verdict(name, Number.isFinite(deviation) && deviation <= band, deviation, band, `${leg.symbol} at ${price} is ${pct(deviation)} from the last trade ${last.price} vs band ${pct(band)}`);
    });
  },
};
