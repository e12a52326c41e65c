import type { AuditEvent } from '../../audit/core/audit-actions';
import { totalCost, type Order, type OrderStatus } from '../../engine/domain';
import type { PaperChange } from './paper-book';

/**
 * Order events → audit entries (issue 14 "every order event"), pure. The paper broker calls
 * this for the changes of each request or session step, after the book applied them, and
 * writes the entries in the same transaction as the paper records, so an order event and its
 * audit entry commit together or not at all. Marks and session steps are not order events
 * and are left out; `pending_replace` is left out because the `replaced` entry that always
 * follows it in the same batch names the new order.
 */

export const ORDER_AUDIT_ACTOR = 'system:paper-broker';

/** What the mapper needs of the book: an order's current state (after the batch). */
export type OrderLookup = (orderId: string) => Order | undefined;

interface OrderFacts {
  readonly accountId: string;
  readonly pairId: string;
  readonly leg: 'y' | 'x';
  readonly symbol: string;
}

function factsOf(order: Order, accountId: string): OrderFacts {
  return { accountId, pairId: order.pairId, leg: order.leg, symbol: order.symbol };
}

function entry(action: AuditEvent['action'], orderId: string, fields: Omit<AuditEvent, 'actor' | 'surface' | 'action' | 'subject'>): AuditEvent {
  return { actor: ORDER_AUDIT_ACTOR, surface: 'system', action, subject: orderId, ...fields };
}

/** The entry of a cancel the caller asked for (before the broker's answer). */
export function cancelRequestedAudit(order: Order, accountId: string, reason: string, at: number): AuditEvent {
  return entry('order.cancel-requested', order.id, {
    reason: reason.trim().length > 0 ? reason : 'cancel requested',
    before: { status: order.status, filledQuantity: order.filledQuantity },
    details: { ...factsOf(order, accountId), brokerAt: at },
  });
}

export function orderAuditEvents(changes: readonly PaperChange[], accountId: string, lookup: OrderLookup): AuditEvent[] {
  const events: AuditEvent[] = [];
  // The replace that produced the next placed order (the book emits replaced, then place).
  let replacedFrom: string | null = null;
  // A fill change precedes the transition it causes; the fill entry carries both.
  let pendingFill: Extract<PaperChange, { kind: 'fill' }> | null = null;
  for (const change of changes) {
    switch (change.kind) {
      case 'mark':
      case 'session':
        break;
      case 'fill':
        pendingFill = change;
        break;
      case 'order': {
        const order = change.order;
        events.push(
          entry('order.placed', order.id, {
            after: { status: 'submitted', filledQuantity: 0 },
            details: {
              ...factsOf(order, accountId),
              brokerAt: change.at,
              side: order.side,
              quantity: order.quantity,
              type: order.type,
              limitPrice: order.limitPrice ?? null,
              timeInForce: order.timeInForce,
              forSession: order.forSession,
              decidedOn: order.decidedOn,
              replaces: replacedFrom,
            },
          }),
        );
        replacedFrom = null;
        break;
      }
      case 'cancel_rejected': {
        const order = lookup(change.orderId);
        if (order === undefined) break;
        const state = { status: order.status, filledQuantity: order.filledQuantity };
        events.push(entry('order.cancel-rejected', change.orderId, { reason: change.reason, before: state, after: state, details: { ...factsOf(order, accountId), brokerAt: change.at } }));
        break;
      }
      case 'transition': {
        const order = lookup(change.orderId);
        if (order === undefined) break;
        const { from, to, reason, at } = change.transition;
        const before = { status: from, filledQuantity: filledBefore(change, pendingFill) };
        const after = { status: to, filledQuantity: change.filledQuantity };
        const facts = { ...factsOf(order, accountId), brokerAt: at };
        const action = actionOf(to);
        if (action === null) break;
        if (action === 'order.fill') {
          const fill = pendingFill;
          pendingFill = null;
          if (fill === null) break;
          const f = fill.fill;
          events.push(
            entry('order.fill', change.orderId, {
              reason,
              before,
              after,
              details: {
                ...facts,
                quantity: f.quantity,
                price: f.price,
                tradedPrice: f.tradedPrice,
                tradedQuantity: f.tradedQuantity,
                fillDay: f.fillDay,
                signalDay: f.signalDay,
                costs: { ...f.costs },
                totalCost: totalCost(f.costs),
              },
            }),
          );
          break;
        }
        if (action === 'order.replaced') {
          replacedFrom = change.orderId;
          events.push(entry(action, change.orderId, { reason, before, after, details: { ...facts, newOrderId: change.replacedBy ?? '' } }));
          break;
        }
        const needsReason = action === 'order.rejected' || action === 'order.unknown' || action === 'order.cancel-requested';
        events.push(entry(action, change.orderId, { reason: needsReason ? reasonOr(reason, to) : reason, before, after, details: facts }));
        break;
      }
    }
  }
  return events;
}

function filledBefore(change: Extract<PaperChange, { kind: 'transition' }>, fill: Extract<PaperChange, { kind: 'fill' }> | null): number {
  return fill !== null && fill.fill.orderId === change.orderId ? change.filledQuantity - fill.fill.quantity : change.filledQuantity;
}

function reasonOr(reason: string, to: OrderStatus): string {
  return reason.trim().length > 0 ? reason : `order ${to} without a reason from the broker`;
}

function actionOf(to: OrderStatus): AuditEvent['action'] | null {
  switch (to) {
    case 'accepted':
      return 'order.accepted';
    case 'rejected':
      return 'order.rejected';
    case 'partially_filled':
    case 'filled':
      return 'order.fill';
    case 'cancelled':
      return 'order.cancelled';
    case 'expired':
      return 'order.expired';
    case 'replaced':
      return 'order.replaced';
    case 'unknown':
      return 'order.unknown';
    case 'pending_cancel':
      return 'order.cancel-requested';
    case 'new':
    case 'submitted':
    case 'pending_replace':
      return null;
  }
}
