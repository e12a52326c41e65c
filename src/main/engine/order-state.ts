import { AppError } from '../../shared/ipc/errors';
import type { Clock } from '../core/time/clock';
import type { Order, OrderStatus } from './domain';

/**
 * The order state machine as a table. Live brokers acknowledge late, fill while a cancel is
 * in flight and sometimes lose track of an order (`unknown`); every such path is an explicit
 * row here, and anything else is refused with an OrderTransitionError instead of being
 * silently applied.
 */
const transitions: Readonly<Record<OrderStatus, readonly OrderStatus[]>> = {
  new: ['submitted', 'rejected'],
  // A venue may fill or expire an order before its acknowledgement arrives.
  submitted: ['accepted', 'rejected', 'partially_filled', 'filled', 'expired', 'pending_cancel', 'cancelled', 'unknown'],
  accepted: ['partially_filled', 'filled', 'pending_cancel', 'pending_replace', 'cancelled', 'expired', 'unknown'],
  partially_filled: ['partially_filled', 'filled', 'pending_cancel', 'pending_replace', 'cancelled', 'expired', 'unknown'],
  // A refused cancel returns the order to its working state.
  pending_cancel: ['cancelled', 'filled', 'partially_filled', 'expired', 'accepted', 'unknown'],
  pending_replace: ['replaced', 'accepted', 'partially_filled', 'filled', 'cancelled', 'expired', 'unknown'],
  // Reconciliation resolves an unknown outcome to whatever the venue reports.
  unknown: ['accepted', 'partially_filled', 'filled', 'cancelled', 'rejected', 'expired'],
  filled: [],
  cancelled: [],
  rejected: [],
  expired: [],
  replaced: [],
};

const finalStatuses: ReadonlySet<OrderStatus> = new Set(['filled', 'cancelled', 'rejected', 'expired', 'replaced']);

/** A confirmed final state: the venue has said the order will do nothing more. */
export function isFinal(status: OrderStatus): boolean {
  return finalStatuses.has(status);
}

/** Working orders may still fill (unknown counts: its outcome is not known to be final). */
export function isWorking(status: OrderStatus): boolean {
  return !isFinal(status);
}

export function canTransition(from: OrderStatus, to: OrderStatus): boolean {
  return transitions[from].includes(to);
}

/** Raised for a transition that is not in the table (a bug or a venue out of protocol). */
export class OrderTransitionError extends AppError {
  readonly orderId: string;
  readonly from: OrderStatus;
  readonly to: OrderStatus;

  constructor(orderId: string, from: OrderStatus, to: OrderStatus, reason: string) {
    super('CONFLICT', `Order ${orderId}: illegal transition ${from} → ${to} (${reason})`, { orderId, from, to, reason });
    this.name = 'OrderTransitionError';
    this.orderId = orderId;
    this.from = from;
    this.to = to;
  }
}

/** The order after one transition, with the transition recorded at the clock's time. */
export function transition(order: Order, to: OrderStatus, clock: Clock, reason: string, filledQuantity = order.filledQuantity): Order {
  if (!canTransition(order.status, to)) throw new OrderTransitionError(order.id, order.status, to, reason);
  if (!Number.isInteger(filledQuantity) || filledQuantity < order.filledQuantity || filledQuantity > order.quantity) {
    throw new OrderTransitionError(order.id, order.status, to, `filled quantity ${filledQuantity} outside ${order.filledQuantity}..${order.quantity}`);
  }
  return {
    ...order,
    status: to,
    filledQuantity,
    history: [...order.history, { from: order.status, to, at: clock.now(), reason }],
  };
}
