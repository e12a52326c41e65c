import type Database from 'better-sqlite3';
import type { Logger } from 'pino';
import type {
  BrokerAccountSnapshot,
  BrokerFill,
  BrokerOrder,
  BrokerPosition,
  BrokerQuote,
  DeskSessionSummary,
  PaperResetResult,
  ReplayStatus,
} from '../../../shared/domain/broker';
import type { RequestPayload } from '../../../shared/ipc/contract';
import { AppError } from '../../../shared/ipc/errors';
import type { OhlcvColumns } from '../../core/market/series';
import type { Clock } from '../../core/time/clock';
import { epochDayFromIso, formatIsoDate, type EpochDay } from '../../core/time/epoch-day';
import type { AuditService } from '../../audit/audit.service';
import type { EventBus } from '../../events/event-bus';
import { createDeskSessionsRepo } from '../../store/repos/desk-sessions.repo';
import { createPaperBrokerRepo } from '../../store/repos/paper-broker.repo';
import type { BrokerDesk } from '../broker-desk';
import type { BrokerOrderEvent } from '../broker-port';
import type { BrokerStatusHolder } from '../broker-status';
import { BrokerVenue } from '../broker-venue';
import { DivergenceService, type SessionDivergence } from '../divergence/divergence.service';
import { MarketReplay, ReplayClock, realTimer, type ReplayTimer } from '../quotes/market-replay';
import { StoredBarsFeed } from '../quotes/quote-feed';
import { SessionRecorder, type RecordedDecision, type SessionStart } from '../recording/session-recorder';
import { PaperBroker } from './paper-broker';
import { DEFAULT_PAPER_CASH, paperBrokerDefaults } from './paper-defaults';

/**
 * The paper profile's desk: the paper broker (default broker, no account needed), its quote
 * feeds (latest stored bars; the market replay while one runs), the session recorder and the
 * divergence report, behind the broker channels. Other areas use it through:
 *   - `broker` (the Broker port) and `venue()` (a BrokerVenue for the engine's OrderManager);
 *   - `clock` (replayed exchange time during a replay);
 *   - `onSessionClosed` (where a strategy loop decides for the next session);
 *   - `startSession`/`recordDecision`/`endSession` (session recording).
 */

export { DEFAULT_PAPER_CASH };
/** Calendar days of history loaded before a replay's first session, so σ and ADV exist from its start. */
const REPLAY_WARMUP_DAYS = 60;

/** Stored bars on the stored basis for a range (the data area's series). */
export type BarsRangeLoader = (symbol: string, range: { readonly from?: EpochDay; readonly to?: EpochDay }) => Promise<OhlcvColumns | undefined>;

export interface PaperDeskDeps {
  readonly tradingDb: Database.Database;
  readonly events: EventBus;
  readonly status: BrokerStatusHolder;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly loadBars: BarsRangeLoader;
  /** Every symbol with stored bars (a replay of "everything"). */
  readonly listSymbols: () => Promise<readonly string[]>;
  readonly timer?: ReplayTimer;
  readonly initialCash?: number;
  /** The audit chain every order event of the paper broker is appended to. */
  readonly audit?: AuditService;
}

export class PaperDesk implements BrokerDesk {
  readonly broker: PaperBroker;
  readonly clock: ReplayClock;
  readonly recorder: SessionRecorder;
  readonly replay: MarketReplay;
  readonly divergence: DivergenceService;
  private readonly storedFeed: StoredBarsFeed;
  private readonly sessionListeners = new Set<(day: EpochDay, next: EpochDay | null) => void>();
  private activeSession: { readonly id: string; readonly detach: () => void } | null = null;
  private readonly unsubscribe: () => void;

