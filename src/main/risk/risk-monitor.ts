import type { Logger } from 'pino';
import type { DeadmanAction, HeartbeatSource, RiskConfig, RiskMonitorStatus } from '../../shared/domain/risk';
import type { TradingState } from '../../shared/domain/trading';
import type { AlertKind } from '../../shared/domain/alerts';
import type { AuditEvent } from '../audit/core/audit-actions';
import type { AlertSink } from '../alerts/alert-sink';
import type { Clock } from '../core/time/clock';
import { exchangeDay } from '../core/time/exchange-time';
import type { EpochDay } from '../core/time/epoch-day';
import { DeadmanSwitch } from './core/deadman';
import { dailyLossBreach, drawdownBreach, errorBurstBreach, reconciliationMismatches, staleDataBreach, type Breach, type PositionMismatch } from './core/halt-rules';
import type { FlattenOutcome, Flattener } from './flattener';

export type HaltTrigger = 'daily-loss' | 'drawdown' | 'stale-data' | 'broker-error-burst' | 'circuit-open' | 'reconciliation' | 'deadman-engine' | 'deadman-broker' | 'deadman-ui';

export interface AutoHalt {
  readonly time: number;
  readonly trigger: HaltTrigger;
  readonly message: string;
  readonly action: DeadmanAction | 'none';
  readonly flattened: boolean;
  /** How long the halt took to hold and be persisted, ms (SLO: halt latency). */
  readonly latencyMs: number;
  readonly outcome: FlattenOutcome | null;
}

export interface RiskMonitorDeps {
  readonly clock: Clock;
  readonly config: () => RiskConfig;
  readonly killSwitch: { halt(reason: string | null, actor: string): TradingState };
  /** The desk's flattener once it exists; null: halts hold, but nothing is cancelled or closed. */
  readonly flattener: () => Flattener | null;
  readonly alerts: AlertSink;
  readonly audit: { append(entry: AuditEvent): unknown };
  readonly logger: Logger;
  /** True while the regular session is open (stale data only counts then). */
  readonly marketOpen: (millis: number) => boolean;
  /** A monotonic clock for latencies (performance.now in the app). */
  readonly elapsed: () => number;
  /** Halt latency observed, for the SLO tracker. */
  readonly onHaltLatency?: (ms: number) => void;
}

const KEPT_HALTS = 100;
const KEPT_ERRORS = 1000;

/**
 * The automatic halts (issue 14) and the dead-man's switch, driven by what the desk reports
 * and by `tick()` (the module runs it every second; tests call it with a manual clock).
 * Every trigger halts through the kill switch (which persists and audits the state change),
 * records `risk.auto-halt` with its numbers, raises a critical alert, then cancels or
 * flattens through the desk's Flattener as the trigger asks. A trigger fires once and re-arms
 * only when its condition clears (a new day for the daily loss), so a deliberate resume is not
 * undone by the same stale condition.
 */
export class RiskMonitor {
  private readonly deadman = new DeadmanSwitch();
  private readonly latched = new Set<HaltTrigger>();
  private readonly recent: AutoHalt[] = [];
  private readonly errors: number[] = [];
  private readonly pending: Array<Promise<void>> = [];
  private dayStart: { day: EpochDay; equity: number } | null = null;
  private peak: number | null = null;
  private lastQuoteAt: number;
  private active = false;

  constructor(private readonly deps: RiskMonitorDeps) {
    this.lastQuoteAt = deps.clock.now();
  }

