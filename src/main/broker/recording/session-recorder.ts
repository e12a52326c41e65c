import { z } from 'zod';
import type { ReplayQuotes } from '../../../shared/domain/broker';
import { AppError } from '../../../shared/ipc/errors';
import type { Clock } from '../../core/time/clock';
import type { DeskSessionRow, DeskSessionsRepo } from '../../store/repos/desk-sessions.repo';
import type { Broker, BrokerOrderEvent } from '../broker-port';

/**
 * Records a paper or live session (issue 14): the decisions taken (pair orders and their
 * legs, with the close they were decided on), the quotes used, every order event and every
 * fill with its itemized costs. The divergence report reads it back to replay the session
 * through the backtester. Bodies are validated when read, so a hand-edited row is refused
 * by name rather than trusted.
 */

const side = z.enum(['BUY', 'SELL', 'SELL_SHORT', 'BUY_TO_COVER']);
const costs = z.object({ commission: z.number(), secFee: z.number(), finraTaf: z.number(), slippage: z.number(), impact: z.number() });

export const recordedDecisionSchema = z.object({
  pairId: z.string(),
  /** The close the decision was made on. */
  day: z.number().int(),
  forSession: z.number().int(),
  intent: z.enum(['open', 'close']),
  reason: z.string(),
  legs: z.array(z.object({ leg: z.enum(['y', 'x']), symbol: z.string(), side, quantity: z.number().int().positive() })),
  /** The strategy that decided (absent for a scripted or manual decision). */
  strategy: z.string().optional(),
  /** The z the strategy saw, and the closes it sized on (the quotes used). */
  z: z.number().optional(),
  quotes: z.array(z.object({ symbol: z.string(), close: z.number() })).optional(),
  pairOrderId: z.string().optional(),
});
export type RecordedDecision = z.infer<typeof recordedDecisionSchema>;

/**
 * A close where a running strategy decided nothing, with the reason (warmup, in_band,
 * orders_working, risk_denied, …): stored as a 'decision' event with `outcome: 'none'`, so a
 * session shows why no order was sent. Not a signal: the divergence report skips it.
 */
export const recordedNoDecisionSchema = z.object({
  outcome: z.literal('none'),
  pairId: z.string(),
  day: z.number().int(),
  strategy: z.string(),
  reason: z.string(),
  detail: z.string().nullable(),
  z: z.number().nullable(),
});
export type RecordedNoDecision = z.infer<typeof recordedNoDecisionSchema>;

export const recordedFillSchema = z.object({
  orderId: z.string(),
  pairId: z.string(),
  leg: z.enum(['y', 'x']),
  symbol: z.string(),
  side,
  quantity: z.number().int().positive(),
  price: z.number(),
  signalDay: z.number().int(),
  fillDay: z.number().int(),
  costs,
});
export type RecordedFill = z.infer<typeof recordedFillSchema>;

export interface RecordedSession {
  readonly session: DeskSessionRow;
  readonly decisions: readonly RecordedDecision[];
  readonly noDecisions: readonly RecordedNoDecision[];
  readonly fills: readonly RecordedFill[];
  readonly orderEvents: number;
  readonly quoteBatches: number;
}

export interface SessionStart {
  readonly mode: 'paper' | 'live';
  readonly broker: string;
  /** The backtest-shaped config the session trades by (see backtest/backtest-config.ts). */
  readonly config: unknown;
}

export class SessionRecorder {
  constructor(
    private readonly repo: DeskSessionsRepo,
    private readonly clock: Clock,
  ) {}

  begin(start: SessionStart): string {
    const startedAt = this.clock.now();
    let id = `${start.mode}-${startedAt}`;
    for (let n = 2; this.repo.get(id) !== undefined; n++) id = `${start.mode}-${startedAt}-${n}`;
    this.repo.create({ id, mode: start.mode, broker: start.broker, config: start.config, startedAt });
    return id;
  }

  end(sessionId: string): void {
    this.repo.end(sessionId, this.clock.now());
  }

  recordDecision(sessionId: string, decision: RecordedDecision): void {
    this.repo.append(sessionId, { at: this.clock.now(), kind: 'decision', day: decision.day, pairId: decision.pairId, orderId: null, body: recordedDecisionSchema.parse(decision) });
  }

  recordNoDecision(sessionId: string, entry: Omit<RecordedNoDecision, 'outcome'>): void {
    const body = recordedNoDecisionSchema.parse({ outcome: 'none', ...entry });
    this.repo.append(sessionId, { at: this.clock.now(), kind: 'decision', day: body.day, pairId: body.pairId, orderId: null, body });
  }

  recordQuotes(sessionId: string, batch: ReplayQuotes): void {
    this.repo.append(sessionId, { at: this.clock.now(), kind: 'quotes', day: batch.day, pairId: null, orderId: null, body: batch });
  }

  recordOrderEvent(sessionId: string, event: BrokerOrderEvent): void {
    const order = event.order;
    this.repo.append(sessionId, { at: event.at, kind: 'order', day: order.forSession, pairId: order.pairId, orderId: order.id, body: { event: event.kind, order } });
    if (event.kind !== 'fill') return;
    const fill: RecordedFill = {
      orderId: event.fill.orderId,
      pairId: event.fill.pairId,
      leg: event.fill.leg,
      symbol: event.fill.symbol,
      side: event.fill.side,
      quantity: event.fill.quantity,
      price: event.fill.price,
      signalDay: event.fill.signalDay,
      fillDay: event.fill.fillDay,
      costs: event.fill.costs,
    };
    this.repo.append(sessionId, { at: event.at, kind: 'fill', day: fill.fillDay, pairId: fill.pairId, orderId: fill.orderId, body: fill });
  }

  /** Records every order event of `broker` into the session until the returned function is called. */
  attach(sessionId: string, broker: Broker): () => void {
    return broker.subscribeOrderStatus((event) => this.recordOrderEvent(sessionId, event));
  }

  sessions(limit = 50): DeskSessionRow[] {
    return this.repo.list(limit);
  }

  load(sessionId: string): RecordedSession {
    const session = this.repo.get(sessionId);
    if (session === undefined) throw new AppError('NOT_FOUND', `No recorded session "${sessionId}"`, { sessionId });
    const parse = <T>(schema: z.ZodType<T>, kind: string) => (row: { seq: number; body: unknown }): T => {
      const parsed = schema.safeParse(row.body);
      if (!parsed.success) throw new AppError('STORE_CORRUPT', `Session ${sessionId}: ${kind} event #${row.seq} is malformed (${parsed.error.issues[0]?.message ?? 'invalid'})`, { sessionId, seq: row.seq });
      return parsed.data;
    };
    const isNone = (row: { body: unknown }): boolean => typeof row.body === 'object' && row.body !== null && (row.body as { outcome?: unknown }).outcome === 'none';
    const decisionRows = this.repo.events(sessionId, 'decision');
    return {
      session,
      decisions: decisionRows.filter((row) => !isNone(row)).map(parse(recordedDecisionSchema, 'decision')),
      noDecisions: decisionRows.filter(isNone).map(parse(recordedNoDecisionSchema, 'no-decision')),
      fills: this.repo.events(sessionId, 'fill').map(parse(recordedFillSchema, 'fill')),
      orderEvents: this.repo.events(sessionId, 'order').length,
      quoteBatches: this.repo.events(sessionId, 'quotes').length,
    };
  }
}
