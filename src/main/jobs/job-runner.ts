import type { NamedInputRefs } from './named-inputs';

/**
 * A job as plain data: which worker, one input per shard, references to the named inputs all
 * shards share, and the correlation id of the request that started it. JSON-serialisable by
 * design, so a runner on a distributed queue can carry it unchanged.
 */
export interface JobDescriptor {
  readonly jobId: string;
  readonly kind: string;
  /** A worker's descriptor name (workers/*.descriptor.ts). */
  readonly worker: string;
  /** One input per shard, each of the worker's input type. */
  readonly shards: readonly unknown[];
  readonly inputs: Partial<NamedInputRefs>;
  readonly correlationId: string | null;
}

/** What a runner reports while a job runs; the job manager aggregates it. */
export interface JobObserver {
  /** The shard left the queue and runs (its first one moves the job from queued to running). */
  shardStarted(shard: number): void;
  shardProgress(shard: number, done: number, total: number | null, message?: string): void;
  shardFinished(shard: number): void;
}

export interface RunningJob {
  /** Every shard's output in shard order; rejects with the first shard's error (CANCELLED when cancelled). Settles only once no shard runs. */
  readonly outputs: Promise<readonly unknown[]>;
  /** Stops every shard: queued ones never start, running ones are asked to stop. */
  cancel(): void;
}

/**
 * The port between jobs and where they run. The local pool implements it today
 * (local-job-runner.ts); a remote runner on a distributed queue can replace it when one
 * machine is not enough, without a change to the job manager or to any caller.
 */
export interface JobRunner {
  submit(descriptor: JobDescriptor, observer: JobObserver): RunningJob;
}
