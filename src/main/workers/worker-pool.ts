import { availableParallelism } from 'node:os';
import { MessageChannel, type Transferable } from 'node:worker_threads';
import { Piscina } from 'piscina';
import type { Logger } from 'pino';
import { AppError, isAppError } from '../../shared/ipc/errors';
import type { NamedInputName, NamedInputValues } from '../jobs/named-inputs';
import { currentCorrelationId, runWithCorrelation } from '../logging/context';
import type { WorkerDescriptor } from './worker-descriptor';
import { TrackedTaskQueue } from './tracked-task-queue';
import { threadBootstrapFile, workerEntryFile } from './worker-entry';
import type { FromWorker, TaskEnvelope, TaskOutcome, ToWorker, WorkerLogLevel } from './worker-protocol';

export interface WorkerLogRecord {
  readonly level: WorkerLogLevel;
  readonly message: string;
  readonly fields: Readonly<Record<string, unknown>>;
}

export interface WorkerTaskOptions {
  readonly signal?: AbortSignal;
  readonly onProgress?: (done: number, total: number | null, message?: string) => void;
  /** The task left the queue and runs on the given (warm) thread. */
  readonly onStart?: (info: { readonly threadId: number }) => void;
  /** Buffers of the input to move instead of copy (they are detached here afterwards). */
  readonly transfer?: readonly Transferable[];
  /** Defaults to the caller's (logging/context.ts); the worker's log lines carry it. */
  readonly correlationId?: string | null;
  readonly jobId?: string;
  readonly shard?: number;
}

/** A task with its worker named as data: what a job runner dispatches (types end at the port). */
export interface PlainTask {
  readonly worker: string;
  readonly input: unknown;
  /** Named input values, already in shared memory (workers/shared-inputs.ts). */
  readonly inputs?: Readonly<Record<string, unknown>>;
}

type InputsArgument<N extends NamedInputName> = [N] extends [never]
  ? [options?: WorkerTaskOptions]
  : [options: WorkerTaskOptions & { readonly inputs: NamedInputValues<N> }];

export interface WorkerPoolOptions {
  /** Most threads at once; defaults to one less than the cores (main keeps one). */
  readonly size?: number;
  /** Threads started up front and never retired. */
  readonly minThreads?: number;
  /** An idle thread above minThreads is retired after this long. */
  readonly idleTimeoutMs?: number;
  /** How long a cancelled task gets to stop by itself before its thread is terminated. */
  readonly cancelGraceMs?: number;
}

const DEFAULT_IDLE_TIMEOUT_MS = 5 * 60_000;
const DEFAULT_CANCEL_GRACE_MS = 2000;

/**
 * Runs heavy tasks (imports, scans, sweeps, training) on warm worker threads, so the main
 * thread keeps answering the UI and the kill switch. piscina keeps the threads, the queue and
 * the reuse; this class adds what piscina lacks: typed descriptors, a port per task for
 * progress, log lines and cooperative cancel (piscina's own abort terminates the thread, so
 * it is only the fallback after the grace period, or for a task still in the queue).
 */
export class WorkerPool {
  readonly size: number;
  private readonly piscina: Piscina;
  private readonly queue = new TrackedTaskQueue();
  private readonly cancelGraceMs: number;
  private closed = false;

  constructor(
    private readonly logger: Logger,
    options: WorkerPoolOptions | number = {},
  ) {
    const settings = typeof options === 'number' ? { size: options } : options;
    this.size = Math.max(1, settings.size ?? availableParallelism() - 1);
    this.cancelGraceMs = settings.cancelGraceMs ?? DEFAULT_CANCEL_GRACE_MS;
    this.piscina = new Piscina({
      filename: threadBootstrapFile(),
      minThreads: Math.min(this.size, settings.minThreads ?? 0),
      maxThreads: this.size,
      idleTimeout: settings.idleTimeoutMs ?? DEFAULT_IDLE_TIMEOUT_MS,
      // Idle threads wait on a port, not in Atomics.wait: a task's leftover timers and the
      // worker's own message handling must keep running normally between tasks.
      atomics: 'disabled',
      taskQueue: this.queue,
    });
    // piscina reports protocol faults (a message for a task it no longer knows) as an 'error'
    // event; unheard, that would end the process. Log it: the task's own promise settles.
    this.piscina.on('error', (error: unknown) => this.logger.error({ err: error }, 'worker pool protocol error'));
  }

