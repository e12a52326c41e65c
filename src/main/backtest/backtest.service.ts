import type { Logger } from 'pino';
import { AppError, isAppError } from '../../shared/ipc/errors';
import type { BacktestCsvFile, BacktestRunDetail, BacktestRunSummary } from '../../shared/ipc/sections/backtest';
import type { Clock } from '../core/time/clock';
import type { JobManager, StartedJob } from '../jobs/job-manager';
import type { Store } from '../store/db';
import { BacktestRunsRepo } from '../store/repos/backtest-runs.repo';
import type { WorkerPool } from '../workers/worker-pool';
import { backtestWorker, type BacktestWorkerInput } from '../workers/backtest.descriptor';
import { parseBacktestConfig, type BacktestConfig } from './backtest-config';
import { checkServable } from './backtest-data-loader';
import { interruptOrphanedRuns, thisProcess, type RunOwner } from './run-owner';
import { csvOutputFile, htmlFile, outputFiles, summaryFile, type OutputFile, type RunOutputInput } from './output/output-files';

export interface BacktestServiceDeps {
  readonly store: Store;
  readonly busyTimeoutMs: number;
  readonly jobs: Pick<JobManager, 'start'>;
  readonly workers: Pick<WorkerPool, 'run'>;
  readonly logger: Pick<Logger, 'info' | 'debug' | 'warn' | 'error'>;
  readonly clock: Clock;
  readonly codeVersion: string;
  /** The vendored splits file (resources/corporate-actions/splits.csv); null for none. */
  readonly splitsFile: string | null;
  /** The process recorded as owning the runs this service starts; this process by default. */
  readonly owner?: RunOwner;
  /**
   * Prepares a `kind: 'model'` run's forecasts off the main thread (the model lab's worker
   * jobs) before the backtest worker starts; without it such a run fails naming strategy.modelId.
   */
  readonly prepareModelForecasts?: (config: BacktestConfig, context: { signal: AbortSignal; onProgress: (message: string) => void }) => Promise<NonNullable<BacktestWorkerInput['modelForecasts']>>;
}

export interface StartedBacktest {
  readonly jobId: string;
  readonly runId: number;
  /** Settles once the run is stored (its id again), or rejects with what ended it. */
  readonly result: Promise<number>;
}

/**
 * The backtest area's one service, called alike by backtest.ipc.ts, the CLI
 * (`arbdesk backtest`) and, later, sweeps and walk-forward. A run is validated here (a bad
 * config is CONFIG_INVALID naming its field; a symbol or window the store cannot serve is
 * VALIDATION_FAILED) before anything is stored; it is then recorded as running, executed as
 * a job on a worker (progress, cancel) and finished with its report, or marked failed or
 * cancelled with the error. Output files are always rendered from the stored report.
 */
export class BacktestService {
  private readonly runs: BacktestRunsRepo;
  private readonly owner: RunOwner;

  constructor(private readonly deps: BacktestServiceDeps) {
    this.runs = new BacktestRunsRepo(deps.store.db);
    this.owner = deps.owner ?? thisProcess;
    this.failOrphanedRuns();
  }

  /**
   * A run stored as running whose owning process has ended (a crash, a killed CLI) will never
   * finish: mark it failed so it can be deleted. Runs of a live process (this one, or a CLI
   * run in another) are left alone. Called at start and on list and delete.
   */
  failOrphanedRuns(): number[] {
    const failed = interruptOrphanedRuns(this.runs, this.owner, this.deps.clock.now());
    if (failed.length > 0) this.deps.logger.warn({ runIds: failed }, 'backtest runs of ended processes marked failed');
    return failed;
  }

