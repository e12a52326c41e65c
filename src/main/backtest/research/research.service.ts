import { setMaxListeners } from 'node:events';
import type { Logger } from 'pino';
import { AppError, isAppError } from '../../../shared/ipc/errors';
import type { ResearchKind, ResearchRunDetail, ResearchRunSummary, SweepReportWire, WalkForwardReportWire } from '../../../shared/ipc/sections/backtest-research';
import type { Clock } from '../../core/time/clock';
import type { JobContext, JobManager } from '../../jobs/job-manager';
import type { NamedInputValues } from '../../jobs/named-inputs';
import type { Store } from '../../store/db';
import type { BacktestDataVersion } from '../../store/repos/backtest-runs.repo';
import { ResearchRunsRepo } from '../../store/repos/research-runs.repo';
import type { SharedInputCache } from '../../workers/shared-inputs';
import type { WorkerPool } from '../../workers/worker-pool';
import { backtestSweepWorker } from '../../workers/backtest-sweep.descriptor';
import { backtestWalkForwardWorker } from '../../workers/backtest-walk-forward.descriptor';
import type { VendoredActions } from '../backtest-data-loader';
import { readVendoredActions } from '../backtest-task';
import { effectiveConfig } from '../backtest.service';
import { interruptOrphanedRuns, thisProcess, type RunOwner } from '../run-owner';
import { reportOf, shardSweep } from '../sweep/sweep-job';
import type { SweepTrial } from '../sweep/sweep-run';
import { planWindows } from '../walk-forward/window-plan';
import type { OutputFile } from '../output/output-files';
import { sweepFiles, walkForwardFiles } from './research-output';
import { researchInputs, type ResearchInputs } from './research-inputs';
import { parseResearchRequest, type SweepRequestParsed, type WalkForwardRequestParsed } from './research-request';
import { sweepReportWire, walkForwardReportWire } from './research-wire';

export interface ResearchServiceDeps {
  readonly store: Store;
  readonly jobs: Pick<JobManager, 'start'>;
  readonly workers: Pick<WorkerPool, 'run'>;
  /** Resolves the `barSet` reference into ONE shared-memory copy for every shard. */
  readonly sharedInputs: Pick<SharedInputCache, 'resolve'>;
  readonly logger: Pick<Logger, 'info' | 'debug' | 'warn' | 'error'>;
  readonly clock: Clock;
  readonly codeVersion: string;
  readonly splitsFile: string | null;
  /** The process recorded as owning the runs this service starts; this process by default. */
  readonly owner?: RunOwner;
  /** Sweep shards per job (more than threads, so a slow slice does not idle the others). Default 16. */
  readonly shards?: number;
}

export interface StartedResearch {
  readonly jobId: string;
  readonly researchId: number;
  /** Settles once the report is stored (its id again), or rejects with what ended the job. */
  readonly result: Promise<number>;
}

/**
 * Sweeps and walk-forward validations of the backtest area, called alike by the IPC
 * (backtest:sweep, backtest:walk-forward), the CLI and tests. A request is validated here
 * (CONFIG_INVALID naming its field; a symbol or window the store cannot serve is
 * VALIDATION_FAILED) before anything is stored; it is then recorded as running with its
 * config, spec, seed and code version, executed as ONE job whose worker tasks share the bars
 * through the `barSet` named input, and finished with its report and data version (or marked
 * failed / cancelled with the error). The report is stored before the job ends, so a reader
 * told by job:finished always finds it.
 */
export class ResearchService {
  private readonly runs: ResearchRunsRepo;
  private readonly owner: RunOwner;
  private vendored: Promise<VendoredActions> | null = null;

  constructor(private readonly deps: ResearchServiceDeps) {
    this.runs = new ResearchRunsRepo(deps.store.db);
    this.owner = deps.owner ?? thisProcess;
    this.failOrphanedRuns();
  }

  /**
   * A run stored as running whose owning process has ended will never finish: mark it failed
   * (INTERRUPTED), as the backtest service does with its runs. Called at start and on list.
   */
  failOrphanedRuns(): number[] {
    const failed = interruptOrphanedRuns(this.runs, this.owner, this.deps.clock.now());
    if (failed.length > 0) this.deps.logger.warn({ researchIds: failed }, 'research runs of ended processes marked failed');
    return failed;
  }