  /** Account equity marked to market (each fill, each quote batch). */
  reportEquity(equity: number): void {
    const now = this.deps.clock.now();
    const day = exchangeDay(now);
    if (this.dayStart === null || this.dayStart.day !== day) {
      this.dayStart = { day, equity };
      this.latched.delete('daily-loss');
    }
    this.peak = this.peak === null ? equity : Math.max(this.peak, equity);
    const halts = this.deps.config().halts;
    // Half-way to the daily limit is worth a warning before it becomes a halt (once a day).
    const halfway = dailyLossBreach(this.dayStart.equity, equity, halts.dailyLossLimit / 2);
    if (halfway !== null && Number.isFinite(halfway.value) && halfway.value < halts.dailyLossLimit) {
      this.deps.alerts.raise({
        kind: 'loss',
        severity: 'warning',
        subject: 'global',
        title: 'Daily loss past half its limit',
        message: `daily loss ${(halfway.value * 100).toFixed(2)}% of start-of-day equity; trading halts at ${(halts.dailyLossLimit * 100).toFixed(2)}%`,
        dedupKey: `loss-warning:${day}`,
        details: { value: halfway.value, limit: halts.dailyLossLimit },
      });
    }
    this.apply('daily-loss', dailyLossBreach(this.dayStart.equity, equity, halts.dailyLossLimit), 'cancel', 'loss');
    this.apply('drawdown', drawdownBreach(this.peak, equity, halts.maxDrawdown), 'cancel-and-flatten', 'loss');
  }

  reportQuote(time: number): void {
    this.lastQuoteAt = Math.max(this.lastQuoteAt, time);
    this.latched.delete('stale-data');
  }

  /** A rejection, a resubmit, a timeout or an unknown outcome from the broker (audit 3.4). */
  reportBrokerError(detail: string): void {
    const now = this.deps.clock.now();
    this.errors.push(now);
    if (this.errors.length > KEPT_ERRORS) this.errors.splice(0, this.errors.length - KEPT_ERRORS);
    const halts = this.deps.config().halts;
    const breach = errorBurstBreach(this.errors, now, halts.brokerErrorBurst, halts.brokerErrorWindowMs);
    this.deps.alerts.raise({ kind: 'broker-error', severity: 'warning', subject: 'broker', message: detail, dedupKey: 'broker-error', details: { detail } });
    this.apply('broker-error-burst', breach === null ? null : { ...breach, message: `${breach.message}; last: ${detail}` }, 'cancel', 'broker-error');
  }

  /**
   * A leg rejected by the broker (audit 3.4): its reason is alerted, and the rejection counts
   * toward the error-burst halt like any other broker error (so bounded resubmits do too).
   */
  reportOrderRejected(rejection: { pairId: string; symbol: string; reason: string; resubmit: number }): void {
    this.deps.alerts.raise({
      kind: 'order-rejected',
      severity: 'warning',
      subject: rejection.pairId,
      title: `Order for ${rejection.symbol} (${rejection.pairId}) rejected`,
      message: `the broker said: ${rejection.reason}${rejection.resubmit > 0 ? ` (resubmit ${rejection.resubmit})` : ''}`,
      dedupKey: `order-rejected:${rejection.pairId}:${rejection.symbol}`,
      details: { ...rejection },
    });
    this.reportBrokerError(`${rejection.symbol} rejected: ${rejection.reason}`);
  }

  /** A fill far from the price the engine modelled is an anomaly (audit 8.3): alerted, not halted. Returns the slippage in bp. */
  reportFill(fill: { pairId: string; symbol: string; side: 'buy' | 'sell'; price: number; modelledPrice: number }): number {
    const adverse = fill.side === 'buy' ? fill.price - fill.modelledPrice : fill.modelledPrice - fill.price;
    const bps = (adverse / fill.modelledPrice) * 10_000;
    const limit = this.deps.config().anomalies.fillSlippageBps;
    if (Math.abs(bps) > limit) {
      this.deps.alerts.raise({
        kind: 'fill-slippage',
        severity: 'warning',
        subject: fill.pairId,
        title: `Fill for ${fill.symbol} far from its modelled price`,
        message: `${fill.side} ${fill.symbol} filled at ${fill.price} vs modelled ${fill.modelledPrice}: ${bps.toFixed(1)} bp ${bps >= 0 ? 'against' : 'in favour of'} the desk (limit ${limit} bp)`,
        dedupKey: `fill-slippage:${fill.pairId}:${fill.symbol}`,
        details: { ...fill, bps, limitBps: limit },
      });
    }
    return bps;
  }

