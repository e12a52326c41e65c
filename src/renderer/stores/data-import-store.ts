import type { z } from 'zod';
import type { pathGrantSchema } from '../../shared/ipc/sections/data';
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { AdjustmentBasis } from '../../shared/domain/market-data';
import type { EventPayload } from '../../shared/ipc/contract';
import type { IpcError } from '../../shared/ipc/errors';
import {
  chooseFormat,
  EMPTY_MAPPING,
  suggestMapping,
  type FilePreview,
  type MappingField,
  type MappingForm,
} from './import-mapping';
import { createJobTracker, type JobView, type TrackedJob } from './job-tracker';
import type { NotifyError, StoreClient } from './store-deps';
import { assertNever } from '../../shared/ipc/errors';

export type ImportPolicy = 'lenient' | 'strict';
export type ImportOutcome = Omit<EventPayload<'data:imported'>, 'jobId'>;

/**
 * editing: choosing a path, previewing, mapping. starting: data:import sent. running: a job
 * id is known and progress arrives. finished: the report (or the failure) is in.
 */
export type ImportPhase = 'editing' | 'starting' | 'running' | 'finished';

export interface DataImportState {
  readonly open: boolean;
  readonly path: string;
  /** Desktop app: the file or folder picked in the native dialog (main keeps its path). */
  readonly grant: PathGrant | null;
  readonly previewing: boolean;
  readonly preview: FilePreview | null;
  readonly previewError: IpcError | null;
  readonly mapping: MappingForm;
  readonly symbolForFile: string;
  readonly policy: ImportPolicy;
  readonly adjustment: AdjustmentBasis;
  readonly problems: readonly string[];
  readonly phase: ImportPhase;
  readonly jobId: string | null;
  /** The import's job as the job tracker follows it (state, progress, ETA). */
  readonly job: JobView | null;
  readonly outcome: ImportOutcome | null;
  openDialog(): void;
  closeDialog(): void;
  setPath(path: string): void;
  /** Desktop app: opens the native dialog; a choice replaces the typed path and is previewed. */
  chooseSource(): Promise<void>;
  runPreview(): Promise<void>;
  setMapping(field: MappingField, column: string): void;
  setSymbolForFile(symbol: string): void;
  setPolicy(policy: ImportPolicy): void;
  setAdjustment(adjustment: AdjustmentBasis): void;
  startImport(): Promise<void>;
  cancelImport(): Promise<void>;
  /** Back to editing for another file, keeping the dialog open. */
  startOver(): void;
  /** Subscribes to 'data:imported' and the job events (through the job tracker); returns the unsubscribe. */
  start(): () => void;
}

/** A file or folder picked in the desktop app's native dialog: main holds the path, we hold the id. */
export type PathGrant = z.infer<typeof pathGrantSchema>;

/** What a request names: the dialog's grant when there is one, else the typed path. */
function sourceOf(grant: PathGrant | null, path: string): { grant: string } | { path: string } {
  return grant === null ? { path } : { grant: grant.id };
}

export interface DataImportDeps {
  readonly client: StoreClient;
  readonly notify: NotifyError;
  /** Called after an import that produced a report, so lists and charts reload. */
  readonly onImported: () => void;
}

/** Reports that arrived before data:import answered with their job id (a very fast import). */
const EARLY_REPORTS_KEPT = 20;

const FRESH = {
  previewing: false,
  preview: null,
  previewError: null,
  mapping: EMPTY_MAPPING,
  symbolForFile: '',
  problems: [],
  phase: 'editing',
  jobId: null,
  job: null,
  outcome: null,
} as const satisfies Partial<DataImportState>;

/** The outcome a job's end implies, when it needs no report: cancellation or failure. */
export function outcomeFromJob(job: JobView): ImportOutcome | null {
  if (job.state === null) return null;
  switch (job.state) {
    case 'cancelled':
      return { report: null, error: { code: 'CANCELLED', message: job.progress?.message ?? 'The import was cancelled.' } };
    case 'failed':
      return { report: null, error: job.finished?.error ?? job.progress?.error ?? { code: 'INTERNAL', message: 'The import failed.' } };
    case 'queued':
    case 'running':
    case 'succeeded':
      // Success is reported by data:imported, which carries the report.
      return null;
    default:
      return assertNever(job.state, 'job state');
  }
}

