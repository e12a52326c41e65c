import type { HaltOrderOutcome, HaltOutcome } from '../../../shared/domain/desk';

/**
 * The outcome of one halt per order, as the UI shows it. Pure value updates: the halt
 * coordinator decides, these functions record. `complete` is true once no cancel is
 * unconfirmed (a flatten resting for the open counts as done: it is shown as pending).
 */
export function newHaltOutcome(input: { id: string; scope: string; actor: string; reason: string | null; requestedAt: number; flatten: boolean }): HaltOutcome {
  return { ...input, orders: [], nakedLegs: [], complete: true };
}

export function withOrderOutcome(outcome: HaltOutcome, next: HaltOrderOutcome): HaltOutcome {
  const index = outcome.orders.findIndex((entry) => entry.orderId === next.orderId && entry.action === next.action);
  const orders = index === -1 ? [...outcome.orders, next] : outcome.orders.map((entry, at) => (at === index ? next : entry));
  return { ...outcome, orders, complete: isComplete(orders) };
}

export function withNakedLegs(outcome: HaltOutcome, nakedLegs: HaltOutcome['nakedLegs']): HaltOutcome {
  return { ...outcome, nakedLegs };
}

export function orderOutcome(outcome: HaltOutcome, orderId: string, action: HaltOrderOutcome['action']): HaltOrderOutcome | undefined {
  return outcome.orders.find((entry) => entry.orderId === orderId && entry.action === action);
}

function isComplete(orders: readonly HaltOrderOutcome[]): boolean {
  return orders.every((entry) => entry.outcome !== 'unconfirmed');
}
