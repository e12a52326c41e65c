import type { ScopeState, TradingContext, TradingStatus } from '../../shared/domain/trading';
import { AppError, assertNever } from '../../shared/ipc/errors';

/**
 * The trading state machine, pure: no I/O, time passed in. The kill switch holds the states
 * and persists them; the risk engine and order paths ask `effectiveState` before dispatch.
 *
 * Transitions (per scope):
 * - halt:        any → HALTED (idempotent on HALTED)
 * - reduce-only: ACTIVE → REDUCE_ONLY (idempotent); HALTED → refused, because it would loosen
 *                a halt without the deliberate typed resume
 * - resume:      HALTED | REDUCE_ONLY → ACTIVE (idempotent on ACTIVE)
 * - annotate:    HALTED → HALTED with a new reason, same `since`; refused otherwise
 */

/** Larger is stricter. */
const RESTRICTIVENESS: Readonly<Record<TradingStatus, number>> = { ACTIVE: 0, REDUCE_ONLY: 1, HALTED: 2 };

export const GLOBAL_SCOPE = 'global';

export function isStricter(a: TradingStatus, b: TradingStatus): boolean {
  return RESTRICTIVENESS[a] > RESTRICTIVENESS[b];
}

/** The scopes an order in `context` falls under: always global, then its strategy and pair. */
export function applicableScopes(context: TradingContext = {}): string[] {
  const scopes = [GLOBAL_SCOPE];
  if (context.strategy !== undefined) scopes.push(`strategy:${context.strategy}`);
  if (context.pair !== undefined) scopes.push(`pair:${context.pair}`);
  return scopes;
}

/**
 * The most restrictive of the states that apply; on a tie the broadest scope wins (global
 * before strategy before pair), so the state shown is the one a human must release first.
 */
export function effectiveState(global: ScopeState, scoped: ReadonlyMap<string, ScopeState>, context: TradingContext = {}): ScopeState {
  let winner = global;
  for (const scope of applicableScopes(context).slice(1)) {
    const state = scoped.get(scope);
    if (state !== undefined && isStricter(state.status, winner.status)) winner = state;
  }
  return winner;
}

export type TradingCommand =
  | { readonly kind: 'halt'; readonly reason: string | null }
  | { readonly kind: 'reduce-only'; readonly reason: string }
  | { readonly kind: 'resume'; readonly reason: string }
  | { readonly kind: 'annotate'; readonly reason: string };

/** Null when the command changes nothing (idempotent repeats); throws CONFLICT when it is not allowed. */
export function transition(current: ScopeState, command: TradingCommand, actor: string, now: number): ScopeState | null {
  switch (command.kind) {
    case 'halt':
      if (current.status === 'HALTED') return null;
      return { scope: current.scope, status: 'HALTED', reason: command.reason, actor, since: now };
    case 'reduce-only':
      if (current.status === 'REDUCE_ONLY') return null;
      if (current.status === 'HALTED') {
        throw new AppError(
          'CONFLICT',
          `Scope ${current.scope} is HALTED; setting REDUCE_ONLY would loosen the halt. Resume it (typed RESUME) first, then set REDUCE_ONLY.`,
          { scope: current.scope, status: current.status },
        );
      }
      return { scope: current.scope, status: 'REDUCE_ONLY', reason: command.reason, actor, since: now };
    case 'resume':
      if (current.status === 'ACTIVE') return null;
      return { scope: current.scope, status: 'ACTIVE', reason: command.reason, actor, since: now };
    case 'annotate':
      if (current.status !== 'HALTED') {
        throw new AppError('CONFLICT', `Scope ${current.scope} is ${current.status}, not HALTED; only a halt can be annotated.`, {
          scope: current.scope,
          status: current.status,
        });
      }
      // Same `since` and actor: the halt did not change, only its explanation did.
      return { ...current, reason: command.reason };
    default:
      return assertNever(command, 'trading command');
  }
}

/** A scope nobody has restricted. */
export function activeState(scope: string, actor: string, since: number): ScopeState {
  return { scope, status: 'ACTIVE', reason: null, actor, since };
}

export interface PreviousSession {
  readonly id: number;
  readonly pid: number;
  readonly startedAt: number;
}

/**
 * The startup rule. A fresh install (nothing persisted) starts ACTIVE; a clean restart keeps
 * what was persisted; any earlier session that never marked itself clean (a crash, SIGKILL,
 * power cut, or a marker whose process is gone) means we do not know what was in flight, so
 * global starts HALTED with a reason naming the session.
 */
export function startupHaltReason(unclean: readonly PreviousSession[], formatTime: (ms: number) => string): string | null {
  const last = unclean.at(-1);
  if (last === undefined) return null;
  const more = unclean.length > 1 ? ` (and ${unclean.length - 1} earlier unclean session${unclean.length > 2 ? 's' : ''})` : '';
  return `Unclean shutdown: the session started ${formatTime(last.startedAt)} (pid ${last.pid}) did not shut down cleanly${more}; halted until a human resumes.`;
}
