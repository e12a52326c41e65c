import type { Broker } from '../broker/broker-port';
import { asBrokerError } from '../broker/broker-port';
import type { EpochDay } from '../core/time/epoch-day';
import type { CorrelationInputs, PreTradeRequest, PreTradeSnapshot, PreTradeSnapshotSource } from '../risk/core/pre-trade-request';
import type { TradingStatus } from '../../shared/domain/trading';
import { markOf } from './desk-wire';
import type { DeskQuoteRecord } from './desk-ports';

/** Daily closes of a symbol (the data area's stored series). */
export type ClosesLoader = (symbol: string) => Promise<{ readonly days: Int32Array; readonly closes: Float64Array }>;

/** What the monitor is fed from the account (RiskMonitor satisfies it). */
export interface AccountFeed {
  reportEquity(equity: number): void;
  reportBrokerError(detail: string): void;
  reconcile(ours: ReadonlyMap<string, number>, broker: ReadonlyMap<string, number>): unknown;
  beat(source: 'engine' | 'broker'): void;
}

/** The desk's view the snapshot needs (DeskService implements it). */
export interface DeskBook {
  positionsBySymbol(): Map<string, number>;
  quoteOf(symbol: string): DeskQuoteRecord | undefined;
  openPairExposures(except: string): Map<string, Map<string, number>>;
  hasWorkingOrderOn(symbol: string): boolean;
}

/**
 * The broker account as the desk's pre-trade checks and the risk monitor see it. The checks
 * run synchronously, the broker answers asynchronously, so this keeps the broker's last answer
 * (balances, positions, shortability, closes for the correlation limit) and `refresh` renews it:
 * before every ticket preview, after fills and session closes, and on the desk's loop. Each
 * refresh feeds the monitor: the broker heartbeat, equity from the broker's balances, and the
 * reconciliation of the broker's positions with the desk's.
 */
export class DeskAccount {
  private balances: { equity: number; buyingPower: number } | null = null;
  private readonly shortable = new Map<string, boolean>();
  private readonly closes = new Map<string, { days: Int32Array; closes: Float64Array }>();
  /** Broker positions present before this run's desk existed (see the restart note in reconcile). */
  private baseline: Map<string, number> | null = null;

  constructor(
    private readonly deps: {
      readonly broker: Broker;
      readonly accountId: string;
      readonly feed: AccountFeed;
      readonly closes?: ClosesLoader;
      /** True once the desk re-read its books from the broker: no baseline is needed then. */
      readonly restored?: () => boolean;
    },
  ) {}

  equity(): number | undefined {
    return this.balances?.equity;
  }

  buyingPower(): number | undefined {
    return this.balances?.buyingPower;
  }

  /** Renews balances and positions (and shortability/closes of `symbols` for `forDay`), then feeds the monitor. */
  async refresh(book: DeskBook, symbols: readonly string[] = [], forDay?: EpochDay): Promise<void> {
    const { broker, accountId, feed } = this.deps;
    let positions: Map<string, number>;
    try {
      const [balances, held] = await Promise.all([broker.balances(accountId), broker.positions(accountId)]);
      this.balances = { equity: balances.equity, buyingPower: balances.buyingPower };
      positions = new Map(held.filter((row) => row.quantity !== 0).map((row) => [row.symbol, row.quantity]));
      if (forDay !== undefined) {
        for (const symbol of symbols) {
          const answer = await broker.shortability(symbol, forDay);
          // 'unknown' stays absent, so a short sale fails closed (the check's rule).
          if (answer.status === 'unknown') this.shortable.delete(symbol);
          else this.shortable.set(symbol, answer.status !== 'not_shortable');
        }
      }
    } catch (error) {
      feed.reportBrokerError(`account refresh failed: ${asBrokerError(error, 'account refresh').message}`);
      return;
    }
    feed.beat('broker');
    feed.reportEquity(this.balances.equity);
    this.reconcile(book, positions);
    const loader = this.deps.closes;
    if (loader !== undefined) for (const symbol of symbols) if (!this.closes.has(symbol)) this.closes.set(symbol, await loader(symbol));
  }

