import type { Logger } from 'pino';
import { z } from 'zod';
import type { Profile } from '../../shared/domain/system';
import type { TradingState } from '../../shared/domain/trading';
import { AppError } from '../../shared/ipc/errors';
import type { EventBus } from '../events/event-bus';

/** What survives a restart: a halt stays engaged until a human releases it. */
export const persistedHaltSchema = z.object({
  halted: z.boolean(),
  haltedAt: z.number().int().nullable(),
  haltReason: z.string().nullable(),
});
export type PersistedHalt = z.infer<typeof persistedHaltSchema>;

export interface HaltStatePort {
  load(): PersistedHalt | null;
  save(state: PersistedHalt): void;
}

export interface AuditPort {
  append(entry: { actor: string; action: string; subject?: string | null; details?: Record<string, unknown> }): void;
}

export interface KillSwitchOptions {
  readonly profile: Profile;
  readonly broker: TradingState['broker'];
  readonly haltState: HaltStatePort;
  readonly audit: AuditPort;
  readonly events: EventBus;
  readonly logger: Logger;
  readonly now: () => number;
}

/**
 * The manual emergency halt (audit 6.3: no emergency shutdown). Engaging it must always
 * succeed: the in-memory flag flips first, so even if persisting or auditing fails the
 * halt holds for this run and the failure is shouted, not swallowed. Order paths ask
 * `assertNotHalted` before anything reaches a venue.
 */
export class KillSwitch {
  private state: TradingState;

  constructor(private readonly options: KillSwitchOptions) {
    const persisted = options.haltState.load();
    this.state = {
      profile: options.profile,
      broker: options.broker,
      connection: options.broker === 'none' ? 'none' : 'disconnected',
      halted: persisted?.halted ?? false,
      haltedAt: persisted?.haltedAt ?? null,
      haltReason: persisted?.haltReason ?? null,
      revision: 0,
    };
  }

  current(): TradingState {
    return this.state;
  }

  halt(reason: string, actor: string): TradingState {
    if (this.state.halted) return this.state;
    const haltedAt = this.options.now();
    this.update({ halted: true, haltedAt, haltReason: reason });
    this.options.logger.warn({ actor, reason }, 'TRADING HALTED (kill switch engaged)');
    this.persistAndAudit({ halted: true, haltedAt, haltReason: reason }, actor, 'trading.halt', { reason });
    return this.state;
  }

  resume(reason: string, actor: string): TradingState {
    if (!this.state.halted) return this.state;
    // Resuming is the risky direction: if the halt cannot be durably released, stay halted.
    const released: PersistedHalt = { halted: false, haltedAt: null, haltReason: null };
    this.options.haltState.save(released);
    this.options.audit.append({ actor, action: 'trading.resume', details: { reason, previousReason: this.state.haltReason } });
    this.update(released);
    this.options.logger.warn({ actor, reason }, 'trading resumed (kill switch released)');
    return this.state;
  }

  setConnection(connection: TradingState['connection']): void {
    if (connection !== this.state.connection) this.update({ connection });
  }

  /** Called on every path that would send an order. */
  assertNotHalted(action: string): void {
    if (this.state.halted) {
      throw new AppError('TRADING_HALTED', `Trading is halted (${this.state.haltReason ?? 'no reason given'}); "${action}" was refused.`, {
        haltedAt: this.state.haltedAt,
      });
    }
  }

  private update(change: Partial<TradingState>): void {
    this.state = { ...this.state, ...change, revision: this.state.revision + 1 };
    this.options.events.publish('trading:state', this.state);
  }

  private persistAndAudit(persisted: PersistedHalt, actor: string, action: string, details: Record<string, unknown>): void {
    try {
      this.options.haltState.save(persisted);
      this.options.audit.append({ actor, action, details });
    } catch (error) {
      // The halt already holds in memory; make the lost durability loud and visible.
      this.options.logger.fatal({ err: error, action }, 'could not persist the halt; it holds only until restart');
      this.options.events.publish('alert', {
        id: `halt-persist-${this.options.now()}`,
        time: this.options.now(),
        severity: 'critical',
        title: 'Halt not saved',
        message: 'Trading is halted, but the halt could not be written to the database. It will not survive a restart.',
      });
    }
  }
}
