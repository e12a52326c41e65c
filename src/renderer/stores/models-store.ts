import { createStore, type StoreApi } from 'zustand/vanilla';
import type { JobProgress } from '../../shared/domain/jobs';
import type { RequestInput, ResponseOf } from '../../shared/ipc/contract';
import type { DriftCheck, LossPoint, ModelVersion, SearchTrials, ShadowReportWire } from '../../shared/ipc/sections/models';
import { isTerminal } from './jobs-store';
import type { NotifyError, StoreClient } from './store-deps';

/** The Model lab form as the user edits it (strings, as typed). */
export interface TrainForm {
  readonly y: string;
  readonly x: string;
  readonly target: 'regression' | 'direction';
  readonly window: string;
  /** Units per layer, comma separated, input side first ("50, 30"). */
  readonly units: string;
  readonly dropout: string;
  readonly epochs: string;
  readonly batchSize: string;
  readonly learningRate: string;
  readonly patience: string;
  readonly seed: string;
  /** The hyperparameter search's trial count and time budget (seconds). */
  readonly searchTrials: string;
  readonly searchBudget: string;
}

export const DEFAULT_TRAIN_FORM: TrainForm = {
  y: '',
  x: '',
  target: 'regression',
  window: '60',
  units: '50, 30',
  dropout: '0.2',
  epochs: '50',
  batchSize: '32',
  learningRate: '0.001',
  patience: '5',
  seed: '42',
  searchTrials: '9',
  searchBudget: '600',
};

/** A change awaiting the trader's confirmation (promote, roll back, retire). */
export type PendingChange =
  | { readonly kind: 'promote'; readonly model: ModelVersion }
  | { readonly kind: 'retire'; readonly model: ModelVersion }
  | { readonly kind: 'rollback'; readonly name: string };

export interface ModelsState {
  readonly form: TrainForm;
  readonly formErrors: readonly string[];
  readonly job: JobProgress | null;
  /** The running (or last) training's loss curve. */
  readonly loss: readonly LossPoint[];
  readonly models: readonly ModelVersion[] | null;
  readonly selectedId: number | null;
  readonly forecast: ResponseOf<'models:test-forecast'> | null;
  readonly drift: readonly DriftCheck[] | null;
  /** The selected version's search trials (null: trained from the form, or not loaded). */
  readonly trials: SearchTrials | null;
  /** Champion vs the selected challenger or canary over the shadow period (null: not one, or no champion). */
  readonly shadow: ShadowReportWire | null;
  readonly pending: PendingChange | null;
  setForm(change: Partial<TrainForm>): void;
  train(): Promise<void>;
  /** A bounded search around the form's settings; the best configuration is trained and registered. */
  search(): Promise<void>;
  cancel(): Promise<void>;
  load(): Promise<void>;
  select(modelId: number | null): Promise<void>;
  ask(change: PendingChange | null): void;
  /** Carries out the pending change; the trader confirmed it (with a reason for a rollback). */
  confirm(reason: string): Promise<void>;
  checkDrift(): Promise<void>;
  /** Follows training jobs and loss points; returns the unsubscribe. */
  start(): () => void;
}

export interface ModelsDeps {
  readonly client: StoreClient;
  readonly notify: NotifyError;
}

/** The train request from the form, or the problems that stop it (shown beside the form). */
export function trainRequestFromForm(form: TrainForm): { ok: true; request: RequestInput<'models:train'> } | { ok: false; problems: string[] } {
  const problems: string[] = [];
  const y = form.y.trim().toUpperCase();
  const x = form.x.trim().toUpperCase();
  if (y === '' || x === '') problems.push('Name both legs of the pair.');
  else if (y === x) problems.push('The two legs must be different symbols.');
  const integer = (text: string, label: string, min: number, max: number): number => {
    const value = Number(text);
    if (!Number.isInteger(value) || value < min || value > max) problems.push(`${label} must be a whole number from ${min} to ${max}.`);
    return value;
  };
  const window = integer(form.window, 'Window', 2, 500);
  const epochs = integer(form.epochs, 'Epochs', 1, 1000);
  const batchSize = integer(form.batchSize, 'Batch size', 1, 4096);
  const patience = integer(form.patience, 'Patience', 1, 1000);
  const seed = integer(form.seed, 'Seed', 0, 0x7fffffff);
  const units = form.units.split(',').map((part) => Number(part.trim()));
  if (units.length < 1 || units.length > 4 || units.some((value) => !Number.isInteger(value) || value < 1 || value > 512)) {
    problems.push('Units: one to four whole numbers from 1 to 512, comma separated (one per LSTM layer).');
  }
  const dropout = Number(form.dropout);
  if (!(dropout >= 0 && dropout <= 0.9)) problems.push('Dropout must be between 0 and 0.9.');
  const learningRate = Number(form.learningRate);
  if (!(learningRate > 0 && learningRate <= 1)) problems.push('The learning rate must be above 0 and at most 1.');
  if (problems.length > 0) return { ok: false, problems };
  return {
    ok: true,
    request: { y, x, target: form.target, window, layers: units.map((value) => ({ units: value, dropout })), epochs, batchSize, learningRate, patience, seed },
  };
}