  /**
   * Broker positions vs the desk's, symbol by symbol. A symbol with a working order is skipped
   * (a fill in flight is a transient difference, not a mismatch). When the desk could not re-read
   * its books at start (a broker that cannot list its orders), the positions the broker held when
   * this run began are the baseline, so they are not taken for a change outside ArbDesk.
   */
  private reconcile(book: DeskBook, broker: Map<string, number>): void {
    if (this.baseline === null) this.baseline = this.deps.restored?.() === true ? new Map() : new Map(broker);
    const ours = book.positionsBySymbol();
    const theirs = new Map<string, number>();
    for (const [symbol, quantity] of broker) {
      const extra = quantity - (this.baseline.get(symbol) ?? 0);
      if (extra !== 0) theirs.set(symbol, extra);
    }
    for (const [symbol, base] of this.baseline) if (!broker.has(symbol) && base !== 0) theirs.set(symbol, -base);
    const quiet = (map: Map<string, number>): Map<string, number> => new Map([...map].filter(([symbol]) => !book.hasWorkingOrderOn(symbol)));
    this.deps.feed.reconcile(quiet(ours), quiet(theirs));
  }

  /** The pre-trade snapshot source over this account, the desk's book and the risk module's facts. */
  snapshotSource(input: {
    readonly book: () => DeskBook | null;
    readonly now: () => number;
    readonly status: (request: PreTradeRequest) => TradingStatus;
    readonly sectors: () => ReadonlyMap<string, string>;
    readonly submissions: { recentSubmissions(now: number): readonly number[]; recentFingerprints(now: number): ReadonlyMap<string, number> };
    /** The last session decided on: returns never reach past it (no look-ahead in a replay). */
    readonly asOfDay: () => EpochDay;
  }): PreTradeSnapshotSource {
    return {
      snapshot: (request): PreTradeSnapshot => {
        const now = input.now();
        const book = input.book();
        const positions = book?.positionsBySymbol() ?? new Map<string, number>();
        const lastTrades = new Map<string, { price: number; time: number }>();
        for (const leg of request.legs) {
          const quote = book?.quoteOf(leg.symbol);
          const price = markOf(quote);
          if (quote !== undefined && price !== null) lastTrades.set(leg.symbol, { price, time: quote.time });
        }
        return {
          now,
          tradingStatus: input.status(request),
          positions,
          lastTrades,
          shortable: this.shortable,
          sectors: input.sectors(),
          buyingPower: this.balances?.buyingPower,
          recentSubmissions: input.submissions.recentSubmissions(now),
          recentFingerprints: input.submissions.recentFingerprints(now),
          returns: book === null ? undefined : this.returns(request, book, input.asOfDay()),
        };
      },
    };
  }

  /** Daily dollar returns per unit of equity of the candidate pair and each open pair, on common days up to `asOf`. */
  private returns(request: PreTradeRequest, book: DeskBook, asOf: EpochDay): CorrelationInputs | undefined {
    const equity = this.balances?.equity ?? request.equity;
    if (equity === undefined || !(equity > 0)) return undefined;
    const candidate = new Map(request.legs.map((leg) => [leg.symbol, leg.signedNotional]));
    const open = book.openPairExposures(request.pairId);
    const symbols = new Set<string>([...candidate.keys(), ...[...open.values()].flatMap((legs) => [...legs.keys()])]);
    const series = new Map<string, Map<number, number>>();
    for (const symbol of symbols) {
      const loaded = this.closes.get(symbol);
      if (loaded === undefined) return undefined;
      const byDay = new Map<number, number>();
      for (let i = 0; i < loaded.days.length; i += 1) {
        const day = loaded.days[i] ?? Number.NaN;
        const close = loaded.closes[i] ?? Number.NaN;
        if (day <= asOf && Number.isFinite(close)) byDay.set(day, close);
      }
      series.set(symbol, byDay);
    }
    const first = series.values().next().value;
    if (first === undefined) return undefined;
    const days = [...first.keys()].filter((day) => [...series.values()].every((byDay) => byDay.has(day))).sort((a, b) => a - b);
    const spread = (legs: ReadonlyMap<string, number>): Float64Array => {
      const out = new Float64Array(Math.max(0, days.length - 1));
      for (let t = 1; t < days.length; t += 1) {
        let sum = 0;
        for (const [symbol, notional] of legs) {
          const byDay = series.get(symbol);
          const previous = byDay?.get(days[t - 1] ?? Number.NaN) ?? Number.NaN;
          const current = byDay?.get(days[t] ?? Number.NaN) ?? Number.NaN;
          sum += notional * (current / previous - 1);
        }
        out[t - 1] = sum / equity;
      }
      return out;
    };
    return { candidate: spread(candidate), openPairs: new Map([...open].map(([pairId, legs]) => [pairId, spread(legs)])) };
  }
}
