import type { ScopeState, TradingState } from '../../shared/domain/trading';
import type { EventBus } from '../events/event-bus';

/**
 * Every halt, whichever surface engaged it (header button, shortcut, menu, `arbdesk halt`, a
 * risk trigger, the crash policy), reaches the desk the same way: the kill switch publishes
 * `trading:state` synchronously after flipping its in-memory state, and this follower hands
 * each scope that newly became HALTED to the desk, which cancels that scope's working orders
 * at once. A state adopted from another process (KillSwitch.refresh) is published the same way.
 *
 * The kill switch publishes after flipping its in-memory state but before committing it, so the
 * cancels are queued as a microtask: they go out right after HALTED is persisted (within the
 * same turn, before any other I/O), and a broker that writes or blocks on each cancel cannot
 * delay the durable halt. New orders are already refused by then (the gate reads memory).
 */
export function followHalts(events: Pick<EventBus, 'subscribe'>, initial: TradingState, onHalted: (state: ScopeState) => void): () => void {
  const seen = new Map<string, number>();
  const note = (state: TradingState, act: boolean): void => {
    for (const scope of [state.global, ...state.scopes]) {
      if (scope.status !== 'HALTED') {
        seen.delete(scope.scope);
        continue;
      }
      if (seen.get(scope.scope) === scope.since) continue;
      seen.set(scope.scope, scope.since);
      if (act) queueMicrotask(() => onHalted(scope));
    }
    // A scope that went back to ACTIVE drops out of `scopes`: forget it so its next halt counts.
    const present = new Set([state.global.scope, ...state.scopes.map((scope) => scope.scope)]);
    for (const scope of [...seen.keys()]) if (!present.has(scope)) seen.delete(scope);
  };
  // Halts already in force at start (an unclean shutdown) have no working orders of this run to cancel.
  note(initial, false);
  return events.subscribe('trading:state', (state) => note(state, true));
}
