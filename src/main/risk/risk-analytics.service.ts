import type { BrokerAccountSnapshot, BrokerOrder, BrokerPosition } from '../../shared/domain/broker';
import { AppError } from '../../shared/ipc/errors';
import type { InstrumentRecord } from '../core/market/market-records';
import type { Clock } from '../core/time/clock';
import { exchangeDay } from '../core/time/exchange-time';
import type { EpochDay } from '../core/time/epoch-day';
import type { BasisCloseMatrix, CloseMatrixRequest } from '../data/service/market-data-provider';
import { BlockBootstrap, type MonteCarloOptions, type MonteCarloResult } from './analytics/monte-carlo';
import { attributePositions } from './analytics/pair-attribution';
import { positionPnlHistory } from './analytics/position-pnl-history';
import { markPositions, type MarkedPosition } from './analytics/risk-inputs';
import { computeRiskSnapshot, type RiskSnapshot } from './analytics/risk-snapshot';
import type { FloorBreach } from './analytics/rolling-performance';
import { applyUserShocks, type StressResult, type UserShocks } from './analytics/stress-scenarios';
import type { EquityHistoryRecorder } from './equity-history-recorder';
import type { AlertSink } from '../alerts/alert-sink';

/** What the risk service reads of the broker desk (broker/broker-desk.ts's BrokerDesk satisfies it). */
export interface RiskAccountPort {
  account(): Promise<BrokerAccountSnapshot>;
  positions(): Promise<readonly BrokerPosition[]>;
  orders(all: boolean): Promise<readonly BrokerOrder[]>;
}

/** What it reads of market data (MarketDataService satisfies it). */
export interface RiskMarketDataPort {
  closeMatrix(request: CloseMatrixRequest): Promise<BasisCloseMatrix>;
  instruments(): Promise<readonly InstrumentRecord[]>;
}


export interface RiskAnalyticsSettings {
  readonly varWindowDays: number;
  readonly rollingWindowDays: number;
  readonly riskFreeRate: number;
  readonly sharpeFloor: number | null;
  readonly sortinoFloor: number | null;
  readonly monteCarlo: Omit<MonteCarloOptions, 'bins'>;
}

export interface RiskAnalyticsDeps {
  readonly account: RiskAccountPort;
  readonly marketData: RiskMarketDataPort;
  readonly equity: EquityHistoryRecorder;
  /** Floor breaches are raised here (the alerts service: persisted, deduplicated, toasts, webhook). */
  readonly alerts: AlertSink;
  readonly clock: Clock;
  readonly settings: () => RiskAnalyticsSettings;
}

/** A snapshot and the account it was taken from. */
export interface RiskAnalyticsResult {
  readonly snapshot: RiskSnapshot;
  readonly accountId: string;
  readonly cash: number;
  readonly computedAt: number;
  readonly warnings: readonly string[];
}

interface LoadedBook {
  readonly accountId: string;
  readonly cash: number;
  readonly equity: number;
  readonly asOfDay: EpochDay;
  readonly positions: readonly MarkedPosition[];
  readonly history: BasisCloseMatrix;
  readonly sectors: ReadonlyMap<string, string>;
  readonly rawPositions: ReturnType<typeof attributePositions>;
}

const HISTOGRAM_BINS = 40;
/** Daily draws per slice of the Monte Carlo (~1 ms on this machine's class of CPU). */
const SLICE_DRAWS = 50_000;

/**
 * The Risk page's one service: reads the account, its orders (for pair attribution) and the
 * stored closes up to the account's as-of day (so a replay on 2016-06-01 never sees 2017),
 * and hands them to the pure analytics. Called alike by risk-analytics.ipc.ts and tests.
 */
export class RiskAnalyticsService {
  /** The breaches already alerted, so a page refresh does not alert again for the same day. */
  private readonly alerted = new Set<string>();

  constructor(private readonly deps: RiskAnalyticsDeps) {}

