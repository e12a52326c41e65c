import type { EpochDay } from '../core/time/epoch-day';
import type { LegRiskPolicy, PairLegRequest } from '../engine/order-manager';
import type { BorrowTable } from './borrow-table';
import type { PairBook } from './pair-book';

/**
 * Forced buy-ins (audit 3.5). A recall dated in (previous session, this session] makes every
 * open short in the symbol be covered at the next fill. The pair's other leg follows the
 * leg-risk policy:
 *   - unwind or hedge: it is closed in the same pair order (hedging to a leg with nothing
 *     left is an unwind, as in the order manager);
 *   - retry: only the short is covered; at the close after the cover the short is re-opened
 *     for the next session if the borrow table allows it then, else the other leg is closed.
 */

export interface BuyInPlan {
  readonly pairId: string;
  readonly intent: 'open' | 'close';
  readonly reason: 'buy_in' | 'buy_in_reshort';
  readonly legs: PairLegRequest[];
  readonly symbol: string;
}

export function buyInPlans(input: {
  readonly pairs: readonly PairBook[];
  readonly borrow: BorrowTable;
  readonly previousDay: EpochDay;
  readonly day: EpochDay;
  readonly nextSession: EpochDay;
  readonly policy: LegRiskPolicy;
  readonly isWorking: (pairId: string) => boolean;
  /** Shorts covered under `retry`, waiting to be re-opened (mutated). */
  readonly reshorts: Map<string, PairLegRequest>;
}): BuyInPlan[] {
  const plans: BuyInPlan[] = [];
  for (const pair of input.pairs) {
    if (input.isWorking(pair.id)) continue;
    // Nothing to recall and nothing to re-open: most pairs on most bars.
    if (pair.bookY.quantity >= 0 && pair.bookX.quantity >= 0 && !input.reshorts.has(pair.id)) continue;
    const legs = [
      { leg: 'y' as const, book: pair.bookY },
      { leg: 'x' as const, book: pair.bookX },
    ];
    const pending = input.reshorts.get(pair.id);
    if (pending !== undefined) {
      input.reshorts.delete(pair.id);
      const other = legs.find((candidate) => candidate.leg !== pending.leg);
      // Nothing left to hedge (the other leg was closed meanwhile): re-shorting would be naked.
      if (other === undefined || other.book.quantity === 0) continue;
      if (input.borrow.terms(pending.symbol, input.nextSession).available) {
        plans.push({ pairId: pair.id, intent: 'open', reason: 'buy_in_reshort', legs: [pending], symbol: pending.symbol });
      } else {
        plans.push({ pairId: pair.id, intent: 'close', reason: 'buy_in', legs: [closeAll(other.leg, other.book.symbol, other.book.quantity)], symbol: pending.symbol });
      }
      continue;
    }
    const recalled = legs.find(({ book }) => book.quantity < 0 && input.borrow.recalledBetween(book.symbol, input.previousDay, input.day));
    if (recalled === undefined) continue;
    const orders: PairLegRequest[] = [closeAll(recalled.leg, recalled.book.symbol, recalled.book.quantity)];
    const other = legs.find((candidate) => candidate.leg !== recalled.leg);
    if (input.policy === 'retry') {
      input.reshorts.set(pair.id, { leg: recalled.leg, symbol: recalled.book.symbol, side: 'SELL_SHORT', quantity: -recalled.book.quantity });
    } else if (other !== undefined && other.book.quantity !== 0) {
      orders.push(closeAll(other.leg, other.book.symbol, other.book.quantity));
    }
    plans.push({ pairId: pair.id, intent: 'close', reason: 'buy_in', legs: orders, symbol: recalled.book.symbol });
  }
  return plans;
}

function closeAll(leg: 'y' | 'x', symbol: string, quantity: number): PairLegRequest {
  return quantity > 0 ? { leg, symbol, side: 'SELL', quantity } : { leg, symbol, side: 'BUY_TO_COVER', quantity: -quantity };
}