  /** `input` is `{ config, sweep, windows? }` (the backtest:sweep request). */
  async startSweep(input: unknown): Promise<StartedResearch> {
    const request = parseResearchRequest('sweep', input);
    const inputs = await this.plan(request.config.pairs.flatMap((pair) => [pair.y, pair.x]), request.config.fromDay, request.config.toDay, false);
    return this.begin('sweep', input, request, inputs, (context) => this.sweepBody(request, inputs, context));
  }

  /** `input` is `{ config, walkForward }` (the backtest:walk-forward request). */
  async startWalkForward(input: unknown): Promise<StartedResearch> {
    const request = parseResearchRequest('walk_forward', input);
    const inputs = await this.plan(request.spec.universe, request.config.fromDay, request.config.toDay, true);
    return this.begin('walk_forward', input, request, inputs, (context) => this.walkForwardBody(request, inputs, context));
  }

  /** Starts a job the caller follows through job:progress (IPC); failures end up stored and logged. */
  async launch(kind: ResearchKind, input: unknown, actor: string): Promise<{ jobId: string; researchId: number }> {
    const started = kind === 'sweep' ? await this.startSweep(input) : await this.startWalkForward(input);
    this.deps.logger.info({ researchId: started.researchId, jobId: started.jobId, kind, actor }, 'research job started');
    started.result.catch((error: unknown) => this.deps.logger.debug({ researchId: started.researchId, err: error }, 'research job ended with an error'));
    return { jobId: started.jobId, researchId: started.researchId };
  }

  list(limit: number): ResearchRunSummary[] {
    this.failOrphanedRuns();
    return this.runs.list(limit);
  }

  get(researchId: number): ResearchRunDetail {
    const run = this.runs.require(researchId);
    const { config, spec, report } = this.runs.detail(researchId);
    return { run, config, spec, sweep: report?.kind === 'sweep' ? report.report : null, walkForward: report?.kind === 'walk_forward' ? report.report : null };
  }

  /** The CLI's output folder of a finished run, rendered from what is stored. */
  outputFiles(researchId: number): OutputFile[] {
    const run = this.runs.require(researchId);
    const { config, spec, report } = this.runs.detail(researchId);
    if (report === null || run.dataVersion === null) throw new AppError('CONFLICT', `Research run ${researchId} has no results (it is ${run.state}).`, { researchId, state: run.state });
    const provenance = { config, spec, dataVersion: run.dataVersion, codeVersion: run.codeVersion, seed: run.seed };
    return report.kind === 'sweep' ? sweepFiles(report.report, provenance) : walkForwardFiles(report.report, provenance);
  }

  private async plan(symbols: readonly string[], fromDay: number, toDay: number, cutAtFrom: boolean): Promise<ResearchInputs> {
    this.vendored ??= this.deps.splitsFile === null ? Promise.resolve(new Map()) : readVendoredActions(this.deps.splitsFile);
    return researchInputs(this.deps.store, symbols, { fromDay, toDay, cutAtFrom }, await this.vendored);
  }

  private begin(
    kind: ResearchKind,
    input: unknown,
    request: SweepRequestParsed | WalkForwardRequestParsed,
    inputs: ResearchInputs,
    body: (context: JobContext) => Promise<{ report: SweepReportWire | WalkForwardReportWire; headline: Record<string, number | null> }>,
  ): StartedResearch {
    const { clock } = this.deps;
    const researchId = this.runs.create({ kind, createdAt: clock.now(), input, config: effectiveConfig(request.config), spec: request.specJson, seed: request.config.seed, codeVersion: this.deps.codeVersion, owner: this.owner });
    const job = this.deps.jobs.start(
      kind === 'sweep' ? 'backtest.sweep' : 'backtest.walk-forward',
      async (context) => {
        try {
          const { report, headline } = await body(context);
          this.finish(researchId, inputs.dataVersion, headline, report);
          return researchId;
        } catch (error) {
          const cancelled = context.signal.aborted || (isAppError(error) && error.code === 'CANCELLED');
          const wire = isAppError(error) ? { code: error.code, message: error.message } : { code: 'INTERNAL', message: error instanceof Error ? error.message : String(error) };
          this.runs.abandon(researchId, cancelled ? 'cancelled' : 'failed', clock.now(), wire);
          throw error;
        }
      },
      { resultRef: (id) => ({ area: kind === 'sweep' ? 'backtest.sweep' : 'backtest.walk-forward', id }) },
    );
    return { jobId: job.jobId, researchId, result: job.result };
  }