  start(input: unknown): StartedBacktest {
    const config = parseBacktestConfig(input);
    checkServable(this.deps.store, config);
    const { clock, store, workers } = this.deps;
    const runId = this.runs.create({
      createdAt: clock.now(),
      input,
      config: effectiveConfig(config),
      pairs: config.pairs,
      fromDay: config.fromDay,
      toDay: config.toDay,
      strategyKind: config.strategy.kind,
      capital: config.capital,
      fill: config.fill,
      costsMode: config.costsMode,
      seed: config.seed,
      codeVersion: this.deps.codeVersion,
      owner: this.owner,
    });
    const job: StartedJob<number> = this.deps.jobs.start(
      'backtest.run',
      async (context) => {
        try {
          const prepare = config.strategy.kind === 'model' ? this.deps.prepareModelForecasts : undefined;
          const modelForecasts = prepare === undefined ? undefined : await prepare(config, { signal: context.signal, onProgress: (message) => context.progress(0, null, message) });
          const output = await workers.run(
            backtestWorker,
            { dbPath: store.path, busyTimeoutMs: this.deps.busyTimeoutMs, input, splitsFile: this.deps.splitsFile, ...(modelForecasts === undefined ? {} : { modelForecasts }) },
            { signal: context.signal, jobId: context.jobId, onProgress: (done, total, message) => context.progress(done, total, message) },
          );
          this.runs.finish(runId, { finishedAt: clock.now(), dataVersion: output.dataVersion, headline: headlineOf(output.report), report: output.report });
          this.deps.logger.info({ runId, trades: output.report.metrics.trades, totalReturn: output.report.metrics.totalReturn }, 'backtest finished');
          return runId;
        } catch (error) {
          const cancelled = context.signal.aborted || (isAppError(error) && error.code === 'CANCELLED');
          const wire = isAppError(error) ? { code: error.code, message: error.message } : { code: 'INTERNAL', message: error instanceof Error ? error.message : String(error) };
          this.runs.abandon(runId, cancelled ? 'cancelled' : 'failed', clock.now(), wire);
          throw error;
        }
      },
      { resultRef: (id) => ({ area: 'backtest.run', id }) },
    );
    return { jobId: job.jobId, runId, result: job.result };
  }

  /** Starts a run whose outcome the caller follows through job:progress (the Backtest page). */
  async launch(input: unknown, actor: string): Promise<{ jobId: string; runId: number }> {
    const started = this.start(input);
    this.deps.logger.info({ runId: started.runId, jobId: started.jobId, actor }, 'backtest started');
    // The job manager reports a failure as job:progress; this only ends the promise.
    started.result.catch((error: unknown) => this.deps.logger.debug({ runId: started.runId, err: error }, 'backtest job ended with an error'));
    return { jobId: started.jobId, runId: started.runId };
  }

  list(limit: number): BacktestRunSummary[] {
    this.failOrphanedRuns();
    return this.runs.list(limit);
  }

  get(runId: number): BacktestRunDetail {
    const run = this.runs.require(runId);
    return { run, config: this.runs.config(runId).config, report: this.runs.report(runId) };
  }

  /** Every file of the CLI's output folder, rendered from the stored run. */
  outputFiles(runId: number): OutputFile[] {
    return outputFiles(this.outputInput(runId));
  }

  exportFile(runId: number, format: 'csv' | 'json' | 'html', file: BacktestCsvFile): { fileName: string; mimeType: string; content: string } {
    const input = this.outputInput(runId);
    const out = format === 'csv' ? csvOutputFile(input, file) : format === 'json' ? summaryFile(input) : htmlFile(input);
    return { fileName: out.name, mimeType: out.mimeType, content: out.content };
  }

  delete(runId: number): BacktestRunSummary[] {
    this.failOrphanedRuns();
    const run = this.runs.require(runId);
    if (run.state === 'running') throw new AppError('CONFLICT', `Backtest run ${runId} is still running; cancel it first.`, { runId });
    this.runs.delete(runId);
    return this.runs.list(50);
  }

  private outputInput(runId: number): RunOutputInput {
    const run = this.runs.require(runId);
    const report = this.runs.report(runId);
    if (report === null || run.dataVersion === null) {
      throw new AppError('CONFLICT', `Backtest run ${runId} has no results (it is ${run.state}).`, { runId, state: run.state });
    }
    return { report, config: this.runs.config(runId).config, dataVersion: run.dataVersion, codeVersion: run.codeVersion };
  }
}

/** The config as the engine ran it, every default filled in, as plain JSON. */
export function effectiveConfig(config: BacktestConfig): Record<string, unknown> {
  const { fromDay: _fromDay, toDay: _toDay, ...rest } = config;
  return JSON.parse(JSON.stringify(rest)) as Record<string, unknown>;
}

function headlineOf(report: RunOutputInput['report']): NonNullable<BacktestRunSummary['headline']> {
  const m = report.metrics;
  return { totalReturn: m.totalReturn, cagr: m.cagr, sharpe: m.sharpe, maxDrawdown: m.maxDrawdown, trades: m.trades, finalEquity: m.finalEquity };
}
