import type { Broker } from '../broker/broker-port';
import { BrokerVenue } from '../broker/broker-venue';
import type { BrokerError } from '../broker/broker-error';
import type { DeskBroker } from './desk-ports';
import type { BrokerOrder } from '../broker/broker-port';
import type { Order } from '../engine/domain';

/** A broker's order as the engine's (its id is ArbDesk's client order id; the broker's status words are the engine's). */
export function toEngineOrder(order: BrokerOrder): Order {
  return {
    id: order.id,
    pairId: order.pairId,
    leg: order.leg,
    symbol: order.symbol,
    side: order.side,
    quantity: order.quantity,
    type: order.type,
    ...(order.limitPrice === null ? {} : { limitPrice: order.limitPrice }),
    timeInForce: order.timeInForce,
    forSession: order.forSession,
    decidedOn: order.decidedOn,
    status: order.status,
    filledQuantity: order.filledQuantity,
    history: [{ from: 'new', to: order.status, at: order.updatedAt, reason: 're-read from the broker at start' }],
  };
}


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
    async restore() {
      const orders = await broker.orders(accountId, { all: true });
      // Adopted orders' stream events reach the desk like those it placed this run.
      for (const order of orders) venue.adopt(order.id);
      return orders.map((order) => ({ order: toEngineOrder(order), averageFillPrice: order.averageFillPrice }));
    },
    dispose: () => venue.dispose(),
  };
}
