import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { JobProgress } from '../../shared/domain/jobs';
import { AppError, isAppError } from '../../shared/ipc/errors';
import type { EventBus } from '../events/event-bus';

export interface JobContext {
  readonly jobId: string;
  readonly signal: AbortSignal;
  /** Reports progress; cheap to call often, pushes are throttled. */
  progress(done: number, total: number | null, message?: string): void;
}

export type JobRunner<T> = (context: JobContext) => Promise<T>;

export interface StartedJob<T> {
  readonly jobId: string;
  /** Settles when the job ends; rejects with the job's error (CANCELLED when cancelled). */
  readonly result: Promise<T>;
}

const FINISHED_JOBS_KEPT = 50;

/**
 * Runs long work as cancellable jobs and pushes their progress to the UI. The work itself
 * should live in a worker thread (see WorkerPool) so the main thread stays free for the
 * kill switch; the manager only tracks it.
 */
export class JobManager {
  private readonly jobs = new Map<string, { progress: JobProgress; controller: AbortController; lastPush: number }>();

  constructor(
    private readonly events: EventBus,
    private readonly logger: Logger,
    private readonly now: () => number = Date.now,
    private readonly pushIntervalMs = 100,
  ) {}

  start<T>(kind: string, runner: JobRunner<T>): StartedJob<T> {
    const jobId = randomUUID();
    const controller = new AbortController();
    const startedAt = this.now();
    const entry = {
      controller,
      lastPush: 0,
      progress: { jobId, kind, state: 'running', done: 0, total: null, startedAt, updatedAt: startedAt } as JobProgress,
    };
    this.jobs.set(jobId, entry);
    this.push(entry, true);
    const context: JobContext = {
      jobId,
      signal: controller.signal,
      progress: (done, total, message) => {
        entry.progress = { ...entry.progress, done, total, updatedAt: this.now(), ...(message === undefined ? {} : { message }) };
        this.push(entry, false);
      },
    };
    const result = runner(context).then(
      (value) => {
        this.finish(entry, 'succeeded');
        return value;
      },
      (error: unknown) => {
        const cancelled = controller.signal.aborted || (isAppError(error) && error.code === 'CANCELLED');
        const wire = isAppError(error) ? { code: error.code, message: error.message } : { code: 'INTERNAL', message: 'The job failed; see the logs.' };
        if (!cancelled) this.logger.error({ jobId, kind, err: error }, 'job failed');
        this.finish(entry, cancelled ? 'cancelled' : 'failed', cancelled ? undefined : wire);
        throw cancelled && !isAppError(error) ? new AppError('CANCELLED', `Job ${jobId} was cancelled.`) : error;
      },
    );
    return { jobId, result };
  }

  cancel(jobId: string): JobProgress {
    const entry = this.jobs.get(jobId);
    if (entry === undefined) throw new AppError('NOT_FOUND', `No job with id ${jobId}.`, { jobId });
    if (entry.progress.state === 'running' || entry.progress.state === 'queued') {
      this.logger.info({ jobId, kind: entry.progress.kind }, 'cancelling job');
      entry.controller.abort(new AppError('CANCELLED', `Job ${jobId} was cancelled by the user.`));
    }
    return entry.progress;
  }

  list(): JobProgress[] {
    return [...this.jobs.values()].map((entry) => entry.progress).sort((a, b) => b.startedAt - a.startedAt);
  }

  /** Cancels everything still running, for shutdown. */
  cancelAll(): void {
    for (const [jobId, entry] of this.jobs) {
      if (entry.progress.state === 'running') this.cancel(jobId);
    }
  }

  private finish(
    entry: { progress: JobProgress; lastPush: number },
    state: 'succeeded' | 'failed' | 'cancelled',
    error?: { code: string; message: string },
  ): void {
    entry.progress = { ...entry.progress, state, updatedAt: this.now(), ...(error === undefined ? {} : { error }) };
    this.push(entry, true);
    this.prune();
  }

  private push(entry: { progress: JobProgress; lastPush: number }, force: boolean): void {
    const now = this.now();
    if (!force && now - entry.lastPush < this.pushIntervalMs) return;
    entry.lastPush = now;
    this.events.publish('job:progress', entry.progress);
  }

  private prune(): void {
    const finished = [...this.jobs.values()].filter((e) => e.progress.state !== 'running').sort((a, b) => a.progress.updatedAt - b.progress.updatedAt);
    for (const stale of finished.slice(0, Math.max(0, finished.length - FINISHED_JOBS_KEPT))) this.jobs.delete(stale.progress.jobId);
  }
}
