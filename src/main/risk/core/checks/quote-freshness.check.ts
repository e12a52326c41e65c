import { verdict, type NamedCheck } from '../pre-trade-check';

/** A stale quote refuses sizing (audit 3.2: orders were sized from hard-coded prices). Per leg. */
export const quoteFreshnessCheck: NamedCheck = {
  name: 'quote_freshness',
  appliesToClosing: true,
  evaluate({ request, snapshot, config }) {
    const limit = config.limits.maxQuoteAgeMs;
    return request.legs.map((leg) => {
      const age = snapshot.now - leg.quoteTime;
      const ok = Number.isFinite(age) && age >= 0 && age <= limit;
      return verdict(`quote_age:${leg.symbol}`, ok, age, limit, `${leg.symbol} quote is ${age} ms old vs limit ${limit} ms${age < 0 ? ' (from the future: clocks disagree)' : ''}`);
    });
  },
};
