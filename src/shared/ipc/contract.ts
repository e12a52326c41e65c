import type { z } from 'zod';
import { defineEvent, type EventDef, type RequestDef } from './define';
import { systemRequests } from './sections/system';
import { tradingRequests } from './sections/trading';
import { brokerEvents, brokerRequests } from './sections/broker';
import { jobRequests } from './sections/jobs';
import { dataEvents, dataRequests } from './sections/data';
import { scannerRequests } from './sections/scanner';
import { auditRequests } from './sections/audit';
import { riskAnalyticsRequests } from './sections/risk-analytics';
import { modelsEvents, modelsRequests } from './sections/models';
import { deskEvents, deskRequests } from './sections/desk';
import { alertEvents, alertRequests } from './sections/alerts';
import { riskRequests } from './sections/risk';
import { backtestRequests } from './sections/backtest';
import { backtestResearchRequests } from './sections/backtest-research';
import { tradingStateSchema } from '../domain/trading';
import { jobFinishedSchema, jobProgressSchema } from '../domain/jobs';
import { logEntrySchema } from '../domain/logs';
import { alertSchema, quoteSchema } from '../domain/alerts';

/**
 * The one map of everything the renderer may ask of main. Both transports, the typed
 * client and the handler registry derive their types from it; no channel string is
 * written anywhere else.
 */
export const requests = {
  ...systemRequests,
  ...tradingRequests,
  ...brokerRequests,
  ...jobRequests,
  ...dataRequests,
  ...scannerRequests,
  ...auditRequests,
  ...riskAnalyticsRequests,
  ...modelsRequests,
  ...deskRequests,
  ...alertRequests,
  ...riskRequests,
  ...backtestRequests,
  ...backtestResearchRequests,
} as const satisfies Record<string, RequestDef>;

/** Everything main pushes without being asked. */
export const events = {
  'trading:state': defineEvent({ doc: 'The trading state changed (halt, reduce-only, resume, annotation) on any scope.', payload: tradingStateSchema }),
  'job:progress': defineEvent({ doc: 'A job moved forward, finished, failed or was cancelled.', payload: jobProgressSchema }),
  'job:finished': defineEvent({
    doc: 'A job ended (succeeded, failed or cancelled), with a reference to its result; sent once per job after its last job:progress.',
    payload: jobFinishedSchema,
  }),
  'log:entry': defineEvent({ doc: 'A new log entry at info level or above, redacted.', payload: logEntrySchema }),
  alert: defineEvent({ doc: 'Something a trader must see now.', payload: alertSchema }),
  quote: defineEvent({ doc: 'A quote update from the market data service.', payload: quoteSchema }),
  ...brokerEvents,
  ...dataEvents,
  ...modelsEvents,
  ...deskEvents,
  ...alertEvents,
} as const satisfies Record<string, EventDef>;

export type Requests = typeof requests;
export type Events = typeof events;
export type RequestChannel = keyof Requests;
export type EventName = keyof Events;

/** What a caller passes (before schema defaults are applied). */
export type RequestInput<K extends RequestChannel> = z.input<Requests[K]['request']>;
/** What a handler receives (after parsing). */
export type RequestPayload<K extends RequestChannel> = z.output<Requests[K]['request']>;
export type ResponseOf<K extends RequestChannel> = z.output<Requests[K]['response']>;
export type EventPayload<E extends EventName> = z.output<Events[E]['payload']>;

export function isRequestChannel(channel: string): channel is RequestChannel {
  return Object.hasOwn(requests, channel);
}

export function isEventName(name: string): name is EventName {
  return Object.hasOwn(events, name);
}

export const requestChannels = Object.keys(requests) as RequestChannel[];
export const eventNames = Object.keys(events) as EventName[];
