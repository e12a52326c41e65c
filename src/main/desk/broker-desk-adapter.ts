import type { Broker } from '../broker/broker-port';
import { BrokerVenue } from '../broker/broker-venue';
import type { BrokerError } from '../broker/broker-error';
import type { DeskBroker } from './desk-ports';

/**
 * The desk's broker edge over the one Broker port: orders through BrokerVenue (the engine's
 * venue, shared with the backtester's order path), a halt's cancels awaited directly so the
 * desk can retry them, quotes as the feed gives them.
 */
export function deskBrokerFor(
  broker: Broker,
  accountId: string,
  onBrokerError?: (error: BrokerError) => void,
  /** The instant a quote counts as of (the paper desk dates a replayed session's bar at the replay's now). */
  quoteTime?: (quote: { time: number; day: number }) => number,
): DeskBroker & { dispose(): void } {
  const venue = new BrokerVenue({ broker, accountId, ...(onBrokerError === undefined ? {} : { onBrokerError }) });
  return {
    venue,
    cancel: (orderId, reason) => broker.cancelOrder({ accountId, orderId, reason }),
    async quotes(symbols) {
      return (await broker.quotes(symbols)).map((quote) => ({ symbol: quote.symbol, bid: quote.bid, ask: quote.ask, last: quote.last ?? quote.close, time: quoteTime === undefined ? quote.time : quoteTime(quote) }));
    },
    dispose: () => venue.dispose(),
  };
}
