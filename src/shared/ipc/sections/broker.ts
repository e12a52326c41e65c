import { z } from 'zod';
import {
  brokerAccountSnapshotSchema,
  brokerOrderSchema,
  brokerOrderUpdateSchema,
  brokerPositionSchema,
  brokerQuoteSchema,
  brokerStatusSchema,
  deskSessionSummarySchema,
  paperResetRequestSchema,
  paperResetResultSchema,
  sessionDivergenceSchema,
  replayQuotesSchema,
  replaySpeedSchema,
  replayStartRequestSchema,
  replayStatusSchema,
} from '../../domain/broker';
import { defineEvent, defineRequest } from '../define';

const symbolList = z.array(z.string().min(1).max(32)).min(1).max(1000);

export const brokerRequests = {
  'broker:status': defineRequest({
    doc: 'Which broker is wired and the state of its connection.',
    request: z.object({}).strict(),
    response: brokerStatusSchema,
  }),
  'broker:account': defineRequest({
    doc: 'The broker account and its balances (cash, market value, equity, buying power, costs, P&L) as of the last mark.',
    request: z.object({}).strict(),
    response: brokerAccountSnapshotSchema,
  }),
  'broker:positions': defineRequest({
    doc: 'Every open position at the broker, marked at the last quote.',
    request: z.object({}).strict(),
    response: z.array(brokerPositionSchema),
  }),
  'broker:orders': defineRequest({
    doc: 'Orders at the broker: the working ones, or every order the broker still knows (final ones included) when `all` is set.',
    request: z.object({ all: z.boolean().default(false) }).strict(),
    response: z.array(brokerOrderSchema),
  }),
  'broker:quotes': defineRequest({
    doc: 'The latest quote of each named symbol from the active feed (replay when running, else the latest stored bars).',
    request: z.object({ symbols: symbolList }).strict(),
    response: z.array(brokerQuoteSchema),
  }),
  'broker:replay-start': defineRequest({
    doc: 'Starts market replay: stored history played back one trading day per 1/speed seconds through the paper broker, continuing after the last session the paper account played (its time only moves forward). Refused unless the paper broker is wired.',
    request: replayStartRequestSchema.strict(),
    response: replayStatusSchema,
  }),
  'broker:replay-pause': defineRequest({
    doc: 'Pauses a running replay after the step in progress.',
    request: z.object({}).strict(),
    response: replayStatusSchema,
  }),
  'broker:replay-resume': defineRequest({
    doc: 'Resumes a paused replay.',
    request: z.object({}).strict(),
    response: replayStatusSchema,
  }),
  'broker:replay-speed': defineRequest({
    doc: 'Sets the replay speed in trading days per second (takes effect from the next step).',
    request: z.object({ speed: replaySpeedSchema }).strict(),
    response: replayStatusSchema,
  }),
  'broker:replay-stop': defineRequest({
    doc: 'Stops the replay; the paper account keeps its state.',
    request: z.object({}).strict(),
    response: replayStatusSchema,
  }),
  'broker:replay-status': defineRequest({
    doc: 'Where the market replay stands.',
    request: z.object({}).strict(),
    response: replayStatusSchema,
  }),
  'broker:sessions': defineRequest({
    doc: 'Recorded paper/live sessions, newest first.',
    request: z.object({ limit: z.number().int().min(1).max(1000).default(50) }).strict(),
    response: z.array(deskSessionSummarySchema),
  }),
  'broker:divergence': defineRequest({
    doc: 'The divergence report of a recorded session: replayed through the backtester on the same stored data, every difference with totals (missed/extra signals, fill price, cost, timing).',
    request: z.object({ sessionId: z.string().min(1).max(200) }).strict(),
    response: sessionDivergenceSchema,
  }),
  'broker:paper-reset': defineRequest({
    doc: 'Resets the paper account: a new account epoch with fresh cash (earlier orders and fills stay on record). Needs confirm: true; audited; refused while orders are working or a replay runs.',
    request: paperResetRequestSchema.strict(),
    response: paperResetResultSchema,
  }),
} as const;

export const brokerEvents = {
  'broker:status': defineEvent({ doc: 'The broker connection changed.', payload: brokerStatusSchema }),
  'broker:order': defineEvent({ doc: 'An order at the broker changed (accepted, filled, cancelled, expired, rejected, …).', payload: brokerOrderUpdateSchema }),
  'broker:replay': defineEvent({ doc: 'The market replay moved (a step, pause, speed change, finish).', payload: replayStatusSchema }),
  'broker:quotes': defineEvent({ doc: 'Quotes of one replayed or polled session phase (open or close).', payload: replayQuotesSchema }),
} as const;
