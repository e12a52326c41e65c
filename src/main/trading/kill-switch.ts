import type { Logger } from 'pino';
import type { Profile } from '../../shared/domain/system';
import { scopeProblem, type ScopeState, type TradingContext, type TradingState } from '../../shared/domain/trading';
import type { EventName, EventPayload } from '../../shared/ipc/contract';
import { AppError } from '../../shared/ipc/errors';
import type { EventBus } from '../events/event-bus';
import type { TradingStatePersistence } from './trading-state-persistence';
import { activeState, effectiveState, GLOBAL_SCOPE, isStricter, transition, type TradingCommand } from './trading-state';

export interface KillSwitchOptions {
  readonly profile: Profile;
  readonly persistence: TradingStatePersistence;
  readonly events: EventBus;
  readonly logger: Logger;
  readonly now: () => number;
}

const AUDIT_ACTION: Readonly<Record<TradingCommand['kind'], 'trading.halt' | 'trading.reduce-only' | 'trading.resume' | 'trading.annotate-halt'>> = {
  halt: 'trading.halt',
  'reduce-only': 'trading.reduce-only',
  resume: 'trading.resume',
  annotate: 'trading.annotate-halt',
};

/**
 * The trading state per scope (audit 6.3: no emergency shutdown) and the manual halt.
 *
 * Restrictions (halt, reduce-only, annotate) must always take effect: the in-memory state
 * flips FIRST and is published, then the change and its audit entry are saved in one
 * transaction on the trading database, committed at once and flushed to disk right after,
 * off the main thread (TradingStatePersistence.commitRestriction; `flushed()` waits for it). If saving fails, the restriction still holds for this
 * run and the failure is shouted (fatal log + critical alert), never swallowed.
 * Resuming is the risky direction: it is saved first, and only a saved resume is applied.
 * Order paths call `assertCanTrade` before anything reaches a venue.
 */
export class KillSwitch {
  private global: ScopeState;
  private readonly scoped = new Map<string, ScopeState>();
  private revision = 0;
  private seenExternalChange: number;
  /** Settles once every restriction committed so far is flushed to disk (never rejects). */
  private flushing: Promise<void> = Promise.resolve();

  constructor(private readonly options: KillSwitchOptions) {
    this.seenExternalChange = options.persistence.externalChangeToken();
    const loaded = options.persistence.load();
    const global = loaded.find((state) => state.scope === GLOBAL_SCOPE);
    this.global = global ?? activeState(GLOBAL_SCOPE, 'system', options.now());
    for (const state of loaded) if (state.scope !== GLOBAL_SCOPE && state.status !== 'ACTIVE') this.scoped.set(state.scope, state);
    if (global === undefined) {
      // A fresh install starts ACTIVE; saving it makes the first state explicit in the table and the log.
      options.persistence.commit(this.global, {
        actor: 'system',
        action: 'trading.initialize',
        subject: GLOBAL_SCOPE,
        reason: 'fresh install',
        after: { status: 'ACTIVE', reason: null },
        details: { status: 'ACTIVE', profile: options.profile, reason: 'fresh install' },
      });
    }
  }

  /** The state as the contract returns it; `effective` is for `context` (global alone by default). */
  current(context: TradingContext = {}): TradingState {
    return {
      profile: this.options.profile,
      global: this.global,
      scopes: [...this.scoped.values()].sort((a, b) => a.scope.localeCompare(b.scope)),
      effective: effectiveState(this.global, this.scoped, context),
      revision: this.revision,
    };
  }

  stateOf(scope: string): ScopeState {
    // Checked here too, not only at the IPC edge: an unparseable scope saved to the table would
    // make the next start refuse the trading database.
    const problem = scopeProblem(scope);
    if (problem !== null) throw new AppError('VALIDATION_FAILED', `Invalid trading scope "${scope}": ${problem}.`, { scope });
    return scope === GLOBAL_SCOPE ? this.global : (this.scoped.get(scope) ?? activeState(scope, 'system', this.options.now()));
  }

  /** One action: the reason may be null and added later with `annotateHalt`. Idempotent. */
  halt(reason: string | null, actor: string, scope: string = GLOBAL_SCOPE): TradingState {
    this.restrict(scope, { kind: 'halt', reason }, actor);
    return this.current();
  }

  annotateHalt(reason: string, actor: string, scope: string = GLOBAL_SCOPE): TradingState {
    this.restrict(scope, { kind: 'annotate', reason }, actor);
    return this.current();
  }

  reduceOnly(reason: string, actor: string, scope: string = GLOBAL_SCOPE): TradingState {
    this.restrict(scope, { kind: 'reduce-only', reason }, actor);
    return this.current();
  }

  resume(reason: string, actor: string, scope: string = GLOBAL_SCOPE): TradingState {
    const before = this.stateOf(scope);
    const next = transition(before, { kind: 'resume', reason }, actor, this.options.now());
    if (next === null) return this.current();
    // If the release cannot be saved durably, stay restricted: this throws to the caller.
    this.options.persistence.commit(next, {
      actor,
      action: AUDIT_ACTION.resume,
      subject: scope,
      reason,
      before: { status: before.status, reason: before.reason, since: before.since },
      after: { status: next.status, reason: next.reason },
      details: { reason, previousStatus: before.status, previousReason: before.reason, previousSince: before.since },
    });
    this.apply(next);
    this.options.logger.warn({ actor, reason, scope }, 'trading resumed');
    return this.current();
  }

