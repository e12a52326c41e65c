import { createStore, type StoreApi } from 'zustand/vanilla';
import type { JobProgress } from '../../shared/domain/jobs';
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
  readonly outcome: ImportOutcome | null;
  openDialog(): void;
  closeDialog(): void;
  setPath(path: string): void;
  runPreview(): Promise<void>;
  setMapping(field: MappingField, column: string): void;
  setSymbolForFile(symbol: string): void;
  setPolicy(policy: ImportPolicy): void;
  setAdjustment(adjustment: AdjustmentBasis): void;
  startImport(): Promise<void>;
  cancelImport(): Promise<void>;
  /** Back to editing for another file, keeping the dialog open. */
  startOver(): void;
  /** Subscribes to 'data:imported' and 'job:progress'; returns the unsubscribe. */
  start(): () => void;
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
  outcome: null,
} as const satisfies Partial<DataImportState>;

export function outcomeFromProgress(progress: JobProgress): ImportOutcome | null {
  switch (progress.state) {
    case 'cancelled':
      return { report: null, error: { code: 'CANCELLED', message: progress.message ?? 'The import was cancelled.' } };
    case 'failed':
      return { report: null, error: progress.error ?? { code: 'INTERNAL', message: 'The import failed.' } };
    case 'queued':
    case 'running':
    case 'succeeded':
      // Success is reported by data:imported, which carries the report.
      return null;
    default:
      return assertNever(progress.state, 'job state');
  }
}

export function createDataImportStore(deps: DataImportDeps): StoreApi<DataImportState> {
  const { client, notify } = deps;
  const earlyReports = new Map<string, ImportOutcome>();

  return createStore<DataImportState>()((set, get) => {
    const finish = (outcome: ImportOutcome, alreadyRefreshed = false): void => {
      set({ phase: 'finished', outcome });
      if (outcome.report !== null && !alreadyRefreshed) deps.onImported();
    };

    return {
      open: false,
      path: '',
      policy: 'lenient',
      adjustment: 'split',
      ...FRESH,
      openDialog() {
        set({ open: true });
      },
      closeDialog() {
        // A running import keeps going in main; its report still refreshes the lists.
        set({ open: false });
        if (get().phase === 'finished') set({ ...FRESH });
      },
      setPath(path) {
        set({ path, preview: null, previewError: null, problems: [] });
      },
      async runPreview() {
        const path = get().path.trim();
        if (path === '') {
          set({ problems: ['Enter the path of a CSV file or a folder of CSV files.'] });
          return;
        }
        set({ previewing: true, preview: null, previewError: null, problems: [] });
        const result = await client.invoke('data:preview', { path, rows: 10 });
        if (get().path.trim() !== path) return;
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
        const { preview, mapping, symbolForFile, policy, adjustment, path } = get();
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
          path: path.trim(),
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
        const early = earlyReports.get(jobId);
        if (early !== undefined) {
          earlyReports.delete(jobId);
          finish(early, true);
        }
      },
      async cancelImport() {
        const { jobId, phase } = get();
        if (jobId === null || phase !== 'running') return;
        const result = await client.invoke('jobs:cancel', { jobId });
        if (!result.ok) notify(result.error, { title: 'Cancelling the import' });
      },
      startOver() {
        set({ ...FRESH, path: '' });
      },
      start() {
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
        const offProgress = client.on('job:progress', (progress) => {
          const { jobId, phase } = get();
          if (progress.jobId !== jobId || phase !== 'running') return;
          const outcome = outcomeFromProgress(progress);
          if (outcome !== null) finish(outcome);
        });
        return () => {
          offImported();
          offProgress();
        };
      },
    };
  });
}
