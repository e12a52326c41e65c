import { z } from 'zod';
import {
  blotterSnapshotSchema,
  cancelRequestSchema,
  deskOrderSchema,
  flattenRequestSchema,
  haltOutcomeSchema,
  placeRequestSchema,
  placeResultSchema,
  replaceRequestSchema,
  ticketPreviewSchema,
  ticketRequestSchema,
} from '../../domain/desk';
import { strategyStartRequestSchema, strategyStatusSchema, strategyStopRequestSchema } from '../../domain/desk-strategy';
import { defineEvent, defineRequest } from '../define';

/**
 * The live/paper desk: the pair order ticket, the blotter, and what a halt did to each order.
 * Halting itself stays `trading:halt` (one action); the desk reacts to every halt, whichever
 * surface engaged it, by cancelling the scope's working orders.
 */
export const deskRequests = {
  'desk:preview': defineRequest({
    doc: 'Previews a pair ticket: legs and quantities from the sizing rules, live quotes, estimated costs of every kind, each pre-trade check with its numbers, and whether the trading state allows it (with the reason when not).',
    request: ticketRequestSchema,
    response: ticketPreviewSchema,
  }),
  'desk:place': defineRequest({
    doc: 'Places a confirmed pair ticket through the one live path (risk port → order manager → broker). Refused with TRADING_HALTED or a failed check.',
    request: placeRequestSchema,
    response: placeResultSchema,
  }),
  'desk:cancel': defineRequest({
    doc: 'Asks the broker to cancel one working order; the outcome arrives on desk:blotter.',
    request: cancelRequestSchema,
    response: deskOrderSchema,
  }),
  'desk:replace': defineRequest({
    doc: 'Replaces a working order with a new quantity and/or limit price (cancel-replace at the broker).',
    request: replaceRequestSchema,
    response: deskOrderSchema,
  }),
  'desk:blotter': defineRequest({
    doc: 'The blotter: working and recent orders, fills, positions per pair and per leg, live P&L and the last halt outcome.',
    request: z.object({}).strict(),
    response: blotterSnapshotSchema,
  }),
  'desk:flatten': defineRequest({
    doc: 'Flattens every position in a scope (both legs of a pair together) after the second confirmation; the scope is halted first if it is not.',
    request: flattenRequestSchema,
    response: haltOutcomeSchema,
  }),
  'desk:halt-outcome': defineRequest({
    doc: 'The outcome per order of the latest halt (cancels confirmed or unconfirmed, flattens pending), or null when none happened this run.',
    request: z.object({}).strict(),
    response: haltOutcomeSchema.nullable(),
  }),
  'desk:strategy-start': defineRequest({
    doc: 'Starts a backtest-style strategy config (z-score or Kalman, one or more pairs) on the desk: it decides at every replayed session close and its orders go through the same risk port and order manager as the ticket. Begins a recorded session for the divergence report; audited.',
    request: strategyStartRequestSchema,
    response: z.array(strategyStatusSchema),
  }),
  'desk:strategy-stop': defineRequest({
    doc: 'Stops the running strategy on the given pairs (all when none are given); its orders already working stay on the blotter. Audited.',
    request: strategyStopRequestSchema,
    response: z.array(strategyStatusSchema),
  }),
  'desk:strategies': defineRequest({
    doc: 'The strategies on the desk per pair: running or stopped, their recorded session and their last decision with its reason.',
    request: z.object({}).strict(),
    response: z.array(strategyStatusSchema),
  }),
} as const;

export const deskEvents = {
  'desk:blotter': defineEvent({ doc: 'The blotter changed (an order, fill, position or quote moved).', payload: blotterSnapshotSchema }),
  'desk:strategies': defineEvent({ doc: 'A strategy started, stopped or decided at a session close.', payload: z.array(strategyStatusSchema) }),
  'desk:halt-outcome': defineEvent({ doc: 'An order of the latest halt changed outcome (a cancel confirmed, a retry, a flatten filled).', payload: haltOutcomeSchema }),
} as const;
