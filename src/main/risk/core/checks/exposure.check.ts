import { fail, verdict, type NamedCheck } from '../pre-trade-check';
import { exposureAfter, times, usableEquity } from './exposure-math';

/** Gross, net and per-symbol exposure after the order, as multiples of equity. Fails closed without equity. */
export const exposureCheck: NamedCheck = {
  name: 'exposure',
  appliesToClosing: false,
  evaluate({ request, config }) {
    const equity = usableEquity(request);
    if (typeof equity === 'string') return [fail('exposure', Number.NaN, Number.NaN, equity)];
    const { maxGrossExposure, maxNetExposure, maxSymbolExposure } = config.limits;
    const after = exposureAfter(request);
    const gross = after.gross / equity;
    const net = Math.abs(after.net) / equity;
    const results = [
      verdict('gross_exposure', gross <= maxGrossExposure, gross, maxGrossExposure, `gross ${times(gross)} equity vs ${maxGrossExposure}×`),
      verdict('net_exposure', net <= maxNetExposure, net, maxNetExposure, `net ${times(net)} equity vs ${maxNetExposure}×`),
    ];
    for (const symbol of new Set(request.legs.map((leg) => leg.symbol))) {
      const ratio = Math.abs(after.bySymbol.get(symbol) ?? 0) / equity;
      results.push(verdict(`symbol_exposure:${symbol}`, ratio <= maxSymbolExposure, ratio, maxSymbolExposure, `${symbol} ${times(ratio)} equity across pairs vs ${maxSymbolExposure}×`));
    }
    return results;
  },
};
