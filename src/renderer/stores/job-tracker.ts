import type { JobFinished, JobProgress, JobState } from '../../shared/domain/jobs';
import type { IpcError } from '../../shared/ipc/errors';
import { isTerminal, progressFraction } from './jobs-store';
import type { StoreClient } from './store-deps';

/** What a page needs to show one job. */
export interface JobView {
  readonly jobId: string;
  /** Null until the first push about this job arrives. */
  readonly state: JobState | null;
  readonly progress: JobProgress | null;
  /** Set once job:finished arrived (with the result reference, when the job has one). */
  readonly finished: JobFinished | null;
  /** 0..1, or null for an indeterminate bar. */
  readonly fraction: number | null;
  readonly ratePerSecond: number | null;
  readonly etaMs: number | null;
  /** Whether the job has ended (from job:finished or a terminal job:progress). */
  readonly ended: boolean;
}

export interface TrackedJob {
  readonly jobId: string;
  view(): JobView;
  /** Asks main to cancel; resolves to the failure to show, or null. */
  cancel(): Promise<IpcError | null>;
  /** Stops the callbacks (the job itself keeps running). */
  stop(): void;
}

export interface JobTracker {
  /**
   * Subscribes to job:progress and job:finished; returns the unsubscribe. Start it before
   * starting jobs: a fast job can end before the request that started it answers with its
   * id, and the tracker replays what it already heard when `track` is called.
   */
  start(): () => void;
  track(jobId: string, onChange: (view: JobView) => void): TrackedJob;
}

interface Heard {
  progress: JobProgress | null;
  finished: JobFinished | null;
}

const JOBS_REMEMBERED = 100;

export function jobView(jobId: string, heard: Heard | undefined): JobView {
  const progress = heard?.progress ?? null;
  const finished = heard?.finished ?? null;
  const state = finished?.state ?? progress?.state ?? null;
  return {
    jobId,
    state,
    progress,
    finished,
    fraction: state === 'succeeded' ? 1 : progress === null ? null : progressFraction(progress),
    ratePerSecond: progress?.ratePerSecond ?? null,
    etaMs: state !== null && isTerminal(state) ? null : (progress?.etaMs ?? null),
    ended: state !== null && isTerminal(state),
  };
}

/** Follows jobs by id over the contract's generic job events, for any page that starts one. */
export function createJobTracker(client: StoreClient): JobTracker {
  const heard = new Map<string, Heard>();
  const watchers = new Map<string, Set<(view: JobView) => void>>();

  const record = (jobId: string, change: (entry: Heard) => boolean): void => {
    const entry = heard.get(jobId) ?? { progress: null, finished: null };
    if (!change(entry)) return;
    heard.delete(jobId);
    heard.set(jobId, entry);
    if (heard.size > JOBS_REMEMBERED) {
      const oldest = heard.keys().next();
      if (oldest.done !== true && !watchers.has(oldest.value)) heard.delete(oldest.value);
    }
    const view = jobView(jobId, entry);
    for (const watcher of [...(watchers.get(jobId) ?? [])]) watcher(view);
  };

  const onProgress = (progress: JobProgress): void =>
    record(progress.jobId, (entry) => {
      // Pushes can reorder; nothing older than what we hold, nothing after the end.
      if (entry.progress !== null && (isTerminal(entry.progress.state) || progress.updatedAt < entry.progress.updatedAt)) return false;
      entry.progress = progress;
      return true;
    });

  return {
    start() {
      const offProgress = client.on('job:progress', onProgress);
      const offFinished = client.on('job:finished', (finished) =>
        record(finished.jobId, (entry) => {
          if (entry.finished !== null) return false;
          entry.finished = finished;
          return true;
        }),
      );
      return () => {
        offProgress();
        offFinished();
      };
    },
    track(jobId, onChange) {
      const set = watchers.get(jobId) ?? new Set();
      set.add(onChange);
      watchers.set(jobId, set);
      const known = heard.get(jobId);
      if (known !== undefined) onChange(jobView(jobId, known));
      return {
        jobId,
        view: () => jobView(jobId, heard.get(jobId)),
        async cancel() {
          const result = await client.invoke('jobs:cancel', { jobId });
          if (!result.ok) return result.error;
          onProgress(result.value);
          return null;
        },
        stop() {
          set.delete(onChange);
          if (set.size === 0) watchers.delete(jobId);
        },
      };
    },
  };
}
