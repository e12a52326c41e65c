import { createStore, type StoreApi } from 'zustand/vanilla';
import { assertNever, type IpcError } from '../../shared/ipc/errors';
import type { BacktestCsvFile, BacktestRunDetail, BacktestRunSummary } from '../../shared/ipc/sections/backtest';
import {
  DEFAULT_BACKTEST_FORM,
  FIELD_PATHS,
  addPair,
  configFromForm,
  parsePairInput,
  placeServerError,
  type BacktestForm,
  type FieldErrors,
  type PairInput,
} from './backtest-form-model';
import { createJobTracker, jobView, type JobView, type TrackedJob } from './job-tracker';
import type { NotifyError, StoreClient } from './store-deps';

/** A pair the page offers to add: a scan survivor or a watched pair. */
export interface PairSuggestion extends PairInput {
  readonly source: 'scan' | 'watchlist';
}

export type ExportFormat = 'csv' | 'json' | 'html';

export interface BacktestState {
  readonly form: BacktestForm;
  /** The Y and X boxes of a pair being typed, and why the last one could not be added. */
  readonly pairY: string;
  readonly pairX: string;
  readonly pairProblem: string | null;
  readonly fieldErrors: FieldErrors;
  /** Refusals that name no field of the form (or a failed run), shown above it. */
  readonly generalErrors: readonly string[];
  readonly suggestions: readonly PairSuggestion[];
  readonly runs: readonly BacktestRunSummary[] | null;
  /** The run started from this page and its job, while it runs and after it ended. */
  readonly running: { readonly runId: number; readonly job: JobView } | null;
  readonly openRunId: number | null;
  readonly detail: BacktestRunDetail | null;
  readonly detailLoading: boolean;
  /** The run shown beside the open one, for the comparison. */
  readonly compareRunId: number | null;
  readonly compareDetail: BacktestRunDetail | null;
  readonly exporting: boolean;
  setForm(change: Partial<BacktestForm>): void;
  setPairText(change: { pairY?: string; pairX?: string }): void;
  addTypedPair(): void;
  addSuggestion(pair: PairInput): void;
  removePair(pair: PairInput): void;
  loadSuggestions(): Promise<void>;
  startRun(): Promise<void>;
  cancelRun(): Promise<void>;
  loadRuns(): Promise<void>;
  openRun(runId: number): Promise<void>;
  compareWith(runId: number | null): Promise<void>;
  exportRun(format: ExportFormat, file?: BacktestCsvFile): Promise<void>;
  deleteRun(runId: number): Promise<void>;
  /** Follows job events (start before any run); returns the unsubscribe. */
  start(): () => void;
}

export interface BacktestDeps {
  readonly client: StoreClient;
  readonly notify: NotifyError;
  readonly saveTextFile: (fileName: string, text: string, mimeType: string) => void;
}

/** Survivors offered from the newest scan, best p-value first. */
const SCAN_SUGGESTIONS = 20;

function jobFailure(job: JobView): IpcError | null {
  switch (job.state) {
    case 'failed':
      return { code: 'INTERNAL', message: job.finished?.error?.message ?? job.progress?.error?.message ?? 'The backtest failed.' };
    case 'cancelled':
    case 'succeeded':
    case 'queued':
    case 'running':
    case null:
      return null;
    default:
      return assertNever(job.state, 'job state');
  }
}

