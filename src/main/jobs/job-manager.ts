import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { JobFinalState, JobProgress, JobResultRef } from '../../shared/domain/jobs';
import { AppError, isAppError } from '../../shared/ipc/errors';
import type { EventBus } from '../events/event-bus';
import { currentCorrelationId } from '../logging/context';
import type { WorkerDescriptor } from '../workers/worker-descriptor';
import { ShardProgress } from './job-progress';
import type { JobDescriptor, JobObserver, JobRunner, RunningJob } from './job-runner';
import type { NamedInputName, NamedInputRefs } from './named-inputs';

type InputsSpec<N extends NamedInputName> = [N] extends [never] ? { readonly inputs?: undefined } : { readonly inputs: NamedInputRefs<N> };

/** One job over N shards of one typed worker. */
export type FanOutSpec<I, O, N extends NamedInputName> = {
  readonly kind: string;
  readonly worker: WorkerDescriptor<I, O, N>;
  readonly shards: readonly NoInfer<I>[];
  /** Where the result lives once the job succeeded (sent with job:finished). */
  readonly resultRef?: (outputs: readonly O[]) => JobResultRef | undefined;
} & InputsSpec<N>;

/** One job that is a single task of one typed worker. */
export type TaskSpec<I, O, N extends NamedInputName> = {
  readonly kind: string;
  readonly worker: WorkerDescriptor<I, O, N>;
  readonly input: NoInfer<I>;
  readonly resultRef?: (output: O) => JobResultRef | undefined;
} & InputsSpec<N>;

/** What an orchestrating job's body receives (see JobManager.start). */
export interface JobContext {
  readonly jobId: string;
  readonly signal: AbortSignal;
  progress(done: number, total: number | null, message?: string): void;
}

export interface StartedJob<T> {
  readonly jobId: string;
  /** Settles when the job ends; rejects with the job's error (CANCELLED when cancelled). */
  readonly result: Promise<T>;
}

export interface JobManagerOptions {
  readonly now?: () => number;
  /** Progress pushes per job are at most this often (state changes are always pushed). */
  readonly pushIntervalMs?: number;
}

interface JobEntry {
  progress: JobProgress;
  lastPush: number;
  readonly shards: ShardProgress;
  handle: RunningJob | null;
  cancelRequested: boolean;
}

const FINISHED_JOBS_KEPT = 50;

/**
 * Runs long work as jobs: hands a plain-data descriptor to the job runner (the local warm
 * pool, or later a remote one), aggregates its shards' progress (done/total, rate, ETA),
 * moves it queued → running → succeeded | failed | cancelled, cancels all shards at once,
 * and ends every job with one `job:finished` event carrying a result reference.
 */
export class JobManager {
  private readonly jobs = new Map<string, JobEntry>();
  private readonly now: () => number;
  private readonly pushIntervalMs: number;

  constructor(
    private readonly events: EventBus,
    private readonly logger: Logger,
    private readonly runner: JobRunner,
    options: JobManagerOptions = {},
  ) {
    this.now = options.now ?? Date.now;
    this.pushIntervalMs = options.pushIntervalMs ?? 100;
  }

  /** A job that is one task; its result is the task's output. */
  run<I, O, N extends NamedInputName = never>(spec: TaskSpec<I, O, N>): StartedJob<O> {
    const { resultRef } = spec;
    const job = this.submit<O>(spec.kind, spec.worker, [spec.input], spec.inputs ?? {}, resultRef === undefined ? undefined : (outputs) => (outputs[0] === undefined ? undefined : resultRef(outputs[0])));
    return {
      jobId: job.jobId,
      result: job.result.then((outputs) => {
        const [output] = outputs;
        if (output === undefined) throw new AppError('INTERNAL', `Job ${job.jobId} returned no output.`);
        return output;
      }),
    };
  }