  private finish(researchId: number, dataVersion: BacktestDataVersion, headline: Record<string, number | null>, report: SweepReportWire | WalkForwardReportWire): void {
    this.runs.finish(researchId, { finishedAt: this.deps.clock.now(), dataVersion, headline, report });
  }

  private async sharedBars(inputs: ResearchInputs): Promise<NamedInputValues<'barSet'>> {
    return (await this.deps.sharedInputs.resolve({ barSet: inputs.ref })) as unknown as NamedInputValues<'barSet'>;
  }

  private async sweepBody(request: SweepRequestParsed, inputs: ResearchInputs, context: JobContext): Promise<{ report: SweepReportWire; headline: Record<string, number | null> }> {
    const shards = shardSweep({ base: request.base, spec: request.spec, bars: inputs.ref, basis: inputs.basis, ...(this.deps.shards === undefined ? {} : { shards: this.deps.shards }) });
    const total = shards.reduce((sum, shard) => sum + shard.assignments.length, 0);
    const done = new Array<number>(shards.length).fill(0);
    context.progress(0, total, `Sweeping ${total} configuration(s)…`);
    const shared = await this.sharedBars(inputs);
    // Every shard listens on the job's one signal; 16 shards are not a listener leak.
    setMaxListeners(shards.length + 10, context.signal);
    const outputs = await Promise.all(
      shards.map((shard, s) =>
        this.deps.workers.run(backtestSweepWorker, shard, {
          signal: context.signal,
          inputs: shared,
          onProgress: (shardDone) => {
            done[s] = shardDone;
            const sum = done.reduce((a, b) => a + b, 0);
            context.progress(sum, total, `Sweeping: ${sum} of ${total} configuration(s)…`);
          },
        }),
      ),
    );
    const trials: SweepTrial[] = outputs.flat();
    const report = reportOf(trials, request.windows);
    const first = trials.find((trial) => trial.ok);
    const windows = request.windows === undefined || first === undefined || !first.ok ? [] : planWindows(first.days, request.windows).map((w) => ({ window: w.index, from: w.tradingDays.from, to: w.tradingDays.to }));
    const wire = sweepReportWire(report, trials, request.config.capital, windows, inputs.warnings);
    context.progress(total, total, 'Done');
    return { report: wire, headline: { configs: wire.configs, valid: wire.valid, bestSharpe: wire.best?.sharpe ?? null, dsr: wire.deflated?.dsr ?? null, oosSharpe: wire.outOfSample?.sharpe ?? null } };
  }

  private async walkForwardBody(request: WalkForwardRequestParsed, inputs: ResearchInputs, context: JobContext): Promise<{ report: WalkForwardReportWire; headline: Record<string, number | null> }> {
    context.progress(0, null, 'Walk-forward: reading the shared bars…');
    const shared = await this.sharedBars(inputs);
    const report = await this.deps.workers.run(
      backtestWalkForwardWorker,
      { base: request.base, spec: request.specJson, basis: inputs.basis },
      { signal: context.signal, inputs: shared, onProgress: (done, total) => context.progress(done, total, `Walk-forward: window ${done} of ${total ?? '?'}…`) },
    );
    const wire = walkForwardReportWire(report, request.config.capital, inputs.warnings);
    return { report: wire, headline: { windows: wire.windows.length, totalReturn: wire.totalReturn, sharpe: wire.sharpe, maxDrawdown: wire.maxDrawdown } };
  }
}
