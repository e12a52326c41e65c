import { z } from 'zod';
import { riskConfigSchema, riskDecisionRecordSchema, riskMonitorStatusSchema } from '../../domain/risk';
import { defineRequest } from '../define';

const empty = z.object({}).strict();

export const riskRequests = {
  'risk:limits-get': defineRequest({
    doc: 'The effective risk settings (limits, session, automatic halts, dead-man, SLO targets) and the config file they come from.',
    request: empty,
    response: z.object({ risk: riskConfigSchema, path: z.string() }),
  }),
  'risk:limits-set': defineRequest({
    doc: 'Replaces the risk settings in config.json (validated, written atomically, audited as config.write with the reason); takes effect at once.',
    request: z.object({ risk: riskConfigSchema, reason: z.string().trim().min(1).max(500) }).strict(),
    response: z.object({ risk: riskConfigSchema, path: z.string() }),
  }),
  'risk:decisions': defineRequest({
    doc: 'The most recent pre-trade decisions of this run, newest first, each check with its numbers.',
    request: z.object({ limit: z.number().int().min(1).max(500).default(50) }).strict(),
    response: z.array(riskDecisionRecordSchema),
  }),
  'risk:status': defineRequest({
    doc: 'The dead-man heartbeats, what it watches now, and the automatic halts this run triggered.',
    request: empty,
    response: riskMonitorStatusSchema,
  }),
  'risk:heartbeat': defineRequest({
    doc: 'The UI heartbeat of the dead-man switch; the shell sends it while it is connected.',
    request: empty,
    response: z.object({ at: z.number().int() }),
  }),
} as const;
