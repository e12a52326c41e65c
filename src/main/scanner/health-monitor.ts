import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { AppConfig } from '../../shared/domain/config';
import { AppError } from '../../shared/ipc/errors';
import type { Clock } from '../core/time/clock';
import { formatIsoDate, type EpochDay } from '../core/time/epoch-day';
import { exchangeDay } from '../core/time/exchange-time';
import type { EventBus } from '../events/event-bus';
import type { Store } from '../store/db';
import { ScanRunsRepo } from '../store/repos/scan-runs.repo';
import { WatchlistRepo, type PairHealthRecord } from '../store/repos/watchlist.repo';
import { transformCloses } from './core/pair-analysis';
import { checkPairHealth } from './core/pair-health';
import type { PairSource } from './pair-source';

/** PORT: pairs with an open position (the trading area fills it in); the monitor re-tests them too. */
export interface OpenPositionPairs {
  openPairs(): readonly { readonly y: string; readonly x: string }[];
}

export const noOpenPositions: OpenPositionPairs = { openPairs: () => [] };

/** Timers the monitor schedules its daily run with (injected: tests run it by hand). */
export interface DailyScheduler {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const realScheduler: DailyScheduler = {
  setTimeout: (callback, ms) => setTimeout(callback, ms).unref(),
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

export interface HealthMonitorDeps {
  readonly store: Store;
  readonly config: AppConfig;
  readonly events: EventBus;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly pairs: PairSource;
  readonly positions?: OpenPositionPairs;
  readonly scheduler?: DailyScheduler;
}

export interface HealthCheckOutcome {
  readonly y: string;
  readonly x: string;
  readonly health: PairHealthRecord;
  /** True when this check raised an alert (the pair has just broken). */
  readonly alerted: boolean;
}

const DAY_MS = 86_400_000;
const EARLIEST_DAY = -2_147_483_648;

/**
 * Re-tests every watched pair (and every pair with an open position) once a day on a
 * trailing window, records the verdict and, when a pair that was fine breaks, marks it and
 * raises an `alert`. Runs on start, on a daily timer (time from the injected clock), and
 * after each import, since new bars can break a relationship.
 */
export class PairHealthMonitor {
  private readonly watchlist: WatchlistRepo;
  private readonly runs: ScanRunsRepo;
  private timer: unknown = null;
  private unsubscribe: (() => void) | null = null;

  constructor(private readonly deps: HealthMonitorDeps) {
    this.watchlist = new WatchlistRepo(deps.store.db);
    this.runs = new ScanRunsRepo(deps.store.db);
  }

  start(): void {
    this.runSafely('start');
    this.scheduleNext();
    this.unsubscribe = this.deps.events.subscribe('data:imported', () => this.runSafely('import'));
  }

  stop(): void {
    if (this.timer !== null) (this.deps.scheduler ?? realScheduler).clearTimeout(this.timer);
    this.timer = null;
    this.unsubscribe?.();
    this.unsubscribe = null;
  }

  /** Re-tests every monitored pair now. */
  checkAll(): HealthCheckOutcome[] {
    const today = exchangeDay(this.deps.clock.now());
    const watched = this.watchlist.list().map((pair) => ({ y: pair.y, x: pair.x, sourceRunId: pair.sourceRunId }));
    const seen = new Set(watched.map((pair) => `${pair.y}/${pair.x}`));
    for (const pair of (this.deps.positions ?? noOpenPositions).openPairs()) {
      if (!seen.has(`${pair.y}/${pair.x}`)) watched.push({ ...pair, sourceRunId: null });
    }
    return watched.map((pair) => this.checkPair(pair.y, pair.x, pair.sourceRunId, today));
  }

  private checkPair(y: string, x: string, sourceRunId: number | null, today: EpochDay): HealthCheckOutcome {
    const { windowDays, ...bounds } = this.deps.config.scanner.health;
    const previous = this.watchlist.latestHealth(y, x);
    const reference = this.referenceBeta(y, x, sourceRunId);
    let verdict: Omit<PairHealthRecord, 'day' | 'checkedAt'>;
    let through = today;
    try {
      // The trailing window ends at the pair's newest common day up to today (data may lag).
      const aligned = this.deps.pairs.pair(y, x, EARLIEST_DAY, today);
      const start = Math.max(0, aligned.count - windowDays);
      through = aligned.days[aligned.count - 1] ?? today;
      const ly = transformCloses(aligned.a.subarray(start), 'log', 'y');
      const lx = transformCloses(aligned.b.subarray(start), 'log', 'x');
      verdict = ly.ok && lx.ok ? checkPairHealth(ly.value, lx.value, reference, bounds) : { status: 'unknown', pvalue: null, halfLife: null, beta: null, reasons: ['prices are not positive'] };
    } catch (error) {
      if (!(error instanceof AppError && error.code === 'NOT_FOUND')) throw error;
      verdict = { status: 'unknown', pvalue: null, halfLife: null, beta: null, reasons: [error.message] };
    }
    const health: PairHealthRecord = { ...verdict, day: today, checkedAt: this.deps.clock.now() };
    this.watchlist.recordHealth(y, x, health);
    const alerted = health.status === 'broken' && previous?.status !== 'broken';
    if (alerted) {
      this.deps.logger.warn({ y, x, reasons: health.reasons }, 'pair relationship broke down');
      this.deps.events.publish('alert', {
        // The prefix names the pair for the alerts service (alerts/alert-sources.ts); the UUID keeps ids unique.
        id: `broken-pair:${y}/${x}:${randomUUID()}`,
        time: health.checkedAt,
        severity: 'warning',
        title: `Pair ${y}/${x} has broken down`,
        message: `Re-tested on the ${windowDays} trading days to ${formatIsoDate(through)}: ${health.reasons.join('; ')}.`,
      });
    }
    return { y, x, health, alerted };
  }

  /** The hedge ratio the pair was chosen with: its scan run's (same orientation), else its first check's. */
  private referenceBeta(y: string, x: string, sourceRunId: number | null): number | null {
    if (sourceRunId !== null) {
      const result = this.runs.pair(sourceRunId, y, x);
      if (result !== null && result.y === y && result.beta !== null) return result.beta;
    }
    return this.watchlist.firstHealth(y, x)?.beta ?? null;
  }

  private runSafely(reason: string): void {
    try {
      const outcomes = this.checkAll();
      this.deps.logger.info({ reason, pairs: outcomes.length, broken: outcomes.filter((o) => o.health.status === 'broken').length }, 'pair health checked');
    } catch (error) {
      // A failed check must not stop the timer or the app; it is logged and retried tomorrow.
      this.deps.logger.error({ err: error, reason }, 'pair health check failed');
    }
  }

  private scheduleNext(): void {
    const now = this.deps.clock.now();
    // Shortly after the next UTC midnight; the exchange day has changed by then.
    const delay = DAY_MS - (now % DAY_MS) + 60_000;
    this.timer = (this.deps.scheduler ?? realScheduler).setTimeout(() => {
      this.runSafely('daily');
      this.scheduleNext();
    }, delay);
  }
}
