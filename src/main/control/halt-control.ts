import type Database from 'better-sqlite3';
import type { Logger } from 'pino';
import type { Profile } from '../../shared/domain/system';
import type { AuditService } from '../audit/audit.service';
import { EventBus } from '../events/event-bus';
import { createTradingStateRepo } from '../store/repos/trading-state.repo';
import { KillSwitch } from '../trading/kill-switch';
import { createTradingStatePersistence } from '../trading/trading-state-persistence';
import { CANNOT_FLATTEN, type ControlRequest, type HaltReply } from './core/control-protocol';

/** Closes positions for a scope. There is no positions engine yet; the engine module will supply one. */
export type Flattener = (scope: string) => Promise<{ done: boolean; detail: string }>;

export type HaltRequest = Omit<Extract<ControlRequest, { op: 'halt' }>, 'token'>;

/**
 * A halt from outside the UI, as the running instance (or the CLI on its behalf) applies it:
 * the kill switch halts (idempotent; an already halted scope stays as it was), the database
 * is read back so "persisted" is a fact and not an assumption, flattening is attempted even
 * when the scope was already halted, and the request itself is audited.
 */
export async function applyHaltRequest(deps: {
  readonly killSwitch: KillSwitch;
  readonly tradingDb: Database.Database;
  readonly audit: AuditService;
  readonly flattener: Flattener | null;
  readonly request: HaltRequest;
  readonly outcomeWhenWritten?: 'written-by-cli';
}): Promise<HaltReply> {
  const { killSwitch, request } = deps;
  const alreadyHalted = killSwitch.stateOf(request.scope).status === 'HALTED';
  killSwitch.halt(request.reason, request.actor, request.scope);
  // "persisted" is reported for the disk, not only the commit.
  await killSwitch.flushed();
  const persisted = createTradingStateRepo(deps.tradingDb).loadAll().some((state) => state.scope === request.scope && state.status === 'HALTED');
  let flatten: HaltReply['flatten'] = null;
  if (request.flatten) flatten = deps.flattener === null ? { done: false, detail: CANNOT_FLATTEN } : await deps.flattener(request.scope);
  deps.audit.append({
    actor: request.actor,
    surface: 'control',
    action: 'trading.halt-requested',
    subject: request.scope,
    reason: request.reason,
    details: { flatten: request.flatten, outcome: deps.outcomeWhenWritten ?? (alreadyHalted ? 'already-halted' : 'halted'), flattened: flatten?.done ?? false },
  });
  return { ok: true, op: 'halt', scope: request.scope, persisted, alreadyHalted, flatten };
}

/**
 * The CLI's fallback when no instance answers: writes HALTED to the trading database itself
 * through a kill switch of its own (same transitions, same audit entries). A hung instance
 * re-reads the persisted state before every dispatch (KillSwitch.refresh), so it stops too.
 */
export async function haltInDatabase(deps: {
  readonly tradingDb: Database.Database;
  readonly audit: AuditService;
  readonly logger: Logger;
  readonly profile: Profile;
  readonly request: HaltRequest;
}): Promise<HaltReply> {
  const killSwitch = new KillSwitch({
    profile: deps.profile,
    persistence: createTradingStatePersistence(deps.tradingDb, deps.audit),
    events: new EventBus(),
    logger: deps.logger,
    now: Date.now,
  });
  return applyHaltRequest({ killSwitch, tradingDb: deps.tradingDb, audit: deps.audit, flattener: null, request: deps.request, outcomeWhenWritten: 'written-by-cli' });
}
