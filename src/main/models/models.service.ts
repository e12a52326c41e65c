import { createHash } from 'node:crypto';
import type { Logger } from 'pino';
import type { AppConfig } from '../../shared/domain/config';
import { AppError, strictAssert } from '../../shared/ipc/errors';
import type { TrainRequest } from '../../shared/ipc/sections/models';
import type { CloseSeries } from '../core/market/series';
import type { Clock } from '../core/time/clock';
import type { EventBus } from '../events/event-bus';
import type { JobContext, JobManager, StartedJob } from '../jobs/job-manager';
import type { Store } from '../store/db';
import { ModelRegistryRepo } from '../store/repos/model-registry.repo';
import { parseEpochMessage, type ModelTrainInput, type ModelTrainOutput } from '../workers/model-train.descriptor';
import type { DriftCheckRecord, ModelVersionRecord, PredictionRecord, TrainingDataVersion } from './core/model-registry-types';
import { deserializeArtifact, type ModelArtifactMetadata } from './model-artifact';
import { modelLabConfigSchema, type ModelLabConfig } from './model-config';
import { alignPair } from './pair-alignment';
import { DriftMonitor, type DriftCheckOutcome, type ModelAlertSink } from './registry/drift-monitor';
import { ModelRegistry, type ChangeRequest, type RegistryAudit } from './registry/model-registry';
import { PredictionLog, shadowReport, type ShadowReport } from './registry/prediction-log';
import { computeFeatures, featureNames } from './spread-features';
import { predictLstm } from './lstm-training';
import { ModelStrategyProvider } from './strategy/model-pair-strategy';
import { ModelForecastPreparer, type ForecastRunner } from './strategy/model-forecast-preparer';
import type { ModelForecastSet } from './strategy/model-forecast-task';
import type { BacktestConfig } from '../backtest/backtest-config';
import type { TfRuntime } from './tf-backend';
import { chronologicalSplit, walkForwardFitting } from './data-splits';
import { runSearch, type SearchConfig, type SearchResult } from './hyperparameter-search';
import { predictionModeOf } from './core/model-states';
import type { DeployedPredictInput, DeployedPredictOutput } from './registry/deployed-predict-task';
import type { FoldTrainer } from './walk-forward-experiment';

/** Runs one training: the worker pool in the app, the same task in-process in the CLI and tests. */
export type TrainRunner = (input: ModelTrainInput, options: { signal: AbortSignal; onProgress: (done: number, total: number | null, message?: string) => void }) => Promise<ModelTrainOutput>;

export interface ModelsServiceDeps {
  readonly store: Store;
  readonly config: AppConfig;
  readonly jobs: JobManager;
  readonly runTraining: TrainRunner;
  readonly events: Pick<EventBus, 'publish'>;
  readonly audit: RegistryAudit;
  readonly alerts: ModelAlertSink;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly codeVersion: string;
  /** One leg's stored closes (the market data service). */
  readonly series: (symbol: string) => Promise<CloseSeries>;
  /** Trains one walk-forward fold (the train worker in the app, so folds use both cores). */
  readonly trainFold: FoldTrainer;
  /** The TensorFlow.js runtime for forecasts in this thread (loaded on first use). */
  readonly runtime: () => Promise<TfRuntime>;
  /** A model strategy's walk-forward forecasts for one pair (the model-forecast worker). */
  readonly runForecast: ForecastRunner;
  /** One deployed version's forecast for a day (the model-predict worker, which reads this store itself). */
  readonly runPredict: (input: DeployedPredictInput) => Promise<DeployedPredictOutput>;
}

export interface TrainOutcome {
  readonly model: ModelVersionRecord;
  readonly trainLoss: readonly number[];
  readonly validationLoss: readonly number[];
  readonly backendDetail: string;
}

/** The test window's forecasts against what happened, as the registry keeps them. */
export interface TestForecast {
  readonly days: number[];
  readonly predicted: number[];
  readonly actual: number[];
}

/** A search on a pair: the form's hyperparameters are the base, the search varies them. */
export interface SearchRequest extends TrainRequest {
  readonly search: SearchConfig;
}

/** One trial of a search with its candidate's hyperparameters (the trials table's row). */
export interface SearchTrialRow {
  readonly candidate: number;
  readonly rung: number;
  readonly epochs: number;
  readonly score: number;
  readonly units: number[];
  readonly dropout: number;
  readonly learningRate: number;
  readonly batchSize: number;
}

export interface StoredSearch {
  readonly method: SearchConfig['method'];
  readonly best: number;
  readonly stoppedByBudget: boolean;
  readonly trials: SearchTrialRow[];
}

/** Rows of recent inputs the drift check compares with the training rows. */
const DRIFT_RECENT_ROWS = 120;

