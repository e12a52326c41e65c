import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';
import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { MetricsSnapshot } from '../../shared/domain/metrics';
import { snapshotOf } from './metrics-snapshot';

/** Queued and running work, read on demand from whatever runs jobs (the composition root says what). */
export interface JobDepth {
  readonly queued: number;
  readonly running: number;
}

export interface AppMetricsOptions {
  readonly jobDepth: () => JobDepth;
  /** Event-loop delay is summarised over windows of this length, then starts afresh. */
  readonly eventLoopWindowMs?: number;
  readonly now?: () => number;
}

/** Seconds; IPC handlers range from sub-millisecond reads to multi-second health checks. */
const IPC_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/**
 * The one metrics registry of main (issue 11, 9). Its own prom-client Registry, not the
 * library's global one, so two cores in one process (tests) never share counts. It is read
 * two ways: Prometheus text at `/metrics` (server/metrics-endpoint.ts) and a JSON snapshot for the
 * Diagnostics panel (`system:metrics`); both come from the same metric objects.
 */
export class AppMetrics {
  readonly registry = new Registry();
  readonly ipcDuration: Histogram<'channel' | 'outcome'>;
  readonly errors: Counter<'area' | 'code'>;
  private readonly loop: IntervalHistogram;
  private readonly windowMs: number;
  private readonly timer: NodeJS.Timeout;
  private readonly now: () => number;

  constructor(options: AppMetricsOptions) {
    this.now = options.now ?? Date.now;
    this.windowMs = options.eventLoopWindowMs ?? 60_000;
    this.ipcDuration = new Histogram({
      name: 'arbdesk_ipc_request_duration_seconds',
      help: 'Time to handle one IPC request, by contract channel and outcome (ok or error).',
      labelNames: ['channel', 'outcome'],
      buckets: IPC_BUCKETS,
      registers: [this.registry],
    });
    this.errors = new Counter({
      name: 'arbdesk_errors_total',
      help: 'Failures by area (the channel prefix, or ipc / events) and error code.',
      labelNames: ['area', 'code'],
      registers: [this.registry],
    });
    new Gauge({
      name: 'arbdesk_job_queue_depth',
      help: 'Jobs waiting for a worker (queued) and running on one (running).',
      labelNames: ['state'],
      registers: [this.registry],
      collect() {
        const depth = options.jobDepth();
        this.set({ state: 'queued' }, depth.queued);
        this.set({ state: 'running' }, depth.running);
      },
    });
    // 10 ms resolution: fine enough to see a stall that would delay the kill switch, cheap enough to leave on.
    this.loop = monitorEventLoopDelay({ resolution: 10 });
    this.loop.enable();
    const loop = this.loop;
    new Gauge({
      name: 'arbdesk_event_loop_lag_seconds',
      help: 'Main-thread event-loop delay over the current window: mean, p99 and max.',
      labelNames: ['stat'],
      registers: [this.registry],
      collect() {
        this.set({ stat: 'mean' }, nanosToSeconds(loop.mean));
        this.set({ stat: 'p99' }, nanosToSeconds(loop.percentile(99)));
        this.set({ stat: 'max' }, nanosToSeconds(loop.max));
      },
    });
    this.timer = setInterval(() => this.loop.reset(), this.windowMs);
    this.timer.unref();
  }

  /** One handled IPC request. `errorCode` counts it under errors too. */
  observeIpc(channel: string, seconds: number, errorCode: string | null): void {
    this.ipcDuration.observe({ channel, outcome: errorCode === null ? 'ok' : 'error' }, seconds);
    if (errorCode !== null) this.countError(areaOf(channel), errorCode);
  }

  countError(area: string, code: string): void {
    this.errors.inc({ area, code });
  }

  prometheusText(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  async snapshot(): Promise<MetricsSnapshot> {
    return snapshotOf(this.registry, this.now(), this.windowMs);
  }

  stop(): void {
    clearInterval(this.timer);
    this.loop.disable();
  }
}

/** `data:import` → `data`; the area of a channel is its contract section. */
export function areaOf(channel: string): string {
  const colon = channel.indexOf(':');
  return colon <= 0 ? channel : channel.slice(0, colon);
}

function nanosToSeconds(nanos: number): number {
  // An empty window reports NaN/huge sentinels; show zero rather than garbage.
  return Number.isFinite(nanos) && nanos < 1e15 ? nanos / 1e9 : 0;
}
