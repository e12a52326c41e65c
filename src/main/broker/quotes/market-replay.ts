import type { BrokerQuote, ReplayQuotes, ReplayStatus } from '../../../shared/domain/broker';
import { AppError } from '../../../shared/ipc/errors';
import { AlignedMarket, type BacktestData, type SymbolColumns } from '../../backtest/aligned-market';
import type { MarketStats, SessionBar } from '../../backtest/fill-rules';
import type { Clock } from '../../core/time/clock';
import type { EpochDay } from '../../core/time/epoch-day';
import { exchangeInstant, nyseMarketHours } from '../market-hours';
import { barQuote, type QuoteFeed } from './quote-feed';

/**
 * Market replay: stored history played back one trading day per 1/speed seconds, so the
 * whole paper loop (signals, ticket, orders, fills, P&L, halts) runs offline on the bundled
 * sample. Each step is one session of the aligned calendar (the backtester's AlignedMarket,
 * so bars, validity, σ and ADV are the backtester's, σ/ADV from rows before the session):
 *   1. open: the paper broker opens the session; working orders for it fill at the open;
 *   2. close: marks at the close, DAY orders expire;
 *   3. `onSessionClosed(day, next)`: where the strategy loop decides for the next session.
 * Time comes from an injected timer (when to step) and is reported by the replay's own clock
 * (the simulated exchange instant: 09:30 during the open, the close after it), so a test
 * steps by hand and two runs of the same history write the same records.
 */

/** When to run the next step; a test's manual timer runs them on demand. */
export interface ReplayTimer {
  schedule(delayMs: number, run: () => void): () => void;
}

export const realTimer: ReplayTimer = {
  schedule(delayMs, run) {
    const handle = setTimeout(run, delayMs);
    return () => clearTimeout(handle);
  },
};

/** What a replay drives: the paper broker's sessions. */
export interface ReplaySessions {
  openSession(day: EpochDay, barOf: (symbol: string) => SessionBar | undefined, statsOf: (symbol: string) => MarketStats): void;
  closeSession(day: EpochDay, closeOf: (symbol: string) => number | undefined, symbols: readonly string[]): void;
}

export interface ReplayHooks {
  onStatus?(status: ReplayStatus): void;
  onQuotes?(quotes: ReplayQuotes): void;
  /** After the close of `day`: decide for `next` (null on the last day). */
  onSessionClosed?(day: EpochDay, next: EpochDay | null): void;
  /** A step failed: the replay pauses and reports it here. */
  onError?(error: unknown): void;
}

export interface ReplayPlan {
  readonly data: BacktestData;
  readonly symbols: readonly string[];
  readonly fromDay: EpochDay;
  readonly toDay: EpochDay;
  /** Trading days per second. */
  readonly speed: number;
  readonly sessionId: string | null;
  readonly maxForwardFillDays?: number;
  readonly impactWindow?: number;
}

/**
 * The desk's clock during a replay: the simulated exchange instant once a step has played,
 * else the fallback (system) clock. The paper broker and the engine read it, so records of a
 * replayed session carry replayed times.
 */
export class ReplayClock implements Clock {
  private simulated: number | null = null;

  constructor(private readonly fallback: Clock) {}

  now(): number {
    return this.simulated ?? this.fallback.now();
  }

  set(millis: number): void {
    this.simulated = millis;
  }

  clear(): void {
    this.simulated = null;
  }
}

export class MarketReplay implements QuoteFeed, Clock {
  readonly source = 'replay' as const;
  private market: AlignedMarket | null = null;
  private columns: SymbolColumns[] = [];
  private bySymbol = new Map<string, SymbolColumns>();
  private days: Int32Array = new Int32Array(0);
  private index = 0;
  private first = 0;
  private phase: 'open' | 'close' | null = null;
  /** The session being played or last played (its quotes are the feed's); −1 before the first. */
  private playing = -1;
  private cancelTimer: (() => void) | null = null;
  private current: ReplayStatus = { state: 'idle', speed: 1, from: null, to: null, current: null, played: 0, total: 0, sessionId: null, revision: 0 };

  constructor(
    private readonly sessions: ReplaySessions,
    private readonly timer: ReplayTimer,
    private readonly clock: ReplayClock,
    private readonly hooks: ReplayHooks = {},
  ) {}

  /** The replay clock's time (the simulated exchange instant once a step has played). */
  now(): number {
    return this.clock.now();
  }

  status(): ReplayStatus {
    return this.current;
  }

  start(plan: ReplayPlan): ReplayStatus {
    if (this.current.state === 'running' || this.current.state === 'paused') {
      throw new AppError('CONFLICT', `A replay is already ${this.current.state} (${this.current.played}/${this.current.total} sessions); stop it first`, { state: this.current.state });
    }
    if (plan.symbols.length === 0) throw new AppError('VALIDATION_FAILED', 'replay: no symbols to replay', { field: 'symbols' });
    if (plan.fromDay > plan.toDay) throw new AppError('VALIDATION_FAILED', `replay: from ${plan.fromDay} is after to ${plan.toDay}`, { field: 'from' });
    const market = new AlignedMarket(plan.data, plan.symbols, plan.toDay, plan.maxForwardFillDays ?? 5, plan.impactWindow ?? 20);
    let first = 0;
    while (first < market.days.length && (market.days[first] as number) < plan.fromDay) first++;
    const total = market.days.length - first;
    if (total === 0) throw new AppError('NOT_FOUND', `replay: no stored sessions between ${plan.fromDay} and ${plan.toDay} for ${plan.symbols.join(', ')}`, { field: 'from' });
    this.market = market;
    this.columns = plan.symbols.map((symbol) => market.symbol(symbol));
    this.bySymbol = new Map(this.columns.map((columns) => [columns.symbol, columns]));
    this.days = market.days;
    this.first = first;
    this.index = first;
    this.phase = null;
    this.playing = -1;
    this.update({
      state: 'running',
      speed: plan.speed,
      from: market.days[first] as number,
      to: market.days[market.days.length - 1] as number,
      current: null,
      played: 0,
      total,
      sessionId: plan.sessionId,
    });
    this.scheduleNext();
    return this.current;
  }

