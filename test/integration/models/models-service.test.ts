import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { systemClock } from '../../../src/main/core/time/clock';
import { EventBus } from '../../../src/main/events/event-bus';
import { JobManager } from '../../../src/main/jobs/job-manager';
import { LocalJobRunner } from '../../../src/main/jobs/local-job-runner';
import { ModelsService } from '../../../src/main/models/models.service';
import { syntheticPair } from '../../../src/main/models/synthetic-pair';
import { loadTfRuntime } from '../../../src/main/models/tf-backend';
import { appConfigSchema } from '../../../src/shared/domain/config';
import { trainRequestSchema } from '../../../src/shared/ipc/sections/models';
import type { LossPoint } from '../../../src/shared/ipc/sections/models';
import { modelTrainWorker } from '../../../src/main/workers/model-train.descriptor';
import { trainWorker } from '../../../src/main/workers/train.descriptor';
import { SharedInputCache } from '../../../src/main/workers/shared-inputs';
import { WorkerPool } from '../../../src/main/workers/worker-pool';
import { openRegistryKit, type RegistryKit } from './registry-test-kit';

const logger = pino({ level: 'silent' });
const legs = syntheticPair({ rows: 300, seed: 12 });

let kit: RegistryKit;
let pool: WorkerPool;
let events: EventBus;
let service: ModelsService;
let jobs: JobManager;
beforeEach(() => {
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
    series: async (symbol) => (symbol === 'KO' ? legs.y : legs.x),
    trainFold: (input) => pool.run(trainWorker, input),
    runtime: () => loadTfRuntime(),
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
});

