import { createStore, type StoreApi } from 'zustand/vanilla';
import type { ResearchKind, ResearchRunDetail, ResearchRunSummary } from '../../shared/ipc/sections/backtest-research';
import { placeServerError, type FieldErrors, type FormBuild } from './backtest-form-model';
import { createJobTracker, jobView, type JobView, type TrackedJob } from './job-tracker';
import { DEFAULT_RESEARCH_FORM, EMPTY_PARAMETER_ROW, researchFieldOf, sweepRequest, walkForwardRequest, type ParameterRow, type ResearchForm } from './research-form-model';
import type { NotifyError, StoreClient } from './store-deps';

/**
 * The Backtest page's research section: a walk-forward or a parameter sweep of the config the
 * page's form builds, run as a job (progress, cancel), the stored research runs, and the open
 * one's report. Refusals of the research spec land on its fields; refusals of the base config
 * (it is the backtest form's) are listed above the section with their paths.
 */
export interface ResearchState {
  readonly form: ResearchForm;
  readonly fieldErrors: FieldErrors;
  readonly generalErrors: readonly string[];
  readonly runs: readonly ResearchRunSummary[] | null;
  readonly running: { readonly researchId: number; readonly kind: ResearchKind; readonly job: JobView } | null;
  readonly openId: number | null;
  readonly detail: ResearchRunDetail | null;
  setForm(change: Partial<ResearchForm>): void;
  setParameter(index: number, change: Partial<ParameterRow>): void;
  addParameter(): void;
  removeParameter(index: number): void;
  startResearch(kind: ResearchKind): Promise<void>;
  cancelResearch(): Promise<void>;
  loadRuns(): Promise<void>;
  openResearch(researchId: number): Promise<void>;
  /** Follows job events; returns the unsubscribe. */
  start(): () => void;
}

export interface ResearchDeps {
  readonly client: StoreClient;
  readonly notify: NotifyError;
  /** The backtest form's config, the base every research run starts from. */
  readonly baseConfig: () => FormBuild;
}

export function createResearchStore(deps: ResearchDeps): StoreApi<ResearchState> {
  const { client, notify } = deps;
  const tracker = createJobTracker(client);
  let watch: TrackedJob | null = null;
  let openGeneration = 0;

  return createStore<ResearchState>()((set, get) => {
    const onJob = (researchId: number, job: JobView): void => {
      const current = get().running;
      if (current?.researchId !== researchId) return;
      set({ running: { ...current, job } });
      if (current.job.finished !== null || job.finished === null) return;
      watch?.stop();
      watch = null;
      if (job.state === 'failed') set({ generalErrors: [job.finished.error?.message ?? job.progress?.error?.message ?? `Research run ${researchId} failed.`] });
      void get().loadRuns();
      if (job.state === 'succeeded') void get().openResearch(researchId);
    };

    const clearErrors = (prefixes: readonly string[]): FieldErrors =>
      Object.fromEntries(Object.entries(get().fieldErrors).filter(([key]) => !prefixes.some((prefix) => key === prefix || key.startsWith(`${prefix}.`))));

    return {
      form: DEFAULT_RESEARCH_FORM,
      fieldErrors: {},
      generalErrors: [],
      runs: null,
      running: null,
      openId: null,
      detail: null,

      setForm(change) {
        const keys = Object.keys(change).map((key) => {
          switch (key) {
            case 'formationDays':
            case 'tradingDays':
            case 'purgeDays':
            case 'embargoDays':
              return `plan.${key}`;
            case 'topN':
            case 'maxPValue':
            case 'universe':
              return `walkForward.${key}`;
            case 'count':
            case 'seed':
              return `sweep.${key}`;
            default:
              return key;
          }
        });
        set({ form: { ...get().form, ...change }, fieldErrors: clearErrors(keys) });
      },

      setParameter(index, change) {
        const parameters = get().form.parameters.map((row, i) => (i === index ? { ...row, ...change } : row));
        set({ form: { ...get().form, parameters }, fieldErrors: clearErrors([`sweep.parameters.${index}`, 'sweep.parameters']) });
      },

      addParameter() {
        const used = new Set(get().form.parameters.map((row) => row.path));
        const path = ['strategy.lookback', 'strategy.exit', 'strategy.stop', 'strategy.entry'].find((candidate) => !used.has(candidate)) ?? EMPTY_PARAMETER_ROW.path;
        set({ form: { ...get().form, parameters: [...get().form.parameters, { ...EMPTY_PARAMETER_ROW, path }] } });
      },

      removeParameter(index) {
        // Row errors are by index, so they no longer match after a removal.
        set({ form: { ...get().form, parameters: get().form.parameters.filter((_, i) => i !== index) }, fieldErrors: clearErrors(['sweep.parameters']) });
      },

      async startResearch(kind) {
        const base = deps.baseConfig();
        if (!base.ok) {
          set({ fieldErrors: {}, generalErrors: Object.entries(base.fieldErrors).map(([path, message]) => `The configuration above, ${path}: ${message}`) });
          return;
        }
        const send = async () => {
          if (kind === 'sweep') {
            const built = sweepRequest(get().form, base.config);
            return built.ok ? { sent: await client.invoke('backtest:sweep', built.value) } : { refused: built.fieldErrors };
          }
          const built = walkForwardRequest(get().form, base.config);
          return built.ok ? { sent: await client.invoke('backtest:walk-forward', built.value) } : { refused: built.fieldErrors };
        };
        set({ fieldErrors: {}, generalErrors: [] });
        const outcome = await send();
        if ('refused' in outcome) {
          set({ fieldErrors: outcome.refused });
          return;
        }
        const result = outcome.sent;
        if (!result.ok) {
          if (result.error.code === 'CONFIG_INVALID' || result.error.code === 'VALIDATION_FAILED' || result.error.code === 'NOT_FOUND') {
            // A walk-forward reads the bars of its universe only (by default the pairs'
            // symbols), so main's unknown-symbol refusal ("pairs") is about the universe.
            const fieldOf = (path: string): string | null => (kind === 'walk_forward' && path === 'pairs' ? 'walkForward.universe' : researchFieldOf(path));
            const placed = placeServerError(result.error, fieldOf);
            set({ fieldErrors: placed.fields, generalErrors: placed.general });
          } else {
            notify(result.error, { title: kind === 'sweep' ? 'Starting the sweep' : 'Starting the walk-forward' });
          }
          return;
        }
        const { jobId, researchId } = result.value;
        watch?.stop();
        watch = null;
        // Set before tracking: `track` replays what the tracker already heard of this job.
        set({ running: { researchId, kind, job: jobView(jobId, undefined) } });
        watch = tracker.track(jobId, (job) => onJob(researchId, job));
        if (get().running?.job.finished !== null) {
          watch.stop();
          watch = null;
        }
        void get().loadRuns();
      },

      async cancelResearch() {
        if (watch === null) return;
        const failure = await watch.cancel();
        if (failure !== null) notify(failure, { title: 'Cancelling the research run' });
      },

      async loadRuns() {
        const result = await client.invoke('backtest:research-list', { limit: 100 });
        if (result.ok) set({ runs: result.value });
        else notify(result.error, { title: 'Loading research runs' });
      },

      async openResearch(researchId) {
        openGeneration += 1;
        const mine = openGeneration;
        set({ openId: researchId });
        const result = await client.invoke('backtest:research-get', { researchId });
        if (mine !== openGeneration) return;
        if (result.ok) set({ detail: result.value });
        else notify(result.error, { title: `Opening research run ${researchId}` });
      },

      start() {
        return tracker.start();
      },
    };
  });
}
