import { verdict, type NamedCheck } from '../pre-trade-check';
import { dollars, legPrice } from './exposure-math';

/** Max order notional and shares, per leg (a fat-fingered quantity is caught before any exposure maths). */
export const orderSizeCheck: NamedCheck = {
  name: 'order_size',
  appliesToClosing: true,
  evaluate({ request, config }) {
    const { maxOrderNotional, maxOrderShares } = config.limits;
    return request.legs.flatMap((leg) => {
      const notional = Math.abs(leg.quantity * legPrice(leg));
      const sharesOk = Number.isFinite(leg.quantity) && leg.quantity > 0 && leg.quantity <= maxOrderShares;
      return [
        verdict(`order_notional:${leg.symbol}`, Number.isFinite(notional) && notional <= maxOrderNotional, notional, maxOrderNotional, `${leg.symbol} ${leg.side} ${leg.quantity} × ${legPrice(leg)} = ${dollars(notional)} vs limit ${dollars(maxOrderNotional)}`),
        verdict(`order_shares:${leg.symbol}`, sharesOk, leg.quantity, maxOrderShares, `${leg.symbol} ${leg.quantity} shares vs limit ${maxOrderShares}`),
      ];
    });
  },
};
