import { z } from 'zod';

export const jobStateSchema = z.enum(['queued', 'running', 'succeeded', 'failed', 'cancelled']);
export type JobState = z.infer<typeof jobStateSchema>;

/** Long work (imports, scans, sweeps, training) runs as a job that reports progress and can be cancelled. */
export const jobProgressSchema = z.object({
  jobId: z.string(),
  kind: z.string(),
  state: jobStateSchema,
  done: z.number().nonnegative(),
  total: z.number().nonnegative().nullable(),
  message: z.string().optional(),
  error: z.object({ code: z.string(), message: z.string() }).optional(),
  startedAt: z.number().int(),
  updatedAt: z.number().int(),
});
export type JobProgress = z.infer<typeof jobProgressSchema>;

export const jobRefSchema = z.object({ jobId: z.string() });
