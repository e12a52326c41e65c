import { deserialize, serialize } from 'node:v8';
import { AppError } from '../../src/shared/ipc/errors';
import type { JobDescriptor, JobObserver, JobRunner, RunningJob } from '../../src/main/jobs/job-runner';
import type { NamedInputLoaders, NamedInputName, NamedInputRefs } from '../../src/main/jobs/named-inputs';
import type { WorkerHandler, WorkerLog } from '../../src/main/workers/worker-runtime';

export interface RemoteLogLine {
  readonly level: keyof WorkerLog;
  readonly message: string;
  readonly correlationId: string | null;
  readonly fields: Readonly<Record<string, unknown>>;
}

/**
 * Stands in for a distributed job queue (the external boundary the JobRunner port is for):
 * every descriptor goes over the "wire" as JSON, a consumer on the "other side" parses it,
 * loads its named inputs from its own source by reference (a plain copy: no shared memory
 * across machines), runs each shard's real worker task in this process, and sends outputs
 * back serialized. Nothing of the local pool is used.
 */
export class FakeRemoteRunner implements JobRunner {
  /** The descriptors exactly as they were enqueued. */
  readonly wire: string[] = [];
  readonly logs: RemoteLogLine[] = [];

  constructor(private readonly loaders: NamedInputLoaders) {}

  submit(descriptor: JobDescriptor, observer: JobObserver): RunningJob {
    const message = JSON.stringify(descriptor);
    this.wire.push(message);
    const controller = new AbortController();
    const outputs = this.consume(message, observer, controller.signal);
    return { outputs, cancel: () => controller.abort(new AppError('CANCELLED', `Job ${descriptor.jobId} was cancelled.`)) };
  }

  private async consume(message: string, observer: JobObserver, signal: AbortSignal): Promise<readonly unknown[]> {
    // Dequeued later, on the consumer's side.
    await new Promise((resolve) => setImmediate(resolve));
    const job = JSON.parse(message) as JobDescriptor;
    const module = (await import(`../../src/main/workers/${job.worker}.worker.ts`)) as { default: WorkerHandler<unknown, unknown, NamedInputName> };
    const inputs = await this.loadInputs(job.inputs);
    const results: unknown[] = [];
    for (const [shard, input] of job.shards.entries()) {
      if (signal.aborted) throw new AppError('CANCELLED', `Job ${job.jobId} was cancelled.`);
      observer.shardStarted(shard);
      const log = Object.fromEntries(
        (['debug', 'info', 'warn', 'error'] as const).map((level) => [
          level,
          (fields: Readonly<Record<string, unknown>>, text: string) => this.logs.push({ level, message: text, correlationId: job.correlationId, fields }),
        ]),
      ) as unknown as WorkerLog;
      const output = await module.default.task(input, {
        signal,
        inputs: inputs as never,
        log,
        correlationId: job.correlationId,
        shard,
        progress: (done, total, text) => observer.shardProgress(shard, done, total, text),
      });
      observer.shardFinished(shard);
      results.push(deserialize(serialize(output)));
    }
    return results;
  }

  private async loadInputs(refs: Partial<NamedInputRefs>): Promise<Record<string, unknown>> {
    const loaded: Record<string, unknown> = {};
    for (const name of Object.keys(refs) as NamedInputName[]) {
      const ref = refs[name];
      const loader = this.loaders[name];
      if (ref === undefined || loader === undefined) throw new AppError('UNAVAILABLE', `The remote side has no source for "${name}".`);
      loaded[name] = await loader(ref);
    }
    return loaded;
  }
}