  /** A job over several shards of one worker; its result is every shard's output, in order. */
  fanOut<I, O, N extends NamedInputName = never>(spec: FanOutSpec<I, O, N>): StartedJob<readonly O[]> {
    if (spec.shards.length === 0) throw new AppError('VALIDATION_FAILED', `A ${spec.kind} job needs at least one shard.`);
    return this.submit<O>(spec.kind, spec.worker, spec.shards, spec.inputs ?? {}, spec.resultRef);
  }

  /**
   * A job whose body runs in main and orchestrates: it awaits worker tasks (an import that
   * first resolves paths, a scan that loads its matrix, fans out and persists) or, in the
   * CLI, runs a task in-process. Its progress, cancel, states and job:finished are those of
   * every other job; only the descriptor never leaves this process.
   */
  start<T>(kind: string, body: (context: JobContext) => Promise<T>, options: { readonly resultRef?: (output: T) => JobResultRef | undefined } = {}): StartedJob<T> {
    const { resultRef } = options;
    const job = this.launch<T>(kind, 'main', 1, {}, resultRef === undefined ? undefined : (outputs) => (outputs[0] === undefined ? undefined : resultRef(outputs[0])), (descriptor, observer) => {
      const controller = new AbortController();
      observer.shardStarted(0);
      const outputs = body({
        jobId: descriptor.jobId,
        signal: controller.signal,
        progress: (done, total, message) => observer.shardProgress(0, done, total, message),
      }).then((output) => {
        observer.shardFinished(0);
        return [output];
      });
      return { outputs, cancel: () => controller.abort(new AppError('CANCELLED', `Job ${descriptor.jobId} was cancelled.`)) };
    });
    return {
      jobId: job.jobId,
      result: job.result.then((outputs) => {
        const [output] = outputs;
        if (output === undefined) throw new AppError('INTERNAL', `Job ${job.jobId} returned no output.`);
        return output;
      }),
    };
  }

  cancel(jobId: string): JobProgress {
    const entry = this.jobs.get(jobId);
    if (entry === undefined) throw new AppError('NOT_FOUND', `No job with id ${jobId}.`, { jobId });
    if (isActive(entry.progress)) {
      this.logger.info({ jobId, kind: entry.progress.kind }, 'cancelling job');
      entry.cancelRequested = true;
      entry.handle?.cancel();
    }
    return entry.progress;
  }

  list(): JobProgress[] {
    return [...this.jobs.values()].map((entry) => entry.progress).sort((a, b) => b.startedAt - a.startedAt);
  }

  get(jobId: string): JobProgress | undefined {
    return this.jobs.get(jobId)?.progress;
  }

  /** Jobs waiting for a thread or running. */
  get activeCount(): number {
    return [...this.jobs.values()].filter((entry) => isActive(entry.progress)).length;
  }

  /** Cancels everything queued or running, for shutdown. */
  cancelAll(): void {
    for (const [jobId, entry] of this.jobs) {
      if (isActive(entry.progress)) this.cancel(jobId);
    }
  }

  private submit<O>(
    kind: string,
    worker: { readonly name: string },
    shards: readonly unknown[],
    inputs: JobDescriptor['inputs'],
    resultRef: ((outputs: readonly O[]) => JobResultRef | undefined) | undefined,
  ): StartedJob<readonly O[]> {
    return this.launch<O>(kind, worker.name, shards, inputs, resultRef, (descriptor, observer) => this.runner.submit(descriptor, observer));
  }