  constructor(private readonly deps: PaperDeskDeps) {
    this.clock = new ReplayClock(deps.clock);
    const { rules, borrow } = paperBrokerDefaults();
    this.storedFeed = new StoredBarsFeed((symbol) => deps.loadBars(symbol, {}));
    this.broker = PaperBroker.open({
      repo: createPaperBrokerRepo(deps.tradingDb),
      clock: this.clock,
      initialCash: deps.initialCash ?? DEFAULT_PAPER_CASH,
      rules,
      borrow,
      quotes: this.storedFeed,
      ...(deps.audit === undefined ? {} : { audit: deps.audit }),
    });
    this.recorder = new SessionRecorder(createDeskSessionsRepo(deps.tradingDb), this.clock);
    this.replay = new MarketReplay(this.broker, deps.timer ?? realTimer, this.clock, {
      onStatus: (status) => deps.events.publish('broker:replay', status),
      onQuotes: (batch) => {
        if (this.activeSession !== null) this.recorder.recordQuotes(this.activeSession.id, batch);
        deps.events.publish('broker:quotes', batch);
      },
      onSessionClosed: (day, next) => {
        for (const listener of this.sessionListeners) listener(day, next);
      },
      onError: (error) => deps.logger.error({ err: error }, 'market replay step failed; replay paused'),
    });
    this.divergence = new DivergenceService(this.recorder, async (symbols, toDay) => {
      const bars = new Map<string, OhlcvColumns>();
      for (const symbol of symbols) {
        const series = await deps.loadBars(symbol, { to: toDay });
        if (series !== undefined) bars.set(symbol, series);
      }
      return bars;
    });
    this.unsubscribe = this.broker.subscribeOrderStatus((event) => deps.events.publish('broker:order', { order: event.order, fill: wireFill(event) }));
    deps.status.set('connected', 'paper broker (no account needed)');
  }

  dispose(): void {
    this.replay.stop();
    this.endSession();
    this.unsubscribe();
  }

  venue(onBrokerError?: ConstructorParameters<typeof BrokerVenue>[0]['onBrokerError']): BrokerVenue {
    return new BrokerVenue({ broker: this.broker, accountId: this.broker.accountId, ...(onBrokerError === undefined ? {} : { onBrokerError }) });
  }

  /** Stored bars of one symbol on the basis the paper broker trades (the strategy runner's history). */
  loadBars(symbol: string, range: { readonly from?: EpochDay; readonly to?: EpochDay }): Promise<OhlcvColumns | undefined> {
    return this.deps.loadBars(symbol, range);
  }

  /** Subscribes a strategy loop to session closes (replay); returns the unsubscribe. */
  onSessionClosed(listener: (day: EpochDay, next: EpochDay | null) => void): () => void {
    this.sessionListeners.add(listener);
    return () => this.sessionListeners.delete(listener);
  }

  /** Begins a recorded session (ending the one active); its order events are recorded from now on. */
  startSession(start: Omit<SessionStart, 'mode' | 'broker'>): string {
    this.endSession();
    const id = this.recorder.begin({ mode: 'paper', broker: 'paper', config: start.config });
    this.activeSession = { id, detach: this.recorder.attach(id, this.broker) };
    return id;
  }

  endSession(): void {
    if (this.activeSession === null) return;
    this.activeSession.detach();
    this.recorder.end(this.activeSession.id);
    this.activeSession = null;
  }

  sessionId(): string | null {
    return this.activeSession?.id ?? null;
  }

  recordDecision(decision: RecordedDecision): void {
    if (this.activeSession === null) throw new AppError('CONFLICT', `No recorded session is active to record the decision for ${decision.pairId}`, { pairId: decision.pairId });
    this.recorder.recordDecision(this.activeSession.id, decision);
  }

  divergenceReport(sessionId: string): Promise<SessionDivergence> {
    return this.divergence.report(sessionId);
  }

  // ---- BrokerDesk (the channels) ------------------------------------------------------

  async account(): Promise<BrokerAccountSnapshot> {
    return { account: this.broker.account(), balances: this.broker.balancesNow() };
  }

  async positions(): Promise<readonly BrokerPosition[]> {
    return this.broker.positionsNow();
  }

  async orders(all: boolean): Promise<readonly BrokerOrder[]> {
    return this.broker.ordersNow(all);
  }

  async quotes(symbols: readonly string[]): Promise<readonly BrokerQuote[]> {
    return this.broker.quotes(symbols);
  }

