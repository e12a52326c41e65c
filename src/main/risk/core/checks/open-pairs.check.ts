import { verdict, type NamedCheck } from '../pre-trade-check';

/** Pairs with a position or an opening order, this one included. */
export const openPairsCheck: NamedCheck = {
  name: 'max_open_pairs',
  appliesToClosing: false,
  evaluate({ request, config }) {
    const pairs = request.openPairs + 1;
    const limit = config.limits.maxOpenPairs;
    return [verdict('max_open_pairs', pairs <= limit, pairs, limit, `${pairs} open pairs with ${request.pairId} vs limit ${limit}`)];
  },
};