  /**
   * Re-reads the persisted states when another process wrote the trading database (the CLI's
   * `arbdesk halt` writes HALTED itself when this instance does not answer), and adopts any
   * that is stricter than what this run holds. Never loosens: a resume only comes through
   * `resume`. Cheap when nothing changed (one pragma), so it runs before every dispatch.
   * Returns true when a state was adopted.
   */
  refresh(): boolean {
    const token = this.options.persistence.externalChangeToken();
    if (token === this.seenExternalChange) return false;
    this.seenExternalChange = token;
    let adopted = false;
    for (const state of this.options.persistence.load()) {
      const held = this.stateOf(state.scope);
      if (!isStricter(state.status, held.status)) continue;
      this.apply(state);
      adopted = true;
      this.options.logger.warn({ scope: state.scope, status: state.status, actor: state.actor, reason: state.reason }, 'adopted a stricter trading state written by another process');
    }
    return adopted;
  }

  /** Called on every path that would send an order; re-reads the persisted state first. */
  assertCanTrade(action: string, context: TradingContext = {}, order: { reducesExposure: boolean } = { reducesExposure: false }): void {
    this.refresh();
    const effective = effectiveState(this.global, this.scoped, context);
    if (effective.status === 'HALTED' || (effective.status === 'REDUCE_ONLY' && !order.reducesExposure)) {
      throw new AppError(
        'TRADING_HALTED',
        `Trading is ${effective.status} on ${effective.scope} (${effective.reason ?? 'no reason given'}); "${action}" was refused.`,
        { scope: effective.scope, status: effective.status, since: effective.since },
      );
    }
  }

  /**
   * Resolves once every restriction so far is on disk, not only committed: what `arbdesk halt`
   * waits for before it reports HALTED persisted, and what shutdown waits for before it closes
   * the database. A failed flush has already been logged and alerted; the promise still resolves.
   */
  flushed(): Promise<void> {
    return this.flushing;
  }

  /** Kept for callers that only care about a halt (anything not HALTED passes). */
  assertNotHalted(action: string): void {
    this.assertCanTrade(action, {}, { reducesExposure: true });
  }

  private restrict(scope: string, command: Exclude<TradingCommand, { kind: 'resume' }>, actor: string): void {
    const before = this.stateOf(scope);
    const next = transition(before, command, actor, this.options.now());
    if (next === null) return;
    this.apply(next);
    if (command.kind === 'halt') this.options.logger.warn({ actor, reason: command.reason, scope }, 'TRADING HALTED (kill switch engaged)');
    else this.options.logger.warn({ actor, reason: command.reason, scope, kind: command.kind }, 'trading state changed');
    try {
      const flushed = this.options.persistence.commitRestriction(next, {
        actor,
        action: AUDIT_ACTION[command.kind],
        subject: scope,
        reason: command.reason,
        before: { status: before.status, reason: before.reason },
        after: { status: next.status, reason: next.reason },
        details: { reason: command.reason, previousStatus: before.status, previousReason: before.reason },
      });
      const previous = this.flushing;
      this.flushing = Promise.all([previous, flushed.catch((error: unknown) => this.flushFailed(error, next))]).then(() => undefined);
    } catch (error) {
      // The restriction already holds in memory; make the lost durability loud and visible.
      this.options.logger.fatal({ err: error, scope, kind: command.kind }, 'could not persist the trading state; it holds only until restart');
      this.publish('alert', {
        id: `trading-persist-${this.options.now()}`,
        time: this.options.now(),
        severity: 'critical',
        title: 'Trading state not saved',
        message: `Trading is ${next.status} on ${scope}, but it could not be written to the trading database. It will not survive a restart.`,
      });
    }
  }

  /** Committed, so it holds across a crash of ArbDesk, but not known to be on disk: say so. */
  private flushFailed(error: unknown, state: ScopeState): void {
    this.options.logger.fatal({ err: error, scope: state.scope, status: state.status }, 'the trading state is committed but could not be flushed to disk');
    this.publish('alert', {
      id: `trading-flush-${this.options.now()}`,
      time: this.options.now(),
      severity: 'critical',
      title: 'Trading state not flushed to disk',
      message: `Trading is ${state.status} on ${state.scope} and saved, but flushing it to disk failed: it survives a crash of ArbDesk; after a power cut ArbDesk starts HALTED.`,
    });
  }

  private apply(next: ScopeState): void {
    if (next.scope === GLOBAL_SCOPE) this.global = next;
    else if (next.status === 'ACTIVE') this.scoped.delete(next.scope);
    else this.scoped.set(next.scope, next);
    this.revision += 1;
    this.publish('trading:state', this.current());
  }

  /** A throwing listener must never stop a halt from being persisted: report it and go on. */
  private publish<E extends EventName>(event: E, payload: EventPayload<E>): void {
    try {
      this.options.events.publish(event, payload);
    } catch (error) {
      this.options.logger.error({ err: error, event }, 'publishing a trading event failed; the state change still stands');
    }
  }
}
