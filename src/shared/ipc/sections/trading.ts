import { defineRequest } from '../define';
import {
  annotateHaltRequestSchema,
  haltRequestSchema,
  reduceOnlyRequestSchema,
  resumeRequestSchema,
  tradingContextSchema,
  tradingStateSchema,
} from '../../domain/trading';

export const tradingRequests = {
  'trading:state': defineRequest({
    doc: 'The global state, every non-ACTIVE strategy/pair scope, and the effective (strictest) state for the given context.',
    request: tradingContextSchema.strict(),
    response: tradingStateSchema,
  }),
  'trading:halt': defineRequest({
    doc: 'Engages the kill switch on a scope (global by default) in one action; the reason is optional. Idempotent; never queued behind other work.',
    request: haltRequestSchema.strict(),
    response: tradingStateSchema,
  }),
  'trading:annotate-halt': defineRequest({
    doc: 'Adds or replaces the reason of a halt that is already engaged (the one-click halt asks afterwards).',
    request: annotateHaltRequestSchema.strict(),
    response: tradingStateSchema,
  }),
  'trading:reduce-only': defineRequest({
    doc: 'Sets REDUCE_ONLY on a scope: only orders that shrink exposure pass. Refused on a HALTED scope (resume first).',
    request: reduceOnlyRequestSchema.strict(),
    response: tradingStateSchema,
  }),
  'trading:resume': defineRequest({
    doc: 'Returns a scope to ACTIVE after an explicit typed confirmation.',
    request: resumeRequestSchema.strict(),
    response: tradingStateSchema,
  }),
} as const;
