import { fail, pass, verdict, type NamedCheck } from '../pre-trade-check';
import { exposureAfter, pct, times, usableEquity } from './exposure-math';

/**
 * Concentration: the share of gross exposure in one traded symbol after the order. Checked only
 * once gross exceeds `concentrationFloor` × equity, because the first pair of a book is
 * necessarily concentrated.
 */
export const concentrationCheck: NamedCheck = {
  name: 'concentration',
  appliesToClosing: false,
  evaluate({ request, config }) {
    const equity = usableEquity(request);
    if (typeof equity === 'string') return [fail('concentration', Number.NaN, Number.NaN, equity)];
    const { maxConcentration, concentrationFloor } = config.limits;
    const after = exposureAfter(request);
    const grossRatio = after.gross / equity;
    if (grossRatio < concentrationFloor || after.gross === 0) {
      return [pass('concentration', grossRatio, concentrationFloor, `gross ${times(grossRatio)} equity is below the ${concentrationFloor}× floor: concentration not checked yet`)];
    }
    return [...new Set(request.legs.map((leg) => leg.symbol))].map((symbol) => {
      const share = Math.abs(after.bySymbol.get(symbol) ?? 0) / after.gross;
      return verdict(`concentration:${symbol}`, share <= maxConcentration, share, maxConcentration, `${symbol} is ${pct(share)} of gross exposure vs limit ${pct(maxConcentration)}`);
    });
  },
};
