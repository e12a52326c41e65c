import type { Logger } from 'pino';
import { isAppError } from '../../shared/ipc/errors';
import type { Clock } from '../core/time/clock';
import { exchangeDay } from '../core/time/exchange-time';
import type { JobContext } from '../jobs/job-manager';
import { scanPersistWorker, scanPrepareWorker } from '../workers/scan.descriptors';
import type { WorkerPool } from '../workers/worker-pool';
import { planShards } from './core/pair-shards';
import type { ScanParams } from './core/scan-types';
import type { ExcludedSymbol } from './core/universe';
import { dispatchShards, type ShardTask } from './scan-dispatch';
import type { PersistOutcome, ScanMatrixRef } from './scan-tasks';

export interface ScanJobDeps {
  readonly workers: WorkerPool;
  readonly dbPath: string;
  readonly busyTimeoutMs: number;
  readonly clock: Clock;
  readonly codeVersion: string;
  readonly shardsPerWorker: number;
  readonly logger: Logger;
  /** Marks a run that ended without results (one small UPDATE on main). */
  readonly abandon: (runId: number, state: 'failed' | 'cancelled') => void;
}

export interface ScanOutcome extends PersistOutcome {
  readonly universe: number;
  readonly excluded: readonly ExcludedSymbol[];
  readonly survivorshipWarning: string | null;
  readonly elapsedMs: number;
  /** Where the time went: store read and matrix, the shards, multiple testing and the write. */
  readonly phases: { readonly prepareMs: number; readonly testMs: number; readonly persistMs: number };
}

function rateMessage(done: number, total: number, startedAt: number, now: number): string {
  const seconds = Math.max(1e-3, (now - startedAt) / 1000);
  const rate = done / seconds;
  const eta = rate > 0 ? Math.ceil((total - done) / rate) : null;
  return `${done.toLocaleString('en-US')} of ${total.toLocaleString('en-US')} pairs · ${Math.round(rate).toLocaleString('en-US')} pairs/s · ETA ${eta === null ? '…' : `${eta} s`}`;
}

/**
 * A scan as one job: prepare on a worker, fan the shards out over the pool, then persist on
 * a worker. Main only plans and relays progress (pairs done, pairs/s, ETA); cancel reaches
 * every shard through the job's signal and the run is marked cancelled.
 */
export async function runScanJob(deps: ScanJobDeps, params: ScanParams, context: JobContext): Promise<ScanOutcome> {
  const startedAt = deps.clock.now();
  const store = { dbPath: deps.dbPath, busyTimeoutMs: deps.busyTimeoutMs };
  context.progress(0, null, 'Reading the formation window and choosing the universe…');
  const prepared = await deps.workers.run(
    scanPrepareWorker,
    { ...store, options: { params, codeVersion: deps.codeVersion, today: exchangeDay(startedAt), createdAt: startedAt } },
    { signal: context.signal, jobId: context.jobId },
  );
  const ref: ScanMatrixRef = { matrix: prepared.matrix, symbols: prepared.symbols.length, days: prepared.days, transform: params.transform };
  try {
    const plan = planShards(prepared.symbols.length, deps.workers.size * deps.shardsPerWorker);
    const tasks: ShardTask[] = plan.map((shard) => ({ ref, rows: prepared.rows, shard, progressEvery: 500 }));
    const testStart = deps.clock.now();
    context.progress(0, prepared.pairs, `Testing ${prepared.pairs.toLocaleString('en-US')} pairs of ${prepared.symbols.length} symbols in ${tasks.length} shards`);
    const prepareMs = testStart - startedAt;
    await dispatchShards(deps.workers, tasks, {
      signal: context.signal,
      onProgress: (done) => context.progress(done, prepared.pairs, rateMessage(done, prepared.pairs, testStart, deps.clock.now())),
    });
    const persistStart = deps.clock.now();
    context.progress(prepared.pairs, prepared.pairs, 'Correcting for multiple testing and saving the run…');
    const persisted = await deps.workers.run(
      scanPersistWorker,
      {
        ...store,
        runId: prepared.runId,
        ref,
        rows: prepared.rows,
        symbols: prepared.symbols,
        sectors: params.filters.sameSectorOnly ? prepared.sectors : null,
        minCorrelation: params.filters.minCorrelation ?? null,
        fdr: params.fdr,
      },
      { signal: context.signal, jobId: context.jobId },
    );
    const finished = deps.clock.now();
    const elapsedMs = finished - startedAt;
    const phases = { prepareMs, testMs: persistStart - testStart, persistMs: finished - persistStart };
    deps.logger.info({ runId: persisted.runId, pairs: persisted.pairsTested, significant: persisted.pairsSignificant, elapsedMs, ...phases }, 'scan finished');
    return {
      ...persisted,
      universe: prepared.symbols.length,
      excluded: prepared.excluded,
      survivorshipWarning: prepared.survivorshipWarning,
      elapsedMs,
      phases,
    };
  } catch (error) {
    const cancelled = context.signal.aborted || (isAppError(error) && error.code === 'CANCELLED');
    deps.abandon(prepared.runId, cancelled ? 'cancelled' : 'failed');
    throw error;
  }
}