export function createDataImportStore(deps: DataImportDeps): StoreApi<DataImportState> {
  const { client, notify } = deps;
  const earlyReports = new Map<string, ImportOutcome>();
  const tracker = createJobTracker(client);
  let watch: TrackedJob | null = null;
  const stopWatching = (): void => {
    watch?.stop();
    watch = null;
  };

  return createStore<DataImportState>()((set, get) => {
    const finish = (outcome: ImportOutcome, alreadyRefreshed = false): void => {
      if (get().phase !== 'running') return;
      stopWatching();
      set({ phase: 'finished', outcome });
      if (outcome.report !== null && !alreadyRefreshed) deps.onImported();
    };
    const onJob = (job: JobView): void => {
      if (job.jobId !== get().jobId) return;
      set({ job });
      const outcome = job.ended ? outcomeFromJob(job) : null;
      if (outcome !== null) finish(outcome);
    };

    return {
      open: false,
      path: '',
      grant: null,
      policy: 'lenient',
      adjustment: 'split',
      ...FRESH,
      openDialog() {
        set({ open: true });
      },
      closeDialog() {
        // A running import keeps going in main; its report still refreshes the lists.
        set({ open: false });
        if (get().phase === 'finished') {
          stopWatching();
          set({ ...FRESH });
        }
      },
      setPath(path) {
        set({ path, grant: null, preview: null, previewError: null, problems: [] });
      },
      async chooseSource() {
        const result = await client.invoke('data:choose-source', {});
        if (!result.ok) {
          notify(result.error, { title: 'Choosing a file' });
          return;
        }
        if (result.value.grant === null) return;
        set({ grant: result.value.grant, path: result.value.grant.name, preview: null, previewError: null, problems: [] });
        await get().runPreview();
      },
      async runPreview() {
        const { grant } = get();
        const path = get().path.trim();
        if (path === '' && grant === null) {
          set({ problems: ['Enter the path of a CSV file or a folder of CSV files.'] });
          return;
        }
        set({ previewing: true, preview: null, previewError: null, problems: [] });
        const result = await client.invoke('data:preview', { ...sourceOf(grant, path), rows: 10 });
        if (get().path.trim() !== path || get().grant !== grant) return;
        set({ previewing: false });
        if (!result.ok) {
          set({ previewError: result.error });
          return;
        }
        const preview = result.value;
        set({ preview, mapping: preview.detected === null ? suggestMapping(preview.header) : EMPTY_MAPPING });
      },
      setMapping(field, column) {
        set({ mapping: { ...get().mapping, [field]: column }, problems: [] });
      },
      setSymbolForFile(symbol) {
        set({ symbolForFile: symbol, problems: [] });
      },
      setPolicy(policy) {
        set({ policy });
      },
      setAdjustment(adjustment) {
        set({ adjustment });
      },
      async startImport() {
        const { preview, mapping, symbolForFile, policy, adjustment, path, grant } = get();
        if (preview === null) {
          set({ problems: ['Preview the file first, so you can check what will be imported.'] });
          return;
        }
        const choice = chooseFormat(preview, mapping, symbolForFile);
        if (!choice.ok) {
          set({ problems: choice.problems });
          return;
        }
        set({ phase: 'starting', problems: [] });
        const result = await client.invoke('data:import', {
          ...sourceOf(grant, path.trim()),
          policy,
          adjustment,
          ...(choice.format !== undefined ? { format: choice.format } : {}),
        });
        if (!result.ok) {
          set({ phase: 'editing' });
          notify(result.error, { title: 'Starting the import' });
          return;
        }
        const { jobId } = result.value;
        set({ phase: 'running', jobId });
        stopWatching();
        watch = tracker.track(jobId, onJob);
        const early = earlyReports.get(jobId);
        if (early !== undefined) {
          earlyReports.delete(jobId);
          finish(early, true);
        }
      },
      async cancelImport() {
        if (watch === null || get().phase !== 'running') return;
        const error = await watch.cancel();
        if (error !== null) notify(error, { title: 'Cancelling the import' });
      },
      startOver() {
        stopWatching();
        set({ ...FRESH, path: '', grant: null });
      },
      start() {
        const offJobs = tracker.start();
        const offImported = client.on('data:imported', ({ jobId, ...outcome }) => {
          if (jobId === get().jobId) {
            finish(outcome);
            return;
          }
          // Ours before data:import answered, or another import (the CLI, a first-start sample).
          if (outcome.report !== null) deps.onImported();
          earlyReports.set(jobId, outcome);
          if (earlyReports.size > EARLY_REPORTS_KEPT) {
            const oldest = earlyReports.keys().next();
            if (oldest.done !== true) earlyReports.delete(oldest.value);
          }
        });
        return () => {
          offImported();
          offJobs();
          stopWatching();
        };
      },
    };
  });
}