  /** The broker adapter's circuit breaker opened (the broker is failing): halt at once. */
  reportCircuit(state: 'open' | 'closed', name: string): void {
    if (state === 'closed') {
      this.latched.delete('circuit-open');
      return;
    }
    this.apply('circuit-open', { value: 1, limit: 0, message: `the broker circuit breaker "${name}" opened` }, 'cancel', 'broker-error');
  }

  /** Broker positions against ours; any difference beyond the tolerance halts. */
  reconcile(ours: ReadonlyMap<string, number>, broker: ReadonlyMap<string, number>): PositionMismatch[] {
    const mismatches = reconciliationMismatches(ours, broker, this.deps.config().halts.reconcileToleranceShares);
    if (mismatches.length === 0) {
      this.latched.delete('reconciliation');
      return mismatches;
    }
    const listed = mismatches.map((row) => `${row.symbol} ours ${row.ours} vs broker ${row.broker}`).join('; ');
    this.apply('reconciliation', { value: mismatches.length, limit: 0, message: `positions differ from the broker's (changed outside ArbDesk?): ${listed}` }, 'cancel', 'position-mismatch');
    return mismatches;
  }

  beat(source: HeartbeatSource, at: number = this.deps.clock.now()): void {
    this.deadman.beat(source, at);
  }

  /** The source stopped cleanly (engine loop ended, broker logged out): the dead-man stops watching it until its next beat. */
  endHeartbeat(source: HeartbeatSource): void {
    this.deadman.forget(source);
  }

  setUiConnected(connected: boolean): void {
    this.deadman.setUiConnected(connected, this.deps.clock.now());
  }

  /** Whether a strategy runs or an order is working (the UI heartbeat and stale data count only then). */
  setActivity(active: boolean): void {
    this.active = active;
    this.deadman.setActivity(active, this.deps.clock.now());
  }

  /** Stale data and the dead-man's switch. */
  tick(): void {
    const now = this.deps.clock.now();
    const config = this.deps.config();
    if (this.active && this.deps.marketOpen(now)) this.apply('stale-data', staleDataBreach(this.lastQuoteAt, now, config.halts.staleDataMs), 'cancel', 'stale-data');
    for (const trip of this.deadman.evaluate(now, config.deadman)) {
      const trigger: HaltTrigger = trip.source === 'engine' ? 'deadman-engine' : trip.source === 'broker' ? 'deadman-broker' : 'deadman-ui';
      const what = trip.source === 'engine' ? 'the engine loop' : trip.source === 'broker' ? 'the broker session' : 'the UI heartbeat';
      // The latch is the dead-man's own (it re-arms on the next beat), so clear ours first.
      this.latched.delete(trigger);
      this.apply(trigger, { value: trip.silentMs, limit: trip.limitMs, message: `dead-man's switch: ${what} was silent for ${Math.round(trip.silentMs / 1000)} s (limit ${Math.round(trip.limitMs / 1000)} s)` }, config.deadman.action, 'deadman');
    }
  }

  status(): RiskMonitorStatus {
    const config = this.deps.config();
    return {
      heartbeats: { engine: this.deadman.lastBeat('engine'), broker: this.deadman.lastBeat('broker'), ui: this.deadman.lastBeat('ui') },
      watching: this.deadman.watching(config.deadman),
      halts: this.recent.map((halt) => ({ time: halt.time, trigger: halt.trigger, message: halt.message, flattened: halt.flattened })),
    };
  }

  halts(): readonly AutoHalt[] {
    return this.recent;
  }

  /** Resolves once every cancel/flatten started so far has finished (tests, shutdown). */
  async idle(): Promise<void> {
    while (this.pending.length > 0) await Promise.all(this.pending.splice(0));
  }