  async snapshot(): Promise<RiskAnalyticsResult> {
    const book = await this.load();
    const settings = this.deps.settings();
    const snapshot = computeRiskSnapshot(
      { positions: book.rawPositions, equity: book.equity, equityHistory: this.deps.equity.history(book.accountId, book.asOfDay), history: book.history, sectors: book.sectors },
      {
        varWindow: settings.varWindowDays,
        rollingWindow: settings.rollingWindowDays,
        riskFreeRate: settings.riskFreeRate,
        floors: { ...(settings.sharpeFloor !== null ? { sharpe: settings.sharpeFloor } : {}), ...(settings.sortinoFloor !== null ? { sortino: settings.sortinoFloor } : {}) },
      },
    );
    this.alertBreaches(book.accountId, snapshot.floorBreaches);
    return { snapshot, accountId: book.accountId, cash: book.cash, computedAt: this.deps.clock.now(), warnings: book.history.warnings.map((warning) => `${warning.symbol}: ${warning.message}`) };
  }

  async stress(shocks: UserShocks & { readonly name?: string }): Promise<StressResult> {
    const book = await this.load();
    return applyUserShocks(shocks, book.positions, book.equity, shocks.name);
  }

  async monteCarlo(overrides: Partial<Omit<MonteCarloOptions, 'bins'>>): Promise<MonteCarloResult> {
    const book = await this.load();
    if (book.positions.length === 0) throw new AppError('VALIDATION_FAILED', 'Monte Carlo needs open positions; the account holds none', { accountId: book.accountId });
    const settings = this.deps.settings();
    const pnl = positionPnlHistory(book.positions, book.history, settings.varWindowDays).pnl;
    const bootstrap = new BlockBootstrap(pnl, { ...settings.monteCarlo, ...overrides, bins: HISTOGRAM_BINS });
    // Main's thread also runs the kill switch: draw in slices of about a millisecond and yield
    // between them, so a halt never waits behind a 200,000-path simulation.
    const slice = Math.max(1, Math.floor(SLICE_DRAWS / (bootstrap.options.horizonDays)));
    while (bootstrap.step(slice) < bootstrap.options.paths) await new Promise<void>((resolve) => setImmediate(resolve));
    return bootstrap.finish();
  }

  private async load(): Promise<LoadedBook> {
    const [snapshot, brokerPositions, orders, instruments] = await Promise.all([this.deps.account.account(), this.deps.account.positions(), this.deps.account.orders(true), this.deps.marketData.instruments()]);
    const accountId = snapshot.account.id;
    const asOfDay = exchangeDay(snapshot.balances.asOf);
    this.deps.equity.record(accountId, asOfDay, snapshot.balances.equity);
    const rawPositions = attributePositions(brokerPositions, orders);
    // Every instrument: the held ones are valued and replayed, all of them make the index.
    const history = await this.deps.marketData.closeMatrix({ symbols: 'all', range: { to: asOfDay }, basis: 'split' });
    const sectors = new Map<string, string>();
    for (const instrument of instruments) if (instrument.sector !== null) sectors.set(instrument.symbol, instrument.sector);
    return { accountId, cash: snapshot.balances.cash, equity: snapshot.balances.equity, asOfDay, positions: markPositions(rawPositions, history, sectors), history, sectors, rawPositions };
  }

  private alertBreaches(accountId: string, breaches: readonly FloorBreach[]): void {
    for (const breach of breaches) {
      const dedupKey = `risk.performance-floor:${accountId}:${breach.metric}:${breach.day}`;
      if (this.alerted.has(dedupKey)) continue;
      this.alerted.add(dedupKey);
      const label = breach.metric === 'sharpe' ? 'Sharpe' : 'Sortino';
      this.deps.alerts.raise({
        kind: 'limit-breach',
        severity: 'warning',
        subject: `performance:${breach.metric}`,
        title: `Rolling ${label} below its floor`,
        message: `The rolling ${label} ratio of account ${accountId} is ${breach.value.toFixed(2)}, below the configured floor ${breach.floor.toFixed(2)} (riskAnalytics.${breach.metric}Floor)`,
        dedupKey,
        details: { accountId, metric: breach.metric, value: breach.value, floor: breach.floor, day: breach.day },
      });
    }
  }
}
