import { verdict, type NamedCheck } from '../pre-trade-check';
import type { PreTradeRequest } from '../pre-trade-request';

/**
 * The content of an order, without its id: the same pair, intent, sides, quantities, types and
 * limits. The desk records it for every submitted order (snapshot.recentFingerprints).
 */
export function orderFingerprint(request: Pick<PreTradeRequest, 'pairId' | 'intent' | 'legs'>): string {
  const legs = request.legs.map((leg) => `${leg.symbol}:${leg.side}:${leg.quantity}:${leg.orderType}:${leg.limitPrice ?? 'mkt'}`).sort();
  return `${request.pairId}|${request.intent}|${legs.join(',')}`;
}

/** The same order again within `duplicateWindowMs` is refused (a double click, a replayed signal). */
export const duplicateOrderCheck: NamedCheck = {
  name: 'duplicate_order',
  appliesToClosing: true,
  evaluate({ request, snapshot, config }) {
    const window = config.limits.duplicateWindowMs;
    const previous = snapshot.recentFingerprints.get(orderFingerprint(request));
    const age = previous === undefined ? Number.POSITIVE_INFINITY : request.submittedAt - previous;
    const duplicate = age >= 0 && age < window;
    return [
      verdict(
        'duplicate_order',
        !duplicate,
        Number.isFinite(age) ? age : window,
        window,
        duplicate ? `the same order for ${request.pairId} was submitted ${age} ms ago (window ${window} ms)` : `no identical order for ${request.pairId} in the last ${window} ms`,
      ),
    ];
  },
};
