import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { systemClock } from '../../../src/main/core/time/clock';
import { EventBus } from '../../../src/main/events/event-bus';
import { JobManager } from '../../../src/main/jobs/job-manager';
import { LocalJobRunner } from '../../../src/main/jobs/local-job-runner';
import { ModelsService } from '../../../src/main/models/models.service';
import { searchConfigSchema } from '../../../src/main/models/hyperparameter-search';
import { syntheticPair } from '../../../src/main/models/synthetic-pair';
import { loadTfRuntime } from '../../../src/main/models/tf-backend';
import { appConfigSchema } from '../../../src/shared/domain/config';
import { trainRequestSchema } from '../../../src/shared/ipc/sections/models';
import type { LossPoint } from '../../../src/shared/ipc/sections/models';
import { modelForecastWorker } from '../../../src/main/workers/model-forecast.descriptor';
import { modelPredictWorker } from '../../../src/main/workers/model-predict.descriptor';
import { modelTrainWorker } from '../../../src/main/workers/model-train.descriptor';
import { trainWorker } from '../../../src/main/workers/train.descriptor';
import { SharedInputCache } from '../../../src/main/workers/shared-inputs';
import { WorkerPool } from '../../../src/main/workers/worker-pool';
import { openRegistryKit, type RegistryKit } from './registry-test-kit';

const logger = pino({ level: 'silent' });
const full = syntheticPair({ rows: 303, seed: 12 });
/** Stored rows: the test moves this forward to make new days arrive. */
let storedRows = 300;
const cut = (leg: { days: Int32Array; closes: Float64Array }) => ({ days: leg.days.slice(0, storedRows), closes: leg.closes.slice(0, storedRows) });

let kit: RegistryKit;
let pool: WorkerPool;
let events: EventBus;
let service: ModelsService;
let jobs: JobManager;
beforeEach(() => {
  storedRows = 300;
  kit = openRegistryKit();
  pool = new WorkerPool(logger, 1);
  events = new EventBus({ logger });
  jobs = new JobManager(events, logger, new LocalJobRunner(pool, new SharedInputCache()));
  service = new ModelsService({
    store: kit.research,
    config: appConfigSchema.parse({}),
    jobs,
    runTraining: (input, options) => pool.run(modelTrainWorker, input, options),
    events,
    audit: kit.audit,
    alerts: { raise: () => null },
    clock: systemClock,
    logger,
    codeVersion: 'arbdesk test',
    series: async (symbol) => cut(symbol === 'KO' ? full.y : full.x),
    trainFold: (input) => pool.run(trainWorker, input),
    runtime: () => loadTfRuntime(),
    runForecast: (input, options) => pool.run(modelForecastWorker, input, options),
    runPredict: (input) => pool.run(modelPredictWorker, { ...input, dbPath: kit.research.path, busyTimeoutMs: 5000 }),
  });
});
afterEach(async () => {
  await pool.close();
  kit.close();
});

const small = trainRequestSchema.parse({ y: 'KO', x: 'PEP', window: 10, layers: [{ units: 4, dropout: 0.1 }], epochs: 3, patience: 100, seed: 5 });

