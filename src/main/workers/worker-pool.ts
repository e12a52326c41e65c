import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { Logger } from 'pino';
import { AppError } from '../../shared/ipc/errors';
import type { FromWorker, ToWorker } from './worker-protocol';

export interface WorkerTaskOptions {
  readonly signal?: AbortSignal;
  readonly onProgress?: (done: number, total: number | null, message?: string) => void;
}

interface QueuedTask {
  readonly entry: string;
  readonly input: unknown;
  readonly options: WorkerTaskOptions;
  resolve(value: unknown): void;
  reject(error: unknown): void;
}

/** How long a cancelled worker gets to stop by itself before it is terminated. */
const CANCEL_GRACE_MS = 2000;

/**
 * Where a worker entry lives: next to this module as TypeScript in development and tests
 * (run through tsx), or as a bundled .mjs under dist/main/workers in a build.
 */
export function resolveWorkerEntry(name: string): { url: URL; fromSource: boolean } {
  const here = import.meta.url;
  if (here.endsWith('.ts')) return { url: new URL(`./${name}.worker.ts`, here), fromSource: true };
  return { url: new URL(`./workers/${name}.worker.mjs`, here), fromSource: false };
}

/**
 * Node 20 does not apply `--import` loaders to a worker's own entry module, so a source
 * entry is started by a two-line bootstrap that registers tsx and then imports it.
 */
function startWorker(name: string, workerData: unknown): Worker {
  const { url, fromSource } = resolveWorkerEntry(name);
  if (!fromSource) return new Worker(url, { workerData });
  const tsxApi = import.meta.resolve('tsx/esm/api');
  const bootstrap = `import(${JSON.stringify(tsxApi)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(url.href)}); });`;
  return new Worker(bootstrap, { eval: true, workerData });
}

/**
 * Runs heavy tasks (imports, scans, sweeps, training) on worker threads, at most `size` at
 * once, so the main thread keeps answering the UI and the kill switch.
 */
export class WorkerPool {
  private readonly queue: QueuedTask[] = [];
  private readonly running = new Set<Worker>();
  private closed = false;

  constructor(
    private readonly logger: Logger,
    readonly size: number = Math.max(1, availableParallelism() - 1),
  ) {}

  run<O>(entry: string, input: unknown, options: WorkerTaskOptions = {}): Promise<O> {
    if (this.closed) return Promise.reject(new AppError('UNAVAILABLE', 'The worker pool is shut down.'));
    if (options.signal?.aborted) return Promise.reject(new AppError('CANCELLED', 'Cancelled before it started.'));
    return new Promise<O>((resolve, reject) => {
      this.queue.push({ entry, input, options, resolve: resolve as (v: unknown) => void, reject });
      this.drain();
    });
  }

  get active(): number {
    return this.running.size;
  }

  get pending(): number {
    return this.queue.length;
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const task of this.queue.splice(0)) task.reject(new AppError('CANCELLED', 'The worker pool shut down.'));
    await Promise.all([...this.running].map((worker) => worker.terminate()));
  }

  private drain(): void {
    while (this.running.size < this.size && this.queue.length > 0) {
      const task = this.queue.shift();
      if (task !== undefined) this.launch(task);
    }
  }

  private launch(task: QueuedTask): void {
    if (task.options.signal?.aborted) {
      task.reject(new AppError('CANCELLED', 'Cancelled while queued.'));
      return;
    }
    const worker = startWorker(task.entry, task.input);
    this.running.add(worker);
    let settled = false;
    let graceTimer: NodeJS.Timeout | undefined;

    const settle = (outcome: { ok: true; value: unknown } | { ok: false; error: unknown }): void => {
      if (settled) return;
      settled = true;
      clearTimeout(graceTimer);
      task.options.signal?.removeEventListener('abort', onAbort);
      if (outcome.ok) task.resolve(outcome.value);
      else task.reject(outcome.error);
    };
    const onAbort = (): void => {
      worker.postMessage({ type: 'cancel' } satisfies ToWorker);
      graceTimer = setTimeout(() => {
        this.logger.warn({ entry: task.entry }, 'worker ignored cancel; terminating it');
        void worker.terminate();
        settle({ ok: false, error: new AppError('CANCELLED', 'Cancelled (worker terminated).') });
      }, CANCEL_GRACE_MS);
    };
    task.options.signal?.addEventListener('abort', onAbort, { once: true });

    worker.on('message', (message: FromWorker) => {
      switch (message.type) {
        case 'progress':
          task.options.onProgress?.(message.done, message.total, message.message);
          break;
        case 'done':
          settle({ ok: true, value: message.value });
          break;
        case 'failed':
          settle({ ok: false, error: new AppError(message.error.code, message.error.message, message.error.details) });
          break;
      }
    });
    worker.on('error', (error) => {
      this.logger.error({ entry: task.entry, err: error }, 'worker crashed');
      settle({ ok: false, error: new AppError('INTERNAL', `Worker "${task.entry}" crashed: ${error.message}`) });
    });
    worker.on('exit', (code) => {
      this.running.delete(worker);
      if (!settled) settle({ ok: false, error: new AppError('INTERNAL', `Worker "${task.entry}" exited with code ${code} before finishing.`) });
      this.drain();
    });
  }
}
