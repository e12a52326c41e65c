import type { Logger } from 'pino';
import type { AppConfig } from '../../shared/domain/config';
import type { ScanRequest } from '../../shared/domain/scanner';
import { AppError } from '../../shared/ipc/errors';
import type { Clock } from '../core/time/clock';
import { epochDayFromIso, formatIsoDate, type EpochDay } from '../core/time/epoch-day';
import type { JobManager, StartedJob } from '../jobs/job-manager';
import { describeFailure } from '../stats/stats-result';
import type { Store } from '../store/db';
import { InstrumentsRepo } from '../store/repos/instruments.repo';
import { ScanRunsRepo, type ResultsQuery } from '../store/repos/scan-runs.repo';
import { WatchlistRepo, type WatchedPair } from '../store/repos/watchlist.repo';
import type { WorkerPool } from '../workers/worker-pool';
import { cointStats, pairCharts, transformCloses, type CointStats, type PairCharts } from './core/pair-analysis';
import type { PairResult, PriceTransform, ScanParams, ScanRun } from './core/scan-types';
import { PairSource } from './pair-source';
import { runScanJob, type ScanOutcome } from './scan-job';

export type { WatchedPair };

export interface ScannerServiceDeps {
  readonly store: Store;
  readonly config: AppConfig;
  readonly jobs: JobManager;
  readonly workers: WorkerPool;
  readonly logger: Logger;
  readonly clock: Clock;
  readonly codeVersion: string;
}

/** One pair to check (`arbdesk coint`): y regressed on x over [start, end] inclusive. */
export interface CointRequest {
  readonly y: string;
  readonly x: string;
  readonly start: EpochDay;
  readonly end: EpochDay;
  readonly transform: PriceTransform;
}

export type CointOutcome =
  | { readonly ok: true; readonly stats: CointStats; readonly droppedY: number; readonly droppedX: number }
  | { readonly ok: false; readonly error: string };

export interface PairDetailRequest {
  readonly y: string;
  readonly x: string;
  readonly from: EpochDay;
  readonly to: EpochDay;
  readonly transform: PriceTransform;
}

export interface PairDetail {
  readonly request: PairDetailRequest;
  readonly days: Int32Array;
  readonly closesY: Float64Array;
  readonly closesX: Float64Array;
  readonly charts: PairCharts;
  readonly rollingWindow: number;
}

/** The request on the wire (ISO dates) as the parameters a run stores (epoch days). */
export function scanParamsFromRequest(request: ScanRequest): ScanParams {
  const filters = request.filters;
  return {
    universe: request.universe,
    formation: { from: epochDayFromIso(request.formation.from), to: epochDayFromIso(request.formation.to) },
    transform: request.transform,
    basis: request.basis,
    fdr: request.fdr,
    filters: {
      sameSectorOnly: filters.sameSectorOnly,
      ...(filters.minHistoryDays === undefined ? {} : { minHistoryDays: filters.minHistoryDays }),
      ...(filters.minAvgDollarVolume === undefined ? {} : { minAvgDollarVolume: filters.minAvgDollarVolume }),
      ...(filters.priceFloor === undefined ? {} : { priceFloor: filters.priceFloor }),
      ...(filters.minCorrelation === undefined ? {} : { minCorrelation: filters.minCorrelation }),
    },
    overrideQualityGate: request.overrideQualityGate,
    ...(request.asOfDatasetId === undefined ? {} : { asOfDatasetId: request.asOfDatasetId }),
  };
}

/**
 * The scanner area's one service, called alike by its IPC handlers, the CLI (`arbdesk scan`,
 * `arbdesk coint`) and the health monitor. Scans run as jobs on workers; the pair checks are
 * small (one pair, a few thousand values) and run where they are asked for.
 */
export class ScannerService {
  private readonly runsRepo: ScanRunsRepo;
  private readonly watchRepo: WatchlistRepo;
  private readonly instruments: InstrumentsRepo;
  readonly pairs: PairSource;

  constructor(private readonly deps: ScannerServiceDeps) {
    this.runsRepo = new ScanRunsRepo(deps.store.db);
    this.watchRepo = new WatchlistRepo(deps.store.db);
    this.instruments = new InstrumentsRepo(deps.store.db);
    this.pairs = new PairSource(deps.store);
  }

  startScan(request: ScanRequest): StartedJob<ScanOutcome> {
    const params = scanParamsFromRequest(request);
    const { store, config, workers, clock, logger, codeVersion } = this.deps;
    return this.deps.jobs.start('scanner.scan', (context) =>
      runScanJob(
        {
          workers,
          dbPath: store.path,
          busyTimeoutMs: config.store.busyTimeoutMs,
          clock,
          codeVersion,
          shardsPerWorker: config.scanner.shardsPerWorker,
          logger,
          abandon: (runId, state) => this.runsRepo.abandon(runId, state, clock.now()),
        },
        params,
        context,
      ),
    );
  }

