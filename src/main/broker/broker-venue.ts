import { assertNever } from '../../shared/ipc/errors';
import type { Fill, Order } from '../engine/domain';
import type { Venue, VenueEvent, VenueListener } from '../engine/ports';
import { asBrokerError, type BrokerError } from './broker-error';
import type { Broker, BrokerOrderEvent } from './broker-port';

/**
 * A Broker as the engine's Venue, so the engine's OrderManager (the backtester's order path)
 * trades the paper desk and a live broker unchanged and never learns which one it talks to.
 *
 * The Venue port is synchronous and event-only; the Broker is asynchronous. The mapping:
 *   - submit → placeOrder; the outcome arrives on the broker's status stream. When the call
 *     itself fails: `unknown_outcome` becomes an `unknown` event (the order may be working,
 *     so the engine must not resubmit), every other kind means nothing was sent and becomes
 *     `rejected` with the kind in the reason;
 *   - cancel → cancelOrder; a failed call that sent nothing becomes `cancel_rejected` (the
 *     order still works); `unknown_outcome` leaves the order pending_cancel until the stream
 *     or reconciliation says more;
 *   - only events for orders this venue submitted are forwarded (the OrderManager refuses ids
 *     it does not know), each terminal outcome once: a broker may both refuse the call and
 *     publish the refusal on its stream.
 * Every failed call is also reported to `onBrokerError`, where the risk engine counts bursts.
 */

export interface BrokerVenueOptions {
  readonly broker: Broker;
  readonly accountId: string;
  /** Every failed broker call (after it was mapped to a venue event). */
  readonly onBrokerError?: (error: BrokerError) => void;
}

export class BrokerVenue implements Venue {
  private readonly listeners = new Set<VenueListener>();
  private readonly mine = new Set<string>();
  /** Orders whose refusal was already forwarded (by the stream or by the failed call). */
  private readonly refused = new Set<string>();
  private readonly unsubscribe: () => void;

  constructor(private readonly options: BrokerVenueOptions) {
    this.unsubscribe = options.broker.subscribeOrderStatus((event) => this.fromStream(event));
  }

  dispose(): void {
    this.unsubscribe();
    this.listeners.clear();
  }

  onEvent(listener: VenueListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Adopts an order placed before a restart, so its stream events reach the engine again. */
  adopt(orderId: string): void {
    this.mine.add(orderId);
  }

  submit(order: Order): void {
    this.mine.add(order.id);
    this.options.broker.placeOrder({ accountId: this.options.accountId, order }).then(
      () => undefined,
      (error: unknown) => {
        const brokerError = asBrokerError(error, `place order ${order.id}`, order.id);
        if (brokerError.kind === 'unknown_outcome') this.emit({ kind: 'unknown', orderId: order.id, reason: brokerError.message });
        else this.refuse(order.id, brokerError.kind === 'rejected' ? brokerError.reason : `${brokerError.kind}: ${brokerError.reason}`);
        this.options.onBrokerError?.(brokerError);
      },
    );
  }

  cancel(orderId: string): void {
    this.options.broker.cancelOrder({ accountId: this.options.accountId, orderId, reason: 'engine cancel' }).then(
      () => undefined,
      (error: unknown) => {
        const brokerError = asBrokerError(error, `cancel order ${orderId}`, orderId);
        if (brokerError.kind !== 'unknown_outcome') this.emit({ kind: 'cancel_rejected', orderId, reason: `${brokerError.kind}: ${brokerError.reason}` });
        this.options.onBrokerError?.(brokerError);
      },
    );
  }

  private refuse(orderId: string, reason: string): void {
    if (this.refused.has(orderId)) return;
    this.refused.add(orderId);
    this.emit({ kind: 'rejected', orderId, reason });
  }

  private fromStream(event: BrokerOrderEvent): void {
    const orderId = event.order.id;
    if (!this.mine.has(orderId)) return;
    switch (event.kind) {
      case 'accepted':
        return this.emit({ kind: 'accepted', orderId });
      case 'rejected':
        return this.refuse(orderId, event.reason);
      case 'fill':
        return this.emit({ kind: 'fill', orderId, fill: toEngineFill(event) });
      case 'expired':
        return this.emit({ kind: 'expired', orderId, reason: event.reason });
      case 'cancelled':
        return this.emit({ kind: 'cancelled', orderId, reason: event.reason });
      case 'cancel_rejected':
        return this.emit({ kind: 'cancel_rejected', orderId, reason: event.reason });
      case 'unknown':
        return this.emit({ kind: 'unknown', orderId, reason: event.reason });
      case 'replaced':
        // The engine never replaces (it cancels and resubmits); a replace made at the desk
        // (blotter) is the blotter's to follow, so the engine only learns the old order ended.
        return this.emit({ kind: 'cancelled', orderId, reason: `replaced by ${event.newOrderId}` });
      default:
        return assertNever(event, 'broker order event');
    }
  }

  private emit(event: VenueEvent): void {
    for (const listener of this.listeners) listener(event);
  }
}

function toEngineFill(event: Extract<BrokerOrderEvent, { kind: 'fill' }>): Fill {
  const fill = event.fill;
  return {
    orderId: fill.orderId,
    pairId: fill.pairId,
    leg: fill.leg,
    symbol: fill.symbol,
    side: fill.side,
    quantity: fill.quantity,
    price: fill.price,
    tradedPrice: fill.tradedPrice,
    tradedQuantity: fill.tradedQuantity,
    signalDay: fill.signalDay,
    fillDay: fill.fillDay,
    costs: fill.costs,
  };
}
