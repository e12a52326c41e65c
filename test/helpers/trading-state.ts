import type { ScopeState, TradingState, TradingStatus } from '../../src/shared/domain/trading';

/** A wire TradingState for tests that only care about the global scope. */
export function tradingStateWith(
  options: { status?: TradingStatus; reason?: string | null; since?: number; revision?: number; profile?: TradingState['profile'] } = {},
): TradingState {
  const global: ScopeState = {
    scope: 'global',
    status: options.status ?? 'ACTIVE',
    reason: options.reason ?? null,
    actor: 'user',
    since: options.since ?? 1_700_000_000_000,
  };
  return { profile: options.profile ?? 'paper', global, scopes: [], effective: global, revision: options.revision ?? 0 };
}
