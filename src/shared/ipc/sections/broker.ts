import { z } from 'zod';
import {
  brokerAccountSnapshotSchema,
  brokerOrderSchema,
  brokerOrderUpdateSchema,
  brokerPositionSchema,
  brokerQuoteSchema,
  brokerStatusSchema,
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
    doc: 'Orders at the broker: the working ones, or all of them for the recorded session when `all` is set.',
    request: z.object({ all: z.boolean().default(false) }).strict(),
    response: z.array(brokerOrderSchema),
  }),
  'broker:quotes': defineRequest({
    doc: 'The latest quote of each named symbol from the active feed (replay when running, else the latest stored bars).',
    request: z.object({ symbols: symbolList }).strict(),
    response: z.array(brokerQuoteSchema),
  }),
  'broker:replay-start': defineRequest({
    doc: 'Starts market replay: stored history played back one trading day per 1/speed seconds through the paper broker. Refused unless the paper broker is wired.',
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
} as const;

export const brokerEvents = {
  'broker:status': defineEvent({ doc: 'The broker connection changed.', payload: brokerStatusSchema }),
  'broker:order': defineEvent({ doc: 'An order at the broker changed (accepted, filled, cancelled, expired, rejected, …).', payload: brokerOrderUpdateSchema }),
  'broker:replay': defineEvent({ doc: 'The market replay moved (a step, pause, speed change, finish).', payload: replayStatusSchema }),
  'broker:quotes': defineEvent({ doc: 'Quotes of one replayed or polled session phase (open or close).', payload: replayQuotesSchema }),
} as const;