/** The request's hyperparameters as a full model-lab config (defaults from the schema). */
export function labConfigFromRequest(request: TrainRequest): ModelLabConfig {
  return modelLabConfigSchema.parse({
    features: { window: request.window },
    model: { target: request.target, layers: request.layers },
    training: { epochs: request.epochs, batchSize: request.batchSize, learningRate: request.learningRate, patience: request.patience, seed: request.seed },
  });
}

/**
 * The model lab's one service, called alike by its IPC handlers, the CLI and start-up work:
 * training jobs whose result is registered as a candidate, the registry's ladder, the
 * prediction log, shadow reports and drift checks.
 */
export class ModelsService {
  readonly repo: ModelRegistryRepo;
  readonly registry: ModelRegistry;
  readonly predictions: PredictionLog;
  readonly drift: DriftMonitor;
  readonly forecasts: ModelForecastPreparer;

  constructor(private readonly deps: ModelsServiceDeps) {
    this.forecasts = new ModelForecastPreparer({ store: deps.store, series: deps.series, runForecast: deps.runForecast, canaryRiskShare: () => deps.config.models.canaryRiskShare });
    this.repo = new ModelRegistryRepo(deps.store.db);
    this.registry = new ModelRegistry(this.repo, deps.audit, deps.clock);
    this.predictions = new PredictionLog(this.repo, deps.clock);
    this.drift = new DriftMonitor({ repo: this.repo, registry: this.registry, alerts: deps.alerts, clock: deps.clock, config: () => deps.config.models.drift });
  }

  startTraining(request: TrainRequest, actor: string): StartedJob<TrainOutcome> {
    if (request.y === request.x) throw new AppError('VALIDATION_FAILED', `A pair needs two different symbols, got ${request.y} twice.`, { field: 'x' });
    const config = labConfigFromRequest(request);
    return this.deps.jobs.start('models.train', (context) => this.trainAndRegister(request, config, context, actor));
  }

  /** One training on the worker, its loss points published, the result registered as a candidate. */
  private async trainAndRegister(request: Pick<TrainRequest, 'y' | 'x'>, config: ModelLabConfig, context: JobContext, actor: string, extra: Record<string, unknown> = {}): Promise<TrainOutcome> {
    const [y, x] = await Promise.all([this.deps.series(request.y), this.deps.series(request.x)]);
    const output = await this.deps.runTraining(
      { y: { symbol: request.y, ...y }, x: { symbol: request.x, ...x }, config, createdAtMs: this.deps.clock.now() },
      {
        signal: context.signal,
        onProgress: (done, total, message) => {
          context.progress(done, total, message);
          const losses = parseEpochMessage(message);
          if (losses !== null) this.deps.events.publish('models:loss', { jobId: context.jobId, epoch: done, epochs: total ?? done, ...losses });
        },
      },
    );
    const model = await this.registerOutput(request, output, y, x, actor, extra);
    return { model, trainLoss: output.trainLoss, validationLoss: output.validationLoss, backendDetail: output.backendDetail };
  }

  /** Starts a training whose outcome the UI follows through job events. */
  launchTraining(request: TrainRequest, actor: string): { jobId: string } {
    const job = this.startTraining(request, actor);
    job.result.catch((error: unknown) => this.deps.logger.debug({ jobId: job.jobId, err: error }, 'training job ended with an error'));
    return { jobId: job.jobId };
  }

  list(): ModelVersionRecord[] {
    return this.registry.list();
  }

  testForecast(modelId: number): TestForecast {
    const metadata = this.metadataOf(modelId);
    const forecast = metadata.extra?.['testForecast'] as TestForecast | undefined;
    if (forecast === undefined) throw new AppError('NOT_FOUND', `Model version ${modelId} has no recorded test forecasts.`, { modelId });
    return forecast;
  }

  promote(modelId: number, request: ChangeRequest): ModelVersionRecord {
    return this.registry.promote(modelId, request);
  }

  rollback(name: string, request: ChangeRequest): ModelVersionRecord {
    return this.registry.rollback(name, request);
  }

  retire(modelId: number, request: ChangeRequest): ModelVersionRecord {
    return this.registry.retire(modelId, request);
  }

  driftChecks(modelId: number, limit: number): DriftCheckRecord[] {
    this.repo.require(modelId);
    return this.repo.driftChecks(modelId, limit);
  }