  /** Starts a scan whose outcome the caller follows through job:progress (the UI). */
  launchScan(request: ScanRequest): { jobId: string } {
    const job = this.startScan(request);
    // The job manager logs a failure and pushes it as job:progress; this only ends the promise.
    job.result.catch((error: unknown) => this.deps.logger.debug({ jobId: job.jobId, err: error }, 'scan job ended with an error'));
    return { jobId: job.jobId };
  }

  runs(limit: number): ScanRun[] {
    return this.runsRepo.list(limit);
  }

  run(runId: number): ScanRun {
    return this.runsRepo.require(runId);
  }

  results(runId: number, query: ResultsQuery): { total: number; items: PairResult[] } {
    return this.runsRepo.page(runId, query);
  }

  /** Every result of a run, lowest p-value first (the CLI's output). */
  allResults(runId: number): PairResult[] {
    return this.runsRepo.page(runId, { sort: 'pvalue', descending: false, significantOnly: false, offset: 0, limit: Number.MAX_SAFE_INTEGER }).items;
  }

  sectors(): Map<string, string | null> {
    return new Map(this.instruments.list().map((instrument) => [instrument.symbol, instrument.sector]));
  }

  /** `arbdesk coint`: one outcome per request, in order; a row that cannot be computed says why. */
  coint(requests: readonly CointRequest[], asOfDatasetId?: number): CointOutcome[] {
    if (asOfDatasetId !== undefined) this.pairs.requireDataset(asOfDatasetId);
    return requests.map((request) => {
      try {
        const aligned = this.pairs.pair(request.y, request.x, request.start, request.end, asOfDatasetId);
        const y = transformCloses(aligned.a, request.transform, 'y');
        if (!y.ok) return { ok: false, error: describeFailure(y.reason) };
        const x = transformCloses(aligned.b, request.transform, 'x');
        if (!x.ok) return { ok: false, error: describeFailure(x.reason) };
        const stats = cointStats(y.value, x.value);
        if (!stats.ok) return { ok: false, error: describeFailure(stats.reason) };
        return { ok: true, stats: stats.value, droppedY: aligned.droppedA, droppedX: aligned.droppedB };
      } catch (error) {
        // An unknown symbol or an empty window is this row's failure; the other rows still run.
        if (error instanceof AppError && error.code === 'NOT_FOUND') return { ok: false, error: error.message };
        throw error;
      }
    });
  }

  /** The pair view: statistics, spread and z-score, rolling and Kalman hedge ratios on the window. */
  pairDetail(request: PairDetailRequest): PairDetail {
    const aligned = this.pairs.pair(request.y, request.x, request.from, request.to);
    const y = transformCloses(aligned.a, request.transform, 'y');
    const x = transformCloses(aligned.b, request.transform, 'x');
    const failed = !y.ok ? y.reason : !x.ok ? x.reason : null;
    if (failed !== null || !y.ok || !x.ok) {
      throw new AppError('VALIDATION_FAILED', `${request.y}/${request.x}: ${failed === null ? 'bad prices' : describeFailure(failed)}.`, { y: request.y, x: request.x });
    }
    const { rollingWindowDays, kalman } = this.deps.config.scanner;
    const charts = pairCharts(y.value, x.value, aligned.a, aligned.b, { rollingWindow: rollingWindowDays, kalman });
    if (!charts.ok) {
      throw new AppError('VALIDATION_FAILED', `${request.y}/${request.x} from ${formatIsoDate(request.from)} to ${formatIsoDate(request.to)}: ${describeFailure(charts.reason)}.`, {
        y: request.y,
        x: request.x,
      });
    }
    return { request, days: aligned.days, closesY: aligned.a, closesX: aligned.b, charts: charts.value, rollingWindow: rollingWindowDays };
  }

  watchlist(): WatchedPair[] {
    return this.watchRepo.list();
  }

  watch(pair: { readonly y: string; readonly x: string; readonly runId?: number; readonly note?: string }): WatchedPair[] {
    if (pair.y === pair.x) throw new AppError('BAD_REQUEST', `A pair needs two different symbols, not ${pair.y} twice.`, { y: pair.y });
    for (const symbol of [pair.y, pair.x]) {
      if (this.instruments.get(symbol) === undefined) throw new AppError('NOT_FOUND', `Unknown symbol ${symbol}.`, { symbol });
    }
    if (pair.runId !== undefined) this.runsRepo.require(pair.runId);
    this.watchRepo.add({ y: pair.y, x: pair.x, addedAt: this.deps.clock.now(), sourceRunId: pair.runId ?? null, note: pair.note ?? null });
    return this.watchRepo.list();
  }

  unwatch(y: string, x: string): WatchedPair[] {
    if (!this.watchRepo.delete(y, x)) throw new AppError('NOT_FOUND', `${y}/${x} is not on the watchlist.`, { y, x });
    return this.watchRepo.list();
  }
}