  private launch<O>(
    kind: string,
    workerName: string,
    shardsOrCount: readonly unknown[] | number,
    inputs: JobDescriptor['inputs'],
    resultRef: ((outputs: readonly O[]) => JobResultRef | undefined) | undefined,
    begin: (descriptor: JobDescriptor, observer: JobObserver) => RunningJob,
  ): StartedJob<readonly O[]> {
    const shards = typeof shardsOrCount === 'number' ? Array.from({ length: shardsOrCount }, () => null) : shardsOrCount;
    const worker = { name: workerName };
    const jobId = randomUUID();
    const startedAt = this.now();
    const descriptor: JobDescriptor = { jobId, kind, worker: worker.name, shards, inputs, correlationId: currentCorrelationId() ?? null };
    const entry: JobEntry = {
      progress: { jobId, kind, state: 'queued', done: 0, total: null, startedAt, updatedAt: startedAt, shardsTotal: shards.length, shardsDone: 0, ratePerSecond: null, etaMs: null },
      lastPush: 0,
      shards: new ShardProgress(shards.length),
      handle: null,
      cancelRequested: false,
    };
    this.jobs.set(jobId, entry);
    this.logger.info({ jobId, kind, worker: worker.name, shards: shards.length }, 'job queued');
    this.push(entry, true);

    const update = (patch: Partial<JobProgress>, force: boolean): void => {
      if (!isActive(entry.progress)) return;
      const now = this.now();
      entry.progress = { ...entry.progress, ...entry.shards.snapshot(now), ...patch, updatedAt: now };
      this.push(entry, force);
    };
    let handle: RunningJob;
    try {
      handle = begin(descriptor, {
        shardStarted: () => {
          if (entry.shards.started(this.now())) update({ state: 'running' }, true);
        },
        shardProgress: (shard, done, total, message) => {
          const firstMovement = entry.progress.done === 0;
          entry.shards.report(shard, done, total);
          // The first movement is pushed at once (the bar starts moving), later ones throttled.
          update(message === undefined ? {} : { message }, firstMovement);
        },
        shardFinished: (shard) => {
          entry.shards.finished(shard);
          update({}, false);
        },
      });
    } catch (error) {
      handle = { outputs: Promise.reject(error), cancel: () => undefined };
    }
    entry.handle = handle;

    const result = handle.outputs.then(
      (outputs) => {
        const typed = outputs as readonly O[];
        this.finish(entry, 'succeeded', undefined, resultRef?.(typed));
        return typed;
      },
      (error: unknown) => {
        const cancelled = entry.cancelRequested || (isAppError(error) && error.code === 'CANCELLED');
        const wire = isAppError(error) ? { code: error.code, message: error.message } : { code: 'INTERNAL', message: 'The job failed; see the logs.' };
        if (!cancelled) this.logger.error({ jobId, kind, err: error }, 'job failed');
        this.finish(entry, cancelled ? 'cancelled' : 'failed', cancelled ? undefined : wire);
        throw cancelled && !(isAppError(error) && error.code === 'CANCELLED') ? new AppError('CANCELLED', `Job ${jobId} was cancelled.`) : error;
      },
    );
    return { jobId, result };
  }

  private finish(entry: JobEntry, state: JobFinalState, error?: { code: string; message: string }, result?: JobResultRef): void {
    const now = this.now();
    entry.progress = { ...entry.progress, ...entry.shards.snapshot(now), state, updatedAt: now, etaMs: null, ...(error === undefined ? {} : { error }) };
    this.push(entry, true);
    const { jobId, kind } = entry.progress;
    this.logger.info({ jobId, kind, state, durationMs: now - entry.progress.startedAt }, 'job finished');
    this.events.publish('job:finished', {
      jobId,
      kind,
      state,
      finishedAt: now,
      ...(error === undefined ? {} : { error }),
      ...(result === undefined ? {} : { result }),
    });
    this.prune();
  }

  private push(entry: JobEntry, force: boolean): void {
    const now = this.now();
    if (!force && now - entry.lastPush < this.pushIntervalMs) return;
    entry.lastPush = now;
    this.events.publish('job:progress', entry.progress);
  }

  private prune(): void {
    const finished = [...this.jobs.values()].filter((entry) => !isActive(entry.progress)).sort((a, b) => a.progress.updatedAt - b.progress.updatedAt);
    for (const stale of finished.slice(0, Math.max(0, finished.length - FINISHED_JOBS_KEPT))) this.jobs.delete(stale.progress.jobId);
  }
}

function isActive(progress: JobProgress): boolean {
  return progress.state === 'queued' || progress.state === 'running';
}