describe('models service', () => {
  it('trains on a worker, streams one loss point per epoch, and registers the result as a candidate', { timeout: 120_000 }, async () => {
    const points: LossPoint[] = [];
    events.subscribe('models:loss', (point) => points.push(point));
    const job = service.startTraining(small, 'user');
    const outcome = await job.result;
    expect(points.map((point) => point.epoch)).toEqual([1, 2, 3]);
    expect(points.every((point) => point.jobId === job.jobId && point.epochs === 3)).toBe(true);
    expect(points.map((point) => point.trainLoss)).toEqual(outcome.trainLoss);
    expect(outcome.model).toMatchObject({ name: 'KO/PEP', version: 1, state: 'candidate', dataVersion: { y: 'KO', x: 'PEP', rows: 300 } });
    const forecast = service.testForecast(outcome.model.id);
    expect(forecast.days.length).toBe(forecast.predicted.length);
    expect(forecast.actual.length).toBe(forecast.predicted.length);
    expect(forecast.days.length).toBeGreaterThan(10);
    expect(kit.audit.list({ limit: 5, action: 'model.register' })).toHaveLength(1);
  });

  it('cancels a training mid-run and registers nothing', { timeout: 120_000 }, async () => {
    const job = service.startTraining({ ...small, epochs: 500 }, 'user');
    const unsubscribe = events.subscribe('models:loss', (point) => {
      if (point.epoch === 1) jobs.cancel(job.jobId);
    });
    await expect(job.result).rejects.toMatchObject({ code: 'CANCELLED' });
    unsubscribe();
    expect(service.list()).toEqual([]);
  });

  it('refuses a pair of one symbol', () => {
    expect(() => service.startTraining({ ...small, x: 'KO' }, 'user')).toThrow(/two different symbols/);
  });

  it('checks drift of a trained model against its own training rows from the stored series', { timeout: 120_000 }, async () => {
    const { model } = await service.startTraining(small, 'user').result;
    const outcome = await service.checkDrift(model.id);
    expect(outcome.report.inputs.map((row) => row.name)).toEqual(['spread', 'zScore', 'returnY', 'returnX', 'volatility']);
    expect(service.driftChecks(model.id, 5)).toHaveLength(1);
  });

  it('logs the deployed versions\' predictions (champion live, challenger shadow) and fills in outcomes as days arrive', { timeout: 180_000 }, async () => {
    const confirmed = { actor: 'user', confirmed: true } as const;
    const champion = (await service.startTraining(small, 'user').result).model;
    const challenger = (await service.startTraining({ ...small, seed: 6 }, 'user').result).model;
    await expect(service.predictDeployed('KO/PEP')).rejects.toMatchObject({ code: 'NOT_FOUND' });
    for (let step = 0; step < 3; step += 1) service.promote(champion.id, confirmed);
    service.promote(challenger.id, confirmed);
    const days: number[] = [];
    for (let stored = 300; stored <= 303; stored += 1) {
      storedRows = stored;
      const logged = (await service.predictDeployed('KO/PEP')).sort((a, b) => a.modelId - b.modelId);
      expect(logged.map((row) => [row.modelId, row.mode])).toEqual([
        [champion.id, 'live'],
        [challenger.id, 'shadow'],
      ]);
      expect(logged.every((row) => /^[0-9a-f]{64}$/.test(row.inputHash) && Number.isFinite(row.prediction))).toBe(true);
      days.push(logged[0]?.day ?? Number.NaN);
    }
    expect(days).toEqual(Array.from(full.y.days.slice(299, 303)));
    const log = service.livePredictions(challenger.id);
    // Every day but the newest now has its outcome: the spread change that followed it.
    expect(log.map((row) => row.actual === null)).toEqual([false, false, false, true]);
    const report = service.shadowReport(challenger.id);
    expect(report.days).toEqual(days.slice(0, 3));
    expect(report.dieboldMariano?.samples).toBe(3);
  });

  it('searches hyperparameters on the worker pool within its budget, then trains and registers the best', { timeout: 240_000 }, async () => {
    const job = service.startSearch({ ...small, epochs: 2, search: searchConfigSchema.parse({ method: 'random', trials: 2, units: { min: 2, max: 5 }, budgetMs: 600_000, seed: 3 }) }, 'user');
    const { search, trained } = await job.result;
    expect(search.trials).toHaveLength(2);
    expect(search.trials.every((trial) => Number.isFinite(trial.score))).toBe(true);
    const best = search.candidates[search.best];
    expect(trained.model.hyperparameters).toMatchObject({ model: best?.model });
    expect(service.list().map((model) => model.state)).toEqual(['candidate']);
  });
});