  private apply(trigger: HaltTrigger, breach: Breach | null, action: DeadmanAction | 'none', kind: AlertKind): void {
    if (breach === null || this.latched.has(trigger)) return;
    this.latched.add(trigger);
    const started = this.deps.elapsed();
    // The halt first: it flips in memory and persists before anything else can fail.
    this.deps.killSwitch.halt(breach.message, `risk:${trigger}`);
    const latencyMs = this.deps.elapsed() - started;
    this.deps.onHaltLatency?.(latencyMs);
    const time = this.deps.clock.now();
    this.deps.logger.warn({ trigger, value: breach.value, limit: breach.limit, action }, `automatic halt: ${breach.message}`);
    try {
      this.deps.audit.append({
        actor: `risk:${trigger}`,
        action: 'risk.auto-halt',
        subject: 'global',
        reason: breach.message,
        details: { trigger, value: finiteOrNull(breach.value), limit: finiteOrNull(breach.limit), action },
      });
    } catch (error) {
      // The halt stands (the kill switch persisted it); a lost detail entry is shouted, not hidden.
      this.deps.logger.error({ err: error, trigger }, 'could not record the automatic halt in the audit log');
    }
    const halt: AutoHalt = { time, trigger, message: breach.message, action, flattened: false, latencyMs, outcome: null };
    this.remember(halt);
    this.deps.alerts.raise({
      kind: kind === 'deadman' || kind === 'loss' ? kind : 'halt',
      severity: 'critical',
      subject: 'global',
      title: `Trading halted: ${trigger.replace(/-/g, ' ')}`,
      message: breach.message,
      dedupKey: `halt:${trigger}`,
      details: { trigger, value: finiteOrNull(breach.value), limit: finiteOrNull(breach.limit), action },
    });
    if (kind === 'position-mismatch' || kind === 'stale-data' || kind === 'broker-error') {
      this.deps.alerts.raise({ kind, severity: 'warning', subject: 'global', message: breach.message, dedupKey: `${kind}:${trigger}`, details: { trigger } });
    }
    if (action !== 'none') {
      this.pending.push(
        this.act(halt, action).catch((error: unknown) => {
          // The Flattener promises not to throw; if it does, the halt still holds: say so loudly.
          this.deps.logger.error({ err: error, trigger }, 'cancelling or flattening after an automatic halt failed');
          this.deps.alerts.raise({ kind: 'halt', severity: 'critical', subject: 'global', message: `After the ${trigger} halt, ${action} failed: ${error instanceof Error ? error.message : String(error)}. Trading stays halted; check working orders and positions.`, dedupKey: `halt-followup:${trigger}`, details: { trigger, action } });
        }),
      );
    }
  }

  private async act(halt: AutoHalt, action: DeadmanAction): Promise<void> {
    const flattener = this.deps.flattener();
    if (flattener === null) {
      this.deps.alerts.raise({ kind: 'halt', severity: 'critical', subject: 'global', message: `Halted (${halt.trigger}), but no desk is wired to cancel or flatten: working orders and positions were left as they are.`, dedupKey: `halt-unacted:${halt.trigger}`, details: { trigger: halt.trigger, action } });
      return;
    }
    const outcome = action === 'cancel-and-flatten' ? await flattener.flattenAll('global', halt.message) : await flattener.cancelAll('global', halt.message);
    const index = this.recent.indexOf(halt);
    const updated: AutoHalt = { ...halt, flattened: action === 'cancel-and-flatten' && outcome.problems.length === 0, outcome };
    if (index >= 0) this.recent[index] = updated;
    if (outcome.unconfirmed > 0 || outcome.problems.length > 0) {
      this.deps.alerts.raise({
        kind: 'halt',
        severity: 'critical',
        subject: 'global',
        message: `After the ${halt.trigger} halt: ${outcome.unconfirmed} cancels unconfirmed; ${outcome.problems.join('; ') || 'no other problems'}`,
        dedupKey: `halt-followup:${halt.trigger}`,
        details: { cancelled: outcome.cancelled, unconfirmed: outcome.unconfirmed, flattened: outcome.flattened, problems: [...outcome.problems] },
      });
    }
  }

  private remember(halt: AutoHalt): void {
    this.recent.unshift(halt);
    if (this.recent.length > KEPT_HALTS) this.recent.length = KEPT_HALTS;
  }
}

function finiteOrNull(value: number): number | null {
  return Number.isFinite(value) ? value : null;
}
