import { fail, verdict, type NamedCheck } from '../pre-trade-check';
import { dollars, legPrice, signedShares } from './exposure-math';

/**
 * Buying power and margin: the initial margin the order adds (long and short rates on the part
 * of each leg that grows a position) against the broker's buying power. The part of a leg that
 * reduces a position frees margin and is not counted. No buying power reported: fails closed.
 */
export const buyingPowerCheck: NamedCheck = {
  name: 'buying_power',
  appliesToClosing: false,
  evaluate({ request, snapshot, config }) {
    const buyingPower = snapshot.buyingPower;
    if (buyingPower === undefined || !Number.isFinite(buyingPower)) return [fail('buying_power', Number.NaN, Number.NaN, 'the broker reported no buying power: failing closed')];
    const { longMarginRate, shortMarginRate } = config.limits;
    const held = new Map(snapshot.positions);
    let margin = 0;
    for (const leg of request.legs) {
      const before = held.get(leg.symbol) ?? 0;
      const after = before + signedShares(leg);
      held.set(leg.symbol, after);
      // Only the growth of |position| on the leg's side needs new margin.
      const grown = Math.sign(after) === Math.sign(before) || before === 0 ? Math.max(0, Math.abs(after) - Math.abs(before)) : Math.abs(after);
      margin += grown * legPrice(leg) * (after > 0 ? longMarginRate : shortMarginRate);
    }
    return [verdict('buying_power', margin <= buyingPower, margin, buyingPower, `initial margin ${dollars(margin)} vs buying power ${dollars(buyingPower)}`)];
  },
};
