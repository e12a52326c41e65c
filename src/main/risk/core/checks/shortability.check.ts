import { pass, verdict, type NamedCheck } from '../pre-trade-check';
import { sharesAdded } from './exposure-math';

/**
 * A sale that opens or grows a short needs the broker to say the symbol is shortable; when the
 * broker does not know, the sale fails closed. Sales that only reduce a long need nothing.
 */
export const shortabilityCheck: NamedCheck = {
  name: 'shortable',
  appliesToClosing: true,
  evaluate({ request, snapshot }) {
    const results = [];
    for (const [symbol, delta] of sharesAdded(request)) {
      const before = snapshot.positions.get(symbol) ?? 0;
      const after = before + delta;
      if (delta >= 0 || after >= 0) continue;
      const shortable = snapshot.shortable.get(symbol);
      const shortShares = Math.min(-after, -delta);
      results.push(
        verdict(
          `shortable:${symbol}`,
          shortable === true,
          shortShares,
          0,
          shortable === true
            ? `${symbol} is shortable (${shortShares} shares short)`
            : shortable === false
              ? `${symbol} is not shortable at the broker: refusing to short ${shortShares} shares`
              : `the broker does not say whether ${symbol} is shortable: failing closed for ${shortShares} shares short`,
        ),
      );
    }
    return results.length > 0 ? results : [pass('shortable', 0, 0, 'no leg opens or grows a short')];
  },
};
