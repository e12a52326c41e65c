import { z } from 'zod';

const ms = z.number().nonnegative();

/** One IPC channel's latency, from the main-process histogram (bucket bounds, not exact quantiles). */
export const ipcChannelMetricsSchema = z.object({
  channel: z.string(),
  count: z.number().int().nonnegative(),
  meanMs: ms,
  /** The upper bound of the histogram bucket holding the 95th percentile; null past the last bucket. */
  p95AtMostMs: ms.nullable(),
});

export const errorCountSchema = z.object({
  /** The channel prefix (`data`, `trading`…), or `ipc` / `events` for the transport and the bus. */
  area: z.string(),
  code: z.string(),
  count: z.number().int().nonnegative(),
});

/** One run-time service level (audit 8.1) measured live against its configured target. */
export const sloSummarySchema = z.object({
  /** haltLatencyMs, quoteAgeMs, quoteToOrderMs. */
  name: z.string(),
  targetMs: ms,
  count: z.number().int().nonnegative(),
  /** Exact quantiles of the most recent observations (up to 1,024); null before the first. */
  p50Ms: ms.nullable(),
  p99Ms: ms.nullable(),
  maxMs: ms.nullable(),
  /** Observations over the target since start. */
  breaches: z.number().int().nonnegative(),
});
export type SloSummary = z.infer<typeof sloSummarySchema>;

/** What the Diagnostics panel shows: a JSON view of the same registry `/metrics` exports. */
export const metricsSnapshotSchema = z.object({
  takenAt: z.number().int(),
  ipc: z.array(ipcChannelMetricsSchema),
  errors: z.array(errorCountSchema),
  jobs: z.object({ queued: z.number().int().nonnegative(), running: z.number().int().nonnegative() }),
  /** Event-loop delay of the main thread over the current window (perf_hooks). */
  eventLoop: z.object({ meanMs: ms, p99Ms: ms, maxMs: ms, windowMs: z.number().int().positive() }),
  /** Run-time SLOs against their targets (risk.slo in config). */
  slo: z.array(sloSummarySchema).optional(),
});
export type MetricsSnapshot = z.infer<typeof metricsSnapshotSchema>;

/** How a Prometheus server may scrape `/metrics`: the stable token from the OS keychain. */
export const scrapeAccessSchema = z.object({
  /** False without a keychain: the export is then disabled, and `detail` says why. */
  enabled: z.boolean(),
  /** The bearer token; null when disabled. */
  token: z.string().nullable(),
  /** The scrape address when this process runs the loopback server (browser mode), else null. */
  url: z.string().nullable(),
  detail: z.string(),
});
export type ScrapeAccess = z.infer<typeof scrapeAccessSchema>;