  /**
   * Checks a version's inputs now against its training rows: the features are recomputed with
   * the hedge and look-backs stored with the model, the reference is its fit window and the
   * current sample the newest rows of the stored series.
   */
  async checkDrift(modelId: number): Promise<DriftCheckOutcome> {
    const record = this.repo.require(modelId);
    const metadata = this.metadataOf(modelId);
    const [y, x] = await Promise.all([this.deps.series(record.dataVersion.y), this.deps.series(record.dataVersion.x)]);
    const pair = alignPair(y, x, metadata.features.maxForwardFillRows);
    const table = computeFeatures(pair, metadata.hedge, metadata.features);
    const column = (feature: number, from: number, to: number): Float64Array => {
      const values: number[] = [];
      for (let row = Math.max(0, from); row <= Math.min(table.rows - 1, to); row += 1) {
        const value = table.values[row * featureNames.length + feature] as number;
        if (Number.isFinite(value)) values.push(value);
      }
      return Float64Array.from(values);
    };
    const fit = metadata.windows.fit;
    const reference = featureNames.map((_, feature) => column(feature, fit.fromRow, fit.toRow));
    const current = featureNames.map((_, feature) => column(feature, table.rows - DRIFT_RECENT_ROWS, table.rows - 1));
    return this.drift.check(modelId, { featureNames, reference, current });
  }

  /** The drift check just run, as stored. */
  async checkDriftRecord(modelId: number): Promise<DriftCheckRecord> {
    const outcome = await this.checkDrift(modelId);
    const stored = this.repo.driftChecks(modelId, 1)[0];
    strictAssert(stored !== undefined && stored.id === outcome.checkId, 'the drift check just saved is the newest');
    return stored;
  }

  /** Champion vs this challenger over the days both logged (audit 4.2). */
  shadowReport(challengerId: number): ShadowReport {
    const challenger = this.repo.require(challengerId);
    const champion = this.registry.champion(challenger.name);
    if (champion === null) throw new AppError('CONFLICT', `${challenger.name} has no champion to compare with.`, { name: challenger.name });
    return shadowReport(this.repo.predictions(champion.id), this.repo.predictions(challengerId), { championId: champion.id, challengerId });
  }

  /**
   * A backtest's `kind: 'model'` forecasts as plain data for its worker: each pair's
   * walk-forward retraining and forecasting run as a model-forecast worker job (issue 15: the
   * main thread never trains or predicts), so the backtest is out of sample.
   */
  prepareBacktestForecasts(config: BacktestConfig, context: { signal?: AbortSignal; onProgress?: (message: string) => void } = {}): Promise<ModelForecastSet[]> {
    return this.forecasts.forBacktest(config, context);
  }

  /**
   * The strategy provider for in-process callers: the same worker-computed forecast sets,
   * keyed by model id and pair (the provider itself only looks them up).
   */
  async prepareStrategyProvider(requests: readonly { readonly modelId: string; readonly y: string; readonly x: string }[]): Promise<ModelStrategyProvider> {
    return ModelStrategyProvider.fromForecastSets(await this.forecasts.forPairs(requests));
  }

  /**
   * A bounded hyperparameter search on a pair as a job: every fold of every trial trains on
   * the worker pool (both cores), scored only on purged walk-forward folds before the test
   * range of the pair's chronological split, within the search's time budget.
   */
  startSearch(request: SearchRequest, actor: string): StartedJob<{ readonly search: SearchResult; readonly trained: TrainOutcome }> {
    if (request.y === request.x) throw new AppError('VALIDATION_FAILED', `A pair needs two different symbols, got ${request.y} twice.`, { field: 'x' });
    const base = labConfigFromRequest(request);
    return this.deps.jobs.start('models.search', async (context) => {
      const [y, x] = await Promise.all([this.deps.series(request.y), this.deps.series(request.x)]);
      const pair = alignPair(y, x, base.features.maxForwardFillRows);
      const holdout = chronologicalSplit(pair.days.length, base.split).test;
      const before = holdout.fromRow - base.walkForward.purgeRows - base.walkForward.embargoRows;
      const sized = { ...base, walkForward: walkForwardFitting(before, base.walkForward) };
      const runtime = await this.deps.runtime();
      let done = 0;
      const search = await runSearch(pair, holdout, sized, request.search, {
        train: this.deps.trainFold,
        predict: (model, weights, data) => predictLstm(runtime, model, weights, data),
        clock: this.deps.clock,
        signal: context.signal,
        onTrial: (trial) => {
          done += 1;
          context.progress(done, null, `trial ${trial.candidate} rung ${trial.rung}: score ${trial.score.toPrecision(4)}`);
        },
      });
      // The chosen configuration is trained once on the chronological split and registered; its test
      // window was never seen by the search.
      const best = search.candidates[search.best];
      strictAssert(best !== undefined, 'the search reports one of its own candidates');
      // The trials are stored with the version they chose (the Model lab's trials table).
      const trials: SearchTrialRow[] = search.trials.map((trial) => {
        const candidate = search.candidates[trial.candidate];
        strictAssert(candidate !== undefined, 'a trial names one of the search candidates');
        return { ...trial, units: candidate.model.layers.map((layer) => layer.units), dropout: candidate.model.layers[0]?.dropout ?? 0, learningRate: candidate.training.learningRate, batchSize: candidate.training.batchSize };
      });
      const record: StoredSearch = { method: request.search.method, best: search.best, stoppedByBudget: search.stoppedByBudget, trials };
      const trained = await this.trainAndRegister(request, { ...base, model: best.model, training: { ...best.training, epochs: base.training.epochs } }, context, actor, { search: record });
      return { search, trained };
    });
  }

