import type { Logger } from 'pino';
import type { Clock } from '../core/time/clock';
import type { Order } from '../engine/domain';
import type { LegRiskConfig } from '../engine/order-manager';
import type { RiskCheck } from '../engine/risk-check';
import type { SizingConfig } from '../engine/sizing';
import type { CancelBackoff } from './core/cancel-backoff';
import type { LegCostEstimator } from './core/ticket';
import type { DeskBroker, DeskPublisher, DeskRiskHooks, DeskSession, DeskTimers, TradingGate } from './desk-ports';

/** What a DeskService is built from (desk.module.ts in the app, test/helpers/desk-harness.ts in tests). */
export interface DeskServiceOptions {
  readonly broker: DeskBroker;
  readonly gate: TradingGate;
  readonly clock: Clock;
  readonly session: DeskSession;
  readonly riskCheck: RiskCheck;
  readonly estimateCosts: LegCostEstimator;
  readonly sizing: SizingConfig;
  readonly capital: number;
  readonly legRisk: LegRiskConfig;
  /** Leg-risk resubmits of one pair before its scope is halted (they count toward the error burst). */
  readonly maxResubmits: number;
  readonly maxQuoteAgeMs: number;
  readonly backoff: CancelBackoff;
  readonly timers: DeskTimers;
  readonly publisher: DeskPublisher;
  /** At most one blotter push per this many ms (coalesced, carrying the latest state); 20 by default. */
  readonly blotterPushMs?: number;
  readonly logger: Logger;
  /** Halts a scope (the kill switch); used when a pair exhausts its resubmits. */
  readonly haltScope: (scope: string, reason: string, actor: string) => void;
  /** Every order handed to the broker (latency measurement); optional. */
  readonly onDispatch?: (order: Order) => void;
  /** The broker account's equity (its balances), when known: sizing and the risk checks use it, not a local capital figure. */
  readonly accountEquity?: () => number | undefined;
  /** Renews the broker account facts the checks read (balances, shortability, closes) before a ticket is checked. */
  readonly prepare?: (symbols: readonly string[]) => Promise<void>;
  /** What the risk module is fed (submissions, latencies, rejections, fills, quotes, activity); optional. */
  readonly hooks?: DeskRiskHooks;
}