export function createBacktestStore(deps: BacktestDeps): StoreApi<BacktestState> {
  const { client, notify } = deps;
  const tracker = createJobTracker(client);
  let watch: TrackedJob | null = null;
  // Bumped on every open, so an older run's answer never replaces a newer choice.
  let openGeneration = 0;

  return createStore<BacktestState>()((set, get) => {
    const onJob = (runId: number, job: JobView): void => {
      const current = get().running;
      if (current?.runId !== runId) return;
      set({ running: { runId, job } });
      // The end is handled once, on job:finished (every job ends with one, after its last
      // progress): the list reloads and a successful run opens.
      if (current.job.finished !== null || job.finished === null) return;
      watch?.stop();
      watch = null;
      const failure = jobFailure(job);
      if (failure !== null) set({ generalErrors: [failure.message] });
      void get().loadRuns();
      if (job.state === 'succeeded') void get().openRun(runId);
    };

    return {
      form: DEFAULT_BACKTEST_FORM,
      pairY: '',
      pairX: '',
      pairProblem: null,
      fieldErrors: {},
      generalErrors: [],
      suggestions: [],
      runs: null,
      running: null,
      openRunId: null,
      detail: null,
      detailLoading: false,
      compareRunId: null,
      compareDetail: null,
      exporting: false,

      setForm(change) {
        // An edit answers the message about the field; the others stay until the next run.
        const fieldErrors = { ...get().fieldErrors };
        for (const key of Object.keys(change) as Array<keyof BacktestForm>) {
          const path = FIELD_PATHS[key];
          for (const errorPath of Object.keys(fieldErrors)) if (errorPath === path || errorPath.startsWith(`${path}.`)) delete fieldErrors[errorPath];
        }
        set({ form: { ...get().form, ...change }, fieldErrors });
      },

      setPairText(change) {
        set({ ...change, pairProblem: null });
      },

      addTypedPair() {
        const parsed = parsePairInput(get().pairY, get().pairX);
        if (!parsed.ok) {
          set({ pairProblem: parsed.problem });
          return;
        }
        get().addSuggestion(parsed.pair);
        set({ pairY: '', pairX: '' });
      },

      addSuggestion(pair) {
        const { pairs: _cleared, ...fieldErrors } = get().fieldErrors;
        set({ form: { ...get().form, pairs: addPair(get().form.pairs, { y: pair.y, x: pair.x }) }, fieldErrors, pairProblem: null });
      },

      removePair(pair) {
        const { pairs: _cleared, ...fieldErrors } = get().fieldErrors;
        set({ form: { ...get().form, pairs: get().form.pairs.filter((p) => p.y !== pair.y || p.x !== pair.x) }, fieldErrors });
      },

      async loadSuggestions() {
        const [watchlist, scans] = await Promise.all([client.invoke('watchlist:list', {}), client.invoke('scanner:runs', { limit: 10 })]);
        const out: PairSuggestion[] = [];
        if (watchlist.ok) out.push(...watchlist.value.map((entry) => ({ y: entry.y, x: entry.x, source: 'watchlist' as const })));
        else notify(watchlist.error, { title: 'Loading the watchlist' });
        if (!scans.ok) notify(scans.error, { title: 'Loading scan runs' });
        const newest = scans.ok ? scans.value.find((run) => run.state === 'succeeded') : undefined;
        if (newest !== undefined) {
          const results = await client.invoke('scanner:results', { runId: newest.id, sort: 'pvalue', descending: false, significantOnly: true, offset: 0, limit: SCAN_SUGGESTIONS });
          if (results.ok) out.push(...results.value.items.map((item) => ({ y: item.y, x: item.x, source: 'scan' as const })));
          else notify(results.error, { title: 'Loading scan results' });
        }
        set({ suggestions: out });
      },

      async startRun() {
        const built = configFromForm(get().form);
        if (!built.ok) {
          set({ fieldErrors: built.fieldErrors, generalErrors: [] });
          return;
        }
        set({ fieldErrors: {}, generalErrors: [] });
        const result = await client.invoke('backtest:run', { config: built.config });
        if (!result.ok) {
          // Expected refusals land on their fields; anything else is a failure to notify.
          if (result.error.code === 'CONFIG_INVALID' || result.error.code === 'VALIDATION_FAILED' || result.error.code === 'NOT_FOUND') {
            const placed = placeServerError(result.error);
            set({ fieldErrors: placed.fields, generalErrors: placed.general });
          } else {
            notify(result.error, { title: 'Starting the backtest' });
          }
          return;
        }
        const { jobId, runId } = result.value;
        watch?.stop();
        watch = null;
        // Set before tracking: `track` replays at once what the tracker already heard (a
        // short run can end before this answer arrives), and onJob only follows this run.
        set({ running: { runId, job: jobView(jobId, undefined) } });
        watch = tracker.track(jobId, (job) => onJob(runId, job));
        // Replayed to its end inside `track`: nothing more to follow.
        if (get().running?.job.finished !== null) {
          watch.stop();
          watch = null;
        }
        void get().loadRuns();
      },

      async cancelRun() {
        if (watch === null) return;
        const failure = await watch.cancel();
        if (failure !== null) notify(failure, { title: 'Cancelling the backtest' });
      },

      async loadRuns() {
        const result = await client.invoke('backtest:list', { limit: 100 });
        if (result.ok) set({ runs: result.value });
        else notify(result.error, { title: 'Loading backtest runs' });
      },

      async openRun(runId) {
        openGeneration += 1;
        const mine = openGeneration;
        const keepCompare = get().compareRunId !== runId;
        set({ openRunId: runId, detailLoading: true, ...(keepCompare ? {} : { compareRunId: null, compareDetail: null }) });
        const result = await client.invoke('backtest:get', { runId });
        if (mine !== openGeneration) return;
        set({ detailLoading: false });
        if (result.ok) set({ detail: result.value });
        else notify(result.error, { title: `Opening backtest run ${runId}` });
      },

      async compareWith(runId) {
        if (runId === null) {
          set({ compareRunId: null, compareDetail: null });
          return;
        }
        set({ compareRunId: runId, compareDetail: null });
        const result = await client.invoke('backtest:get', { runId });
        if (get().compareRunId !== runId) return;
        if (result.ok) set({ compareDetail: result.value });
        else notify(result.error, { title: `Opening backtest run ${runId} to compare` });
      },

      async exportRun(format, file) {
        const runId = get().openRunId;
        if (runId === null) return;
        set({ exporting: true });
        const result = await client.invoke('backtest:export', { runId, format, ...(file === undefined ? {} : { file }) });
        set({ exporting: false });
        if (!result.ok) {
          notify(result.error, { title: `Exporting backtest run ${runId}` });
          return;
        }
        deps.saveTextFile(result.value.fileName, result.value.content, result.value.mimeType);
      },

      async deleteRun(runId) {
        const result = await client.invoke('backtest:delete', { runId });
        if (!result.ok) {
          notify(result.error, { title: `Deleting backtest run ${runId}` });
          return;
        }
        set({ runs: result.value });
        // A comparison is of the open run, so it closes with it.
        if (get().openRunId === runId) set({ openRunId: null, detail: null, compareRunId: null, compareDetail: null });
        if (get().compareRunId === runId) set({ compareRunId: null, compareDetail: null });
      },

      start() {
        return tracker.start();
      },
    };
  });
}
