import type { BrokerQuote } from '../../../shared/domain/broker';

/**
 * Where the desk's quotes come from: the latest stored bars (stored-bars-feed.ts), the market
 * replay's current session (market-replay.ts), later a live broker's stream. Symbols the feed
 * does not know are left out of the answer.
 */
export interface QuoteFeed {
  readonly source: BrokerQuote['source'];
  latest(symbols: readonly string[]): readonly BrokerQuote[];
}
