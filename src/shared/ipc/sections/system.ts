import { z } from 'zod';
import { defineRequest } from '../define';
import { doctorCheckSchema, systemInfoSchema } from '../../domain/system';
import { appConfigSchema } from '../../domain/config';
import { logEntrySchema, logLevelSchema } from '../../domain/logs';
import { metricsSnapshotSchema, scrapeAccessSchema } from '../../domain/metrics';

const empty = z.object({}).strict();

export const systemRequests = {
  'system:info': defineRequest({
    doc: 'Version, profile, paths, transport, ML backend and keychain availability of the running main process.',
    request: empty,
    response: systemInfoSchema,
  }),
  'system:doctor': defineRequest({
    doc: 'Runs the same health checks as `arbdesk doctor` and returns each with what to do about a failure.',
    request: empty,
    response: z.array(doctorCheckSchema),
  }),
  'config:get': defineRequest({
    doc: 'The effective configuration after file and ARBDESK_* overrides. It never holds secrets.',
    request: empty,
    response: z.object({ config: appConfigSchema, path: z.string(), overrides: z.array(z.string()) }),
  }),
  'logs:tail': defineRequest({
    doc: 'The most recent log entries held in memory, newest last, already redacted.',
    request: z
      .object({
        limit: z.number().int().min(1).max(5000).default(500),
        minLevel: logLevelSchema.default('info'),
      })
      .strict(),
    response: z.array(logEntrySchema),
  }),
  'system:metrics': defineRequest({
    doc: 'A JSON snapshot of the metrics registry (IPC latency, errors, job queue, event-loop lag) for the Diagnostics panel.',
    request: empty,
    response: metricsSnapshotSchema,
  }),
  'system:metrics-access': defineRequest({
    doc: 'The stable /metrics scrape token from the OS keychain (created on first use), or why the export is disabled.',
    request: empty,
    response: scrapeAccessSchema,
  }),
} as const;