  pause(): ReplayStatus {
    this.requireState(['running'], 'pause');
    this.clearTimer();
    return this.update({ state: 'paused' });
  }

  resume(): ReplayStatus {
    this.requireState(['paused'], 'resume');
    this.update({ state: 'running' });
    this.scheduleNext();
    return this.current;
  }

  setSpeed(speed: number): ReplayStatus {
    if (!(speed > 0 && speed <= 1000)) throw new AppError('VALIDATION_FAILED', `replay speed must be in (0, 1000] trading days per second, got ${speed}`, { field: 'speed' });
    this.update({ speed });
    // The new interval applies from the next step: reschedule the one pending.
    if (this.current.state === 'running') {
      this.clearTimer();
      this.scheduleNext();
    }
    return this.current;
  }

  stop(): ReplayStatus {
    this.clearTimer();
    this.clock.clear();
    return this.update({ state: 'idle' });
  }

  /** Plays one session now (the timer calls this; so may a test or a "step" button). */
  step(): ReplayStatus {
    const market = this.market;
    if (market === null || this.index >= this.days.length) return this.finish();
    const i = this.index;
    const day = this.days[i] as number;
    const hours = nyseMarketHours(day);
    const symbols = this.columns.map((columns) => columns.symbol);
    const bySymbol = this.bySymbol;
    const barOf = (symbol: string): SessionBar | undefined => {
      const columns = bySymbol.get(symbol);
      return columns === undefined ? undefined : market.bar(columns, i);
    };

    this.clock.set(hours.status === 'closed' ? exchangeInstant(day, 9, 30) : hours.opensAt);
    this.playing = i;
    this.phase = 'open';
    this.sessions.openSession(day, barOf, (symbol) => {
      const columns = bySymbol.get(symbol);
      return columns === undefined ? { sigma: Number.NaN, adv: Number.NaN } : market.stats(columns, i);
    });
    this.hooks.onQuotes?.({ day, phase: 'open', quotes: this.quotesAt(symbols) });

    this.clock.set(hours.status === 'closed' ? exchangeInstant(day, 16, 0) : hours.closesAt);
    this.phase = 'close';
    this.sessions.closeSession(day, (symbol) => barOf(symbol)?.close, symbols);
    this.hooks.onQuotes?.({ day, phase: 'close', quotes: this.quotesAt(symbols) });

    this.index = i + 1;
    this.hooks.onSessionClosed?.(day, this.index < this.days.length ? (this.days[this.index] as number) : null);
    this.update({ current: day, played: this.index - this.first });
    if (this.index >= this.days.length) return this.finish();
    return this.current;
  }

  async latest(symbols: readonly string[]): Promise<readonly BrokerQuote[]> {
    return this.quotesAt(symbols);
  }

  private quotesAt(symbols: readonly string[]): BrokerQuote[] {
    const market = this.market;
    const i = this.playing;
    if (market === null || i < 0 || i >= this.days.length) return [];
    const day = this.days[i] as number;
    const quotes: BrokerQuote[] = [];
    for (const symbol of symbols) {
      const columns = this.bySymbol.get(symbol);
      const bar = columns === undefined ? undefined : market.bar(columns, i);
      if (bar === undefined) continue;
      if (this.phase === 'close') quotes.push(barQuote(symbol, day, bar, this.source));
      else quotes.push({ ...barQuote(symbol, day, bar, this.source), time: this.now(), last: bar.open, high: null, low: null, close: null, volume: null });
    }
    return quotes;
  }

  private scheduleNext(): void {
    this.clearTimer();
    this.cancelTimer = this.timer.schedule(1000 / this.current.speed, () => {
      this.cancelTimer = null;
      if (this.current.state !== 'running') return;
      try {
        this.step();
      } catch (error) {
        // A failed step must not leave a timer firing into a broken state: pause and report.
        this.update({ state: 'paused' });
        if (this.hooks.onError === undefined) throw error;
        this.hooks.onError(error);
        return;
      }
      if (this.current.state === 'running') this.scheduleNext();
    });
  }

  private finish(): ReplayStatus {
    this.clearTimer();
    return this.current.state === 'finished' ? this.current : this.update({ state: 'finished' });
  }

  private clearTimer(): void {
    this.cancelTimer?.();
    this.cancelTimer = null;
  }

  private requireState(states: readonly ReplayStatus['state'][], action: string): void {
    if (!states.includes(this.current.state)) throw new AppError('CONFLICT', `Cannot ${action} a replay that is ${this.current.state}`, { state: this.current.state });
  }

  private update(change: Partial<Omit<ReplayStatus, 'revision'>>): ReplayStatus {
    this.current = { ...this.current, ...change, revision: this.current.revision + 1 };
    this.hooks.onStatus?.(this.current);
    return this.current;
  }
}
