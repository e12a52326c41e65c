import { z } from 'zod';

export const jobStateSchema = z.enum(['queued', 'running', 'succeeded', 'failed', 'cancelled']);
export type JobState = z.infer<typeof jobStateSchema>;

export const jobErrorSchema = z.object({ code: z.string(), message: z.string() });

/**
 * Long work (imports, scans, sweeps, training) runs as a job that reports progress and can be
 * cancelled. A job may fan out over several shards; `done`/`total` then aggregate them (see
 * src/main/jobs/job-progress.ts), and the shard counts say how many have finished.
 */
export const jobProgressSchema = z.object({
  jobId: z.string(),
  kind: z.string(),
  state: jobStateSchema,
  done: z.number().nonnegative(),
  total: z.number().nonnegative().nullable(),
  message: z.string().optional(),
  error: jobErrorSchema.optional(),
  startedAt: z.number().int(),
  updatedAt: z.number().int(),
  /** Shards in the job and how many have finished (1 and 0/1 for a single task). */
  shardsTotal: z.number().int().nonnegative().optional(),
  shardsDone: z.number().int().nonnegative().optional(),
  /** Units of `done` per second since the first shard started; null until it can be told. */
  ratePerSecond: z.number().nonnegative().nullable().optional(),
  /** Estimated milliseconds left at the current rate; null when unknown. */
  etaMs: z.number().nonnegative().nullable().optional(),
});
export type JobProgress = z.infer<typeof jobProgressSchema>;

export const jobRefSchema = z.object({ jobId: z.string() });

/**
 * Where a finished job's result lives, small enough for an event: the owning area and the
 * id its own repository or service knows it by (e.g. `{ area: 'data.dataset', id: 12 }`).
 */
export const jobResultRefSchema = z.object({ area: z.string().min(1), id: z.union([z.string().min(1), z.number().int()]) });
export type JobResultRef = z.infer<typeof jobResultRefSchema>;

export const jobFinalStateSchema = z.enum(['succeeded', 'failed', 'cancelled']);
export type JobFinalState = z.infer<typeof jobFinalStateSchema>;

/** The one completion event every kind of job ends with. */
export const jobFinishedSchema = z.object({
  jobId: z.string(),
  kind: z.string(),
  state: jobFinalStateSchema,
  error: jobErrorSchema.optional(),
  result: jobResultRefSchema.optional(),
  finishedAt: z.number().int(),
});
export type JobFinished = z.infer<typeof jobFinishedSchema>;
