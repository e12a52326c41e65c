import { createStore, type StoreApi } from 'zustand/vanilla';
import type { JobProgress, JobState } from '../../shared/domain/jobs';
import type { NotifyError, StoreClient } from './store-deps';
import { assertNever } from '../../shared/ipc/errors';

export function isTerminal(state: JobState): boolean {
  switch (state) {
    case 'queued':
    case 'running':
      return false;
    case 'succeeded':
    case 'failed':
    case 'cancelled':
      return true;
    default:
      return assertNever(state, 'job state');
  }
}

/** Progress pushes can reorder; an update older than what we hold, or after the end, is stale. */
export function applyJobProgress(
  jobs: Readonly<Record<string, JobProgress>>,
  progress: JobProgress,
): Readonly<Record<string, JobProgress>> {
  const current = jobs[progress.jobId];
  if (current !== undefined) {
    if (isTerminal(current.state)) return jobs;
    if (progress.updatedAt < current.updatedAt) return jobs;
  }
  return { ...jobs, [progress.jobId]: progress };
}

/** Completed fraction 0..1, or null when the total is unknown (an indeterminate bar). */
export function progressFraction(progress: JobProgress): number | null {
  if (progress.state === 'succeeded') return 1;
  if (progress.total === null || progress.total <= 0) return null;
  return Math.min(1, Math.max(0, progress.done / progress.total));
}

export interface JobsState {
  readonly jobs: Readonly<Record<string, JobProgress>>;
  cancel(jobId: string): Promise<void>;
  /** Subscribes to 'job:progress'; returns the unsubscribe. */
  start(): () => void;
}

export interface JobsDeps {
  readonly client: StoreClient;
  readonly notify: NotifyError;
}

export function createJobsStore(deps: JobsDeps): StoreApi<JobsState> {
  const { client, notify } = deps;
  return createStore<JobsState>()((set, get) => {
    const apply = (progress: JobProgress): void => {
      const next = applyJobProgress(get().jobs, progress);
      if (next !== get().jobs) set({ jobs: next });
    };
    return {
      jobs: {},
      async cancel(jobId) {
        const result = await client.invoke('jobs:cancel', { jobId });
        if (result.ok) apply(result.value);
        else notify(result.error, { title: 'Cancelling the job' });
      },
      start() {
        return client.on('job:progress', apply);
      },
    };
  });
}