export function createModelsStore(deps: ModelsDeps): StoreApi<ModelsState> {
  const { client, notify } = deps;
  return createStore<ModelsState>()((set, get) => ({
    form: DEFAULT_TRAIN_FORM,
    formErrors: [],
    job: null,
    loss: [],
    models: null,
    selectedId: null,
    forecast: null,
    drift: null,
    trials: null,
    shadow: null,
    pending: null,

    setForm(change) {
      set({ form: { ...get().form, ...change }, formErrors: [] });
    },

    async train() {
      const built = trainRequestFromForm(get().form);
      if (!built.ok) {
        set({ formErrors: built.problems });
        return;
      }
      const result = await client.invoke('models:train', built.request);
      if (!result.ok) {
        notify(result.error, { title: 'Starting the training' });
        return;
      }
      const now = Date.now();
      set({ loss: [], job: { jobId: result.value.jobId, kind: 'models.train', state: 'queued', done: 0, total: null, startedAt: now, updatedAt: now } });
    },

    async search() {
      const built = trainRequestFromForm(get().form);
      if (!built.ok) {
        set({ formErrors: built.problems });
        return;
      }
      const trials = Number(get().form.searchTrials);
      const budgetSeconds = Number(get().form.searchBudget);
      const problems: string[] = [];
      if (!Number.isInteger(trials) || trials < 1 || trials > 200) problems.push('Search trials must be a whole number from 1 to 200.');
      if (!Number.isInteger(budgetSeconds) || budgetSeconds < 1 || budgetSeconds > 86_400) problems.push('The search budget must be a whole number of seconds from 1 to 86400.');
      if (problems.length > 0) {
        set({ formErrors: problems });
        return;
      }
      const result = await client.invoke('models:search', { ...built.request, trials, budgetSeconds });
      if (!result.ok) {
        notify(result.error, { title: 'Starting the search' });
        return;
      }
      const now = Date.now();
      set({ loss: [], job: { jobId: result.value.jobId, kind: 'models.search', state: 'queued', done: 0, total: null, startedAt: now, updatedAt: now } });
    },

    async cancel() {
      const job = get().job;
      if (job === null) return;
      const result = await client.invoke('jobs:cancel', { jobId: job.jobId });
      if (!result.ok) notify(result.error, { title: 'Cancelling the training' });
    },

    async load() {
      const result = await client.invoke('models:list', {});
      if (!result.ok) {
        notify(result.error, { title: 'Loading the model registry' });
        return;
      }
      set({ models: result.value });
      const selected = get().selectedId;
      if (selected === null && result.value[0] !== undefined) await get().select(result.value[0].id);
    },

    async select(modelId) {
      set({ selectedId: modelId, forecast: null, drift: null, trials: null, shadow: null });
      if (modelId === null) return;
      const model = get().models?.find((candidate) => candidate.id === modelId);
      // A shadow report needs a challenger (or canary) and a champion of the same pair to compare with.
      const inShadow = model !== undefined && (model.state === 'challenger' || model.state === 'canary') && (get().models ?? []).some((other) => other.name === model.name && other.state === 'champion');
      const [forecast, drift, trials, shadow] = await Promise.all([
        client.invoke('models:test-forecast', { modelId }),
        client.invoke('models:drift', { modelId }),
        client.invoke('models:search-trials', { modelId }),
        inShadow ? client.invoke('models:shadow-report', { challengerId: modelId }) : Promise.resolve(null),
      ]);
      if (get().selectedId !== modelId) return;
      if (trials.ok) set({ trials: trials.value });
      else notify(trials.error, { title: 'Loading the search trials' });
      if (shadow !== null) {
        if (shadow.ok) set({ shadow: shadow.value });
        else notify(shadow.error, { title: 'Loading the shadow report' });
      }
      if (forecast.ok) set({ forecast: forecast.value });
      else notify(forecast.error, { title: 'Loading the test forecasts' });
      if (drift.ok) set({ drift: drift.value });
      else notify(drift.error, { title: 'Loading the drift checks' });
    },

    ask(change) {
      set({ pending: change });
    },

    async confirm(reason) {
      const pending = get().pending;
      if (pending === null) return;
      const trimmed = reason.trim();
      const result =
        pending.kind === 'promote'
          ? await client.invoke('models:promote', { modelId: pending.model.id, confirmed: true, ...(trimmed === '' ? {} : { reason: trimmed }) })
          : pending.kind === 'retire'
            ? await client.invoke('models:retire', { modelId: pending.model.id, confirmed: true, ...(trimmed === '' ? {} : { reason: trimmed }) })
            : await client.invoke('models:rollback', { name: pending.name, confirmed: true, reason: trimmed });
      if (!result.ok) {
        notify(result.error, { title: pending.kind === 'rollback' ? `Rolling back ${pending.name}` : `Changing ${pending.model.name} v${pending.model.version}` });
        return;
      }
      set({ pending: null });
      await get().load();
      // The change may open (or close) the selected version's shadow report: reload its panels.
      await get().select(get().selectedId);
    },

    async checkDrift() {
      const modelId = get().selectedId;
      if (modelId === null) return;
      const result = await client.invoke('models:drift-check', { modelId });
      if (!result.ok) {
        notify(result.error, { title: 'Checking drift' });
        return;
      }
      set({ drift: [result.value, ...(get().drift ?? [])] });
      await get().load();
    },

    start() {
      const stopLoss = client.on('models:loss', (point) => {
        const job = get().job;
        if (job === null || point.jobId !== job.jobId) return;
        set({ loss: [...get().loss, point] });
      });
      const stopJobs = client.on('job:progress', (progress) => {
        const job = get().job;
        if (job === null || progress.jobId !== job.jobId) return;
        set({ job: progress });
        if (isTerminal(progress.state) && progress.state === 'succeeded') {
          set({ selectedId: null });
          void get().load();
        }
      });
      return () => {
        stopLoss();
        stopJobs();
      };
    },
  }));
}