  async startReplay(request: RequestPayload<'broker:replay-start'>): Promise<ReplayStatus> {
    const current = this.replay.status().state;
    if (current === 'running' || current === 'paused') throw new AppError('CONFLICT', `A replay is already ${current}; stop it first`, { state: current });
    const symbols = request.symbols.length > 0 ? request.symbols : await this.deps.listSymbols();
    const fromDay = request.from === undefined ? undefined : epochDayFromIso(request.from);
    const toDay = request.to === undefined ? undefined : epochDayFromIso(request.to);
    const bars = new Map<string, OhlcvColumns>();
    let first = Number.POSITIVE_INFINITY;
    let last = Number.NEGATIVE_INFINITY;
    for (const symbol of symbols) {
      const series = await this.deps.loadBars(symbol, { ...(fromDay === undefined ? {} : { from: fromDay - REPLAY_WARMUP_DAYS }), ...(toDay === undefined ? {} : { to: toDay }) });
      if (series === undefined || series.days.length === 0) continue;
      bars.set(symbol, series);
      first = Math.min(first, series.days[0] as number);
      last = Math.max(last, series.days[series.days.length - 1] as number);
    }
    if (bars.size === 0) throw new AppError('NOT_FOUND', `replay: no stored bars for ${symbols.slice(0, 5).join(', ')}${symbols.length > 5 ? ', …' : ''} in the range`, { field: 'symbols' });
    const replaySymbols = [...bars.keys()];
    const lastOpened = this.broker.session().lastOpened;
    // The paper account's time only moves forward: orders are for coming sessions, and a
    // replay of an earlier period would reopen sessions its records already closed.
    // A replay therefore continues from the session after the last one played.
    const from = Math.max(fromDay ?? first, lastOpened === null ? first : lastOpened + 1);
    const to = toDay ?? last;
    if (lastOpened !== null && from > to) {
      throw new AppError('CONFLICT', `The paper account has already played sessions up to ${formatIsoDate(lastOpened)}; a replay continues after it, so it must end later`, {
        field: 'to',
        lastOpened: formatIsoDate(lastOpened),
      });
    }
    const sessionId = this.activeSession?.id ?? this.startSession({ config: { kind: 'replay', symbols: replaySymbols, from, to } });
    this.broker.useQuoteFeed(this.replay);
    return this.replay.start({ data: { bars }, symbols: replaySymbols, fromDay: from, toDay: to, speed: request.speed, sessionId });
  }

  pauseReplay(): ReplayStatus {
    return this.replay.pause();
  }

  resumeReplay(): ReplayStatus {
    return this.replay.resume();
  }

  setReplaySpeed(speed: number): ReplayStatus {
    return this.replay.setSpeed(speed);
  }

  stopReplay(): ReplayStatus {
    const status = this.replay.stop();
    this.broker.useQuoteFeed(this.storedFeed);
    return status;
  }

  replayStatus(): ReplayStatus {
    return this.replay.status();
  }

  sessions(limit: number): readonly DeskSessionSummary[] {
    return this.recorder.sessions(limit).map(({ id, mode, broker, startedAt, endedAt }) => ({ id, mode, broker, startedAt, endedAt }));
  }

  /**
   * Resets the paper account to a new epoch (see PaperBroker.reset). Refused while a replay
   * is running or paused: its sessions belong to the account it started on. The recorded
   * session in progress is ended, so no session spans two epochs.
   */
  resetPaper(request: RequestPayload<'broker:paper-reset'>, actor: string): PaperResetResult {
    const state = this.replay.status().state;
    if (state === 'running' || state === 'paused') throw new AppError('CONFLICT', `A market replay is ${state}; stop it before resetting the paper account`, { state });
    const result = this.broker.reset({ initialCash: request.initialCash ?? this.deps.initialCash ?? DEFAULT_PAPER_CASH, actor, reason: request.reason ?? null });
    this.endSession();
    return result;
  }
}

function wireFill(event: BrokerOrderEvent): BrokerFill | null {
  if (event.kind !== 'fill') return null;
  const { orderId, symbol, side, quantity, price, fillDay, costs, at } = event.fill;
  return { orderId, symbol, side, quantity, price, fillDay, costs, at };
}
