import path from 'node:path';
import pino from 'pino';
import type { AlertInput } from '../../src/main/alerts/alert-sink';
import type { BlotterSnapshot, HaltOutcome } from '../../src/shared/domain/desk';
import { createAuditService } from '../../src/main/audit/audit.service';
import type { Broker } from '../../src/main/broker/broker-port';
import { CostModel, zeroTransactionCosts } from '../../src/main/backtest/cost-model';
import type { Clock } from '../../src/main/core/time/clock';
import { epochDayFromIso, type EpochDay } from '../../src/main/core/time/epoch-day';
import { deskBrokerFor } from '../../src/main/desk/broker-desk-adapter';
import type { CancelBackoff } from '../../src/main/desk/core/cancel-backoff';
import { DeskService } from '../../src/main/desk/desk.service';
import { followHalts } from '../../src/main/desk/halt-follower';
import { realTimers } from '../../src/main/desk/desk-ports';
import type { LegRiskConfig } from '../../src/main/engine/order-manager';
import { BacktestRiskCheck, type RiskCheck } from '../../src/main/engine/risk-check';
import { EventBus } from '../../src/main/events/event-bus';
import { openDatabase, type Store } from '../../src/main/store/db';
import { migrations } from '../../src/main/store/migrations';
import { openTradingDatabase } from '../../src/main/store/trading-db';
import { KillSwitch } from '../../src/main/trading/kill-switch';
import { createTradingStatePersistence } from '../../src/main/trading/trading-state-persistence';
import { makeTempHome } from './temp-home';

/** A real kill switch on a temp trading database and a real DeskService over `broker`. */
export interface DeskHarness {
  readonly desk: DeskService;
  readonly killSwitch: KillSwitch;
  readonly trading: Store;
  readonly blotters: BlotterSnapshot[];
  readonly outcomes: HaltOutcome[];
  readonly alerts: AlertInput[];
  readonly day: EpochDay;
  close(): void;
}

export function startDeskHarness(options: {
  broker: Broker;
  legRisk?: LegRiskConfig;
  backoff?: Partial<CancelBackoff>;
  regularHours?: boolean;
  riskCheck?: RiskCheck;
  maxResubmits?: number;
  clock?: Clock;
  blotterPushMs?: number;
}): DeskHarness {
  const home = makeTempHome('arbdesk-desk-');
  const logger = pino({ level: 'silent' });
  const research = openDatabase({ path: path.join(home.dir, 'arbdesk.sqlite'), busyTimeoutMs: 2000, migrations, logger });
  const trading = openTradingDatabase({ path: path.join(home.dir, 'trading.sqlite'), busyTimeoutMs: 2000, research: research.db, logger });
  const audit = createAuditService(trading.db);
  const events = new EventBus();
  const killSwitch = new KillSwitch({ profile: 'paper', persistence: createTradingStatePersistence(trading.db, audit), events, logger, now: Date.now });
  const blotters: BlotterSnapshot[] = [];
  const outcomes: HaltOutcome[] = [];
  const alerts: AlertInput[] = [];
  const day = epochDayFromIso('2018-06-04');
  const costs = new CostModel(zeroTransactionCosts);
  const deskBroker = deskBrokerFor(options.broker, 'paper');
  const desk = new DeskService({
    broker: deskBroker,
    gate: killSwitch,
    clock: options.clock ?? { now: Date.now },
    session: { forSession: () => day, today: () => day, regularHours: () => options.regularHours ?? true },
    riskCheck: options.riskCheck ?? new BacktestRiskCheck(),
    estimateCosts: ({ side, day: on, quantity, price }) => costs.costs({ side, day: on, quantity, price, tradedQuantity: quantity, tradedPrice: price, sigma: Number.NaN, adv: Number.NaN }),
    sizing: { sizing: { method: 'fixed_fraction', fraction: 0.2 }, legs: 'dollar_neutral', lotSize: 1 },
    capital: 100_000,
    legRisk: options.legRisk ?? { policy: 'unwind', maxRetries: 1 },
    maxResubmits: options.maxResubmits ?? 3,
    maxQuoteAgeMs: 60_000,
    backoff: { initialMs: 5, maxMs: 20, maxAttempts: 1000, confirmTimeoutMs: 200, ...options.backoff },
    timers: realTimers,
    ...(options.blotterPushMs === undefined ? {} : { blotterPushMs: options.blotterPushMs }),
    publisher: { blotter: (snapshot) => blotters.push(snapshot), haltOutcome: (outcome) => outcomes.push(outcome), alert: (alert) => alerts.push(alert) },
    logger,
    haltScope: (scope, reason, actor) => {
      killSwitch.halt(reason, actor, scope);
    },
  });
  const unfollow = followHalts(events, killSwitch.current(), (state) => desk.onHalted(state.scope, state.actor, state.reason, state.since));
  return {
    desk,
    killSwitch,
    trading,
    blotters,
    outcomes,
    alerts,
    day,
    close() {
      unfollow();
      desk.dispose();
      deskBroker.dispose();
      trading.close();
      research.close();
      home.cleanup();
    },
  };
}

/** Resolves once `predicate` holds, polling the event loop (no timing assertion: it only waits). */
export async function until(predicate: () => boolean, what: string, timeoutMs = 5_000): Promise<void> {
  const started = Date.now();
  while (!predicate()) {
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
}
