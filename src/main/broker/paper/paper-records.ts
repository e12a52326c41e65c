import { assertNever } from '../../../shared/ipc/errors';
import type { Fill, Order, OrderStatus } from '../../engine/domain';
import type { PaperRecord } from '../../store/repos/paper-broker.repo';
import type { PaperChange } from './paper-book';

/** The paper book's changes as the repository's rows, and back (restore). */

export function changeToRecord(change: PaperChange): PaperRecord | null {
  switch (change.kind) {
    case 'order': {
      const order = change.order;
      return {
        table: 'order',
        row: {
          id: order.id,
          pairId: order.pairId,
          leg: order.leg,
          symbol: order.symbol,
          side: order.side,
          quantity: order.quantity,
          type: order.type,
          limitPrice: order.limitPrice ?? null,
          timeInForce: order.timeInForce,
          forSession: order.forSession,
          decidedOn: order.decidedOn,
          createdAt: change.at,
        },
      };
    }
    case 'transition':
      return {
        table: 'transition',
        row: {
          orderId: change.orderId,
          fromStatus: change.transition.from,
          toStatus: change.transition.to,
          filledQuantity: change.filledQuantity,
          reason: change.transition.reason,
          replacedBy: change.replacedBy ?? null,
          at: change.transition.at,
        },
      };
    case 'fill': {
      const fill = change.fill;
      return {
        table: 'fill',
        row: {
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
          ...fill.costs,
          at: change.at,
        },
      };
    }
    case 'mark':
      return { table: 'mark', row: { symbol: change.symbol, day: change.day, price: change.price, at: change.at } };
    case 'session':
      return { table: 'session', row: { day: change.day, phase: change.phase, at: change.at } };
    case 'cancel_rejected':
      // Changes nothing at the broker; the session recording keeps it.
      return null;
    default:
      return assertNever(change, 'paper change');
  }
}

export function recordToChange(record: PaperRecord): PaperChange {
  switch (record.table) {
    case 'order': {
      const row = record.row;
      const order: Order = {
        id: row.id,
        pairId: row.pairId,
        leg: row.leg,
        symbol: row.symbol,
        side: row.side,
        quantity: row.quantity,
        type: row.type,
        ...(row.limitPrice === null ? {} : { limitPrice: row.limitPrice }),
        timeInForce: row.timeInForce,
        forSession: row.forSession,
        decidedOn: row.decidedOn,
        status: 'submitted',
        filledQuantity: 0,
        history: [],
      };
      return { kind: 'order', order, at: row.createdAt };
    }
    case 'transition': {
      const row = record.row;
      return {
        kind: 'transition',
        orderId: row.orderId,
        transition: { from: row.fromStatus as OrderStatus, to: row.toStatus as OrderStatus, at: row.at, reason: row.reason },
        filledQuantity: row.filledQuantity,
        ...(row.replacedBy === null ? {} : { replacedBy: row.replacedBy }),
      };
    }
    case 'fill': {
      const row = record.row;
      const fill: Fill = {
        orderId: row.orderId,
        pairId: row.pairId,
        leg: row.leg,
        symbol: row.symbol,
        side: row.side,
        quantity: row.quantity,
        price: row.price,
        tradedPrice: row.tradedPrice,
        tradedQuantity: row.tradedQuantity,
        signalDay: row.signalDay,
        fillDay: row.fillDay,
        costs: { commission: row.commission, secFee: row.secFee, finraTaf: row.finraTaf, slippage: row.slippage, impact: row.impact },
      };
      return { kind: 'fill', fill, at: row.at };
    }
    case 'mark':
      return { kind: 'mark', symbol: record.row.symbol, day: record.row.day, price: record.row.price, at: record.row.at };
    case 'session':
      return { kind: 'session', day: record.row.day, phase: record.row.phase, at: record.row.at };
    default:
      return assertNever(record, 'paper record');
  }
}