  /** Runs one task of a typed worker; the input and output are checked against its descriptor. */
  run<I, O, N extends NamedInputName = never>(worker: WorkerDescriptor<I, O, N>, input: NoInfer<I>, ...[options]: InputsArgument<N>): Promise<O> {
    const inputs = options !== undefined && 'inputs' in options ? (options.inputs as Readonly<Record<string, unknown>>) : {};
    return this.runTask({ worker: worker.name, input, inputs }, options ?? {}) as Promise<O>;
  }

  /** Runs a task named as data (the local job runner's entry); prefer `run` everywhere else. */
  async runTask(task: PlainTask, options: WorkerTaskOptions = {}): Promise<unknown> {
    if (this.closed) throw new AppError('UNAVAILABLE', 'The worker pool is shut down.');
    if (options.signal?.aborted) throw new AppError('CANCELLED', 'Cancelled before it started.');
    const filename = workerEntryFile(task.worker);
    const channel = new MessageChannel();
    const piscinaAbort = new AbortController();
    const correlationId = options.correlationId === undefined ? (currentCorrelationId() ?? null) : options.correlationId;
    const logContext = { worker: task.worker, ...(options.jobId === undefined ? {} : { jobId: options.jobId }), shard: options.shard ?? 0 };
    let started = false;
    let graceTimer: NodeJS.Timeout | undefined;
    let markEnded: () => void = () => undefined;
    const ended = new Promise<void>((resolve) => {
      markEnded = resolve;
    });
    channel.port1.once('close', () => markEnded());

    channel.port1.on('message', (message: FromWorker) => {
      switch (message.type) {
        case 'started':
          started = true;
          options.onStart?.({ threadId: message.threadId });
          break;
        case 'progress':
          options.onProgress?.(message.done, message.total, message.message);
          break;
        case 'log':
          this.writeWorkerLog({ level: message.level, message: message.message, fields: { ...message.fields, ...logContext } }, correlationId);
          break;
        case 'end':
          markEnded();
          break;
        default:
          this.logger.warn({ ...logContext, message }, 'unknown message from a worker');
      }
    });
    const envelope: TaskEnvelope = {
      worker: task.worker,
      input: task.input,
      inputs: task.inputs ?? {},
      port: channel.port2,
      correlationId,
      jobId: options.jobId ?? null,
      shard: options.shard ?? 0,
    };
    const onAbort = (): void => {
      // Still queued: piscina just drops it. Dispatched (even if its "started" message has not
      // arrived yet): ask, then terminate after the grace period.
      if (!started && this.queue.isWaiting(envelope)) {
        piscinaAbort.abort();
        return;
      }
      channel.port1.postMessage({ type: 'cancel' } satisfies ToWorker);
      graceTimer = setTimeout(() => {
        this.logger.warn(logContext, 'worker ignored cancel; terminating its thread');
        piscinaAbort.abort();
      }, this.cancelGraceMs);
    };
    options.signal?.addEventListener('abort', onAbort, { once: true });

    try {
      const outcome = (await this.piscina.run(envelope, {
        filename,
        signal: piscinaAbort.signal,
        transferList: [channel.port2, ...(options.transfer ?? [])] as never,
      })) as TaskOutcome;
      // Deliver every progress and log message the task sent before its outcome.
      await ended;
      if (outcome.ok) return outcome.value;
      throw new AppError(outcome.error.code, outcome.error.message, outcome.error.details);
    } catch (error) {
      if (isAppError(error)) throw error;
      if (piscinaAbort.signal.aborted) throw new AppError('CANCELLED', started ? 'Cancelled (worker terminated).' : 'Cancelled while queued.');
      if (this.closed) throw new AppError('CANCELLED', 'The worker pool shut down.');
      this.logger.error({ ...logContext, err: error }, 'worker crashed');
      throw new AppError('INTERNAL', `Worker "${task.worker}" crashed: ${error instanceof Error ? error.message : String(error)}`, { worker: task.worker });
    } finally {
      clearTimeout(graceTimer);
      options.signal?.removeEventListener('abort', onAbort);
      channel.port1.close();
    }
  }

  /** Tasks waiting for a thread. */
  get pending(): number {
    return this.piscina.queueSize;
  }

  /** Threads alive now (warm, busy or idle). */
  get threads(): number {
    return this.piscina.threads.length;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.piscina.destroy();
  }

  private writeWorkerLog(record: WorkerLogRecord, correlationId: string | null): void {
    const write = (): void => this.logger[record.level](record.fields, record.message);
    // The logger's mixin reads the correlation id from the async context (logging/context.ts).
    if (correlationId === null) write();
    else runWithCorrelation(correlationId, write);
  }
}
