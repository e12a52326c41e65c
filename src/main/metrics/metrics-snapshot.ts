import type { Registry } from 'prom-client';
import type { MetricsSnapshot } from '../../shared/domain/metrics';

interface MetricValue {
  readonly value: number;
  readonly labels: Readonly<Record<string, string | number | undefined>>;
  readonly metricName?: string;
}

const label = (value: MetricValue, name: string): string => String(value.labels[name] ?? '');
const round = (value: number): number => Math.round(value * 1000) / 1000;

/**
 * Turns the registry into the Diagnostics panel's JSON. Reading through the registry (not the
 * metric objects) runs the same collect callbacks a scrape does, so the panel and Prometheus
 * never disagree about the job queue or the event loop.
 */
export async function snapshotOf(registry: Registry, takenAt: number, windowMs: number): Promise<MetricsSnapshot> {
  const metrics = await registry.getMetricsAsJSON();
  const valuesOf = (name: string): readonly MetricValue[] => (metrics.find((metric) => metric.name === name)?.values ?? []) as MetricValue[];
  return {
    takenAt,
    ipc: ipcChannels(valuesOf('arbdesk_ipc_request_duration_seconds')),
    errors: valuesOf('arbdesk_errors_total')
      .map((value) => ({ area: label(value, 'area'), code: label(value, 'code'), count: value.value }))
      .sort((a, b) => b.count - a.count || a.area.localeCompare(b.area) || a.code.localeCompare(b.code)),
    jobs: {
      queued: valuesOf('arbdesk_job_queue_depth').find((value) => label(value, 'state') === 'queued')?.value ?? 0,
      running: valuesOf('arbdesk_job_queue_depth').find((value) => label(value, 'state') === 'running')?.value ?? 0,
    },
    eventLoop: {
      meanMs: loopStat(valuesOf('arbdesk_event_loop_lag_seconds'), 'mean'),
      p99Ms: loopStat(valuesOf('arbdesk_event_loop_lag_seconds'), 'p99'),
      maxMs: loopStat(valuesOf('arbdesk_event_loop_lag_seconds'), 'max'),
      windowMs,
    },
  };
}

function loopStat(values: readonly MetricValue[], stat: string): number {
  return round((values.find((value) => label(value, 'stat') === stat)?.value ?? 0) * 1000);
}

interface ChannelAccumulator {
  count: number;
  sum: number;
  /** Cumulative counts per upper bound (seconds), summed over outcomes. */
  readonly buckets: Map<number, number>;
}

/** Per channel (ok and error together): count, mean and the bucket bound of the 95th percentile. */
function ipcChannels(values: readonly MetricValue[]): MetricsSnapshot['ipc'] {
  const channels = new Map<string, ChannelAccumulator>();
  for (const value of values) {
    const channel = label(value, 'channel');
    let entry = channels.get(channel);
    if (entry === undefined) {
      entry = { count: 0, sum: 0, buckets: new Map() };
      channels.set(channel, entry);
    }
    const name = value.metricName ?? '';
    if (name.endsWith('_count')) entry.count += value.value;
    else if (name.endsWith('_sum')) entry.sum += value.value;
    else if (name.endsWith('_bucket')) {
      const le = label(value, 'le');
      const bound = le === '+Inf' ? Number.POSITIVE_INFINITY : Number(le);
      entry.buckets.set(bound, (entry.buckets.get(bound) ?? 0) + value.value);
    }
  }
  return [...channels]
    .filter(([, entry]) => entry.count > 0)
    .map(([channel, entry]) => ({
      channel,
      count: entry.count,
      meanMs: round((entry.sum / entry.count) * 1000),
      p95AtMostMs: quantileBound(entry, 0.95),
    }))
    .sort((a, b) => b.count - a.count || a.channel.localeCompare(b.channel));
}

function quantileBound(entry: ChannelAccumulator, quantile: number): number | null {
  const target = entry.count * quantile;
  for (const [bound, cumulative] of [...entry.buckets].sort((a, b) => a[0] - b[0])) {
    if (cumulative >= target) return Number.isFinite(bound) ? round(bound * 1000) : null;
  }
  return null;
}