  launchSearch(request: SearchRequest, actor: string): { jobId: string } {
    const job = this.startSearch(request, actor);
    job.result.catch((error: unknown) => this.deps.logger.debug({ jobId: job.jobId, err: error }, 'search job ended with an error'));
    return { jobId: job.jobId };
  }

  /**
   * Each deployed version of a pair (champion, canary, challenger in shadow) forecasts a day —
   * the newest stored one, or `asOfDay` (a replayed session's close) — from the window ending
   * there, and the prediction is logged with its version and input hash; earlier predictions
   * whose next day is now known get their outcome. Loading and predicting run as model-predict
   * worker jobs (the main thread never predicts); only rows up to the day are read.
   */
  async predictDeployed(name: string, options: { readonly asOfDay?: number } = {}): Promise<PredictionRecord[]> {
    const deployed = this.repo.list().filter((record) => record.name === name && predictionModeOf(record.state) !== null);
    if (deployed.length === 0) throw new AppError('NOT_FOUND', `${name} has no champion, canary or challenger to predict with.`, { name });
    const logged: PredictionRecord[] = [];
    for (const record of deployed) {
      const [y, x] = await Promise.all([this.deps.series(record.dataVersion.y), this.deps.series(record.dataVersion.x)]);
      const pendingDays = this.repo.predictions(record.id).filter((earlier) => earlier.actual === null).map((earlier) => earlier.day);
      const output = await this.deps.runPredict({ modelId: record.id, y, x, asOfDay: options.asOfDay ?? null, pendingDays });
      for (const outcome of output.outcomes) this.predictions.recordActual(record.id, outcome.day, outcome.actual);
      logged.push(this.predictions.log({ modelId: record.id, day: output.day, inputs: output.inputs, prediction: output.prediction }));
    }
    return logged;
  }

  /** The pairs (registry names) with a deployed version: what the replay's shadow logging predicts for. */
  deployedNames(): string[] {
    return [...new Set(this.repo.list().filter((record) => predictionModeOf(record.state) !== null).map((record) => record.name))];
  }

  /** The hyperparameter search that chose this version, or null for a version trained from the form. */
  searchTrials(modelId: number): StoredSearch | null {
    this.repo.require(modelId);
    const stored = this.metadataOf(modelId).extra?.['search'] as StoredSearch | undefined;
    return stored ?? null;
  }

  livePredictions(modelId: number): PredictionRecord[] {
    return this.predictions.predictions(modelId);
  }

  private metadataOf(modelId: number): ModelArtifactMetadata {
    return this.repo.artifact(modelId).metadata as unknown as ModelArtifactMetadata;
  }

  private async registerOutput(request: Pick<TrainRequest, 'y' | 'x'>, output: ModelTrainOutput, y: CloseSeries, x: CloseSeries, actor: string, extra: Record<string, unknown>): Promise<ModelVersionRecord> {
    const trained = deserializeArtifact(output.artifact);
    const testForecast: TestForecast = { days: Array.from(output.test.days), predicted: Array.from(output.test.predicted), actual: Array.from(output.test.actual) };
    const artifact = { ...trained, metadata: { ...trained.metadata, extra: { ...trained.metadata.extra, ...extra, testForecast, trainLoss: output.trainLoss, validationLoss: output.validationLoss } } };
    const dataVersion: TrainingDataVersion = {
      y: request.y,
      x: request.x,
      firstDay: output.firstDay,
      lastDay: output.lastDay,
      rows: output.rows,
      source: 'stored series',
      sha256: seriesHash(y, x),
    };
    return this.registry.register(artifact, { name: `${request.y}/${request.x}`, dataVersion, codeVersion: this.deps.codeVersion, metrics: output.metrics }, actor);
  }
}

/** SHA-256 over both legs' days and closes: the training data's identity. */
export function seriesHash(y: CloseSeries, x: CloseSeries): string {
  const hash = createHash('sha256');
  for (const leg of [y, x]) {
    hash.update(new Uint8Array(leg.days.buffer, leg.days.byteOffset, leg.days.byteLength));
    hash.update(new Uint8Array(leg.closes.buffer, leg.closes.byteOffset, leg.closes.byteLength));
  }
  return hash.digest('hex');
}
