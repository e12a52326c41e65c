import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAuditService } from '../../../src/main/audit/audit.service';
import { parseBacktestConfig } from '../../../src/main/backtest/backtest-config';
import { BacktestService } from '../../../src/main/backtest/backtest.service';
import { ManualClock, systemClock } from '../../../src/main/core/time/clock';
import { formatIsoDate } from '../../../src/main/core/time/epoch-day';
import { LocalStoreProvider } from '../../../src/main/data/service/local-store-provider';
import { EventBus } from '../../../src/main/events/event-bus';
import { JobManager } from '../../../src/main/jobs/job-manager';
import { LocalJobRunner } from '../../../src/main/jobs/local-job-runner';
import { ModelsService } from '../../../src/main/models/models.service';
import type { ModelForecastSet } from '../../../src/main/models/strategy/model-forecast-task';
import type { Store } from '../../../src/main/store/db';
import { tradingMigrations } from '../../../src/main/store/trading-migrations';
import { modelForecastWorker } from '../../../src/main/workers/model-forecast.descriptor';
import { modelPredictWorker } from '../../../src/main/workers/model-predict.descriptor';
import { modelTrainWorker } from '../../../src/main/workers/model-train.descriptor';
import { SharedInputCache } from '../../../src/main/workers/shared-inputs';
import { trainWorker } from '../../../src/main/workers/train.descriptor';
import { WorkerPool } from '../../../src/main/workers/worker-pool';
import { appConfigSchema } from '../../../src/shared/domain/config';
import type { BacktestReport } from '../../../src/shared/ipc/sections/backtest';
import { trainRequestSchema } from '../../../src/shared/ipc/sections/models';
import { makeTempHome } from '../../helpers/temp-home';
import { openStore } from '../data/data-test-kit';
import { after, importSample, silent } from '../scanner/scanner-kit';
import { openTestStore } from '../store/store-test-kit';

/**
 * A `kind: 'model'` backtest end to end on the bundled sample: a version trained and
 * registered by the models service, its walk-forward forecasts computed by the
 * model-forecast worker (never on this thread), handed to the backtest worker as plain data,
 * and the run stored like any other. Promoting the version to canary shrinks every entry to
 * the configured share of the risk budget.
 */
const home = makeTempHome('arbdesk-model-backtest-');
let store: Store;
let trading: Store;
let pool: WorkerPool;
let models: ModelsService;
let backtests: BacktestService;
const prepared: ModelForecastSet[][] = [];
const config = appConfigSchema.parse({});

beforeAll(async () => {
  store = openStore(home.dir);
  trading = openTestStore(path.join(home.dir, 'trading.sqlite'), tradingMigrations);
  await importSample(store);
  pool = new WorkerPool(silent, 2);
  const events = new EventBus();
  const jobs = new JobManager(events, silent, new LocalJobRunner(pool, new SharedInputCache()));
  const bars = new LocalStoreProvider(store);
  models = new ModelsService({
    store,
    config,
    jobs,
    runTraining: (input, options) => pool.run(modelTrainWorker, input, options),
    events,
    audit: createAuditService(trading.db, { now: () => systemClock.now() }),
    alerts: { raise: () => null },
    clock: systemClock,
    logger: silent,
    codeVersion: 'arbdesk test',
    series: async (symbol) => {
      const series = await bars.getSeries({ symbol });
      return { days: series.days, closes: series.close };
    },
    trainFold: (input) => pool.run(trainWorker, input),
    // Issue 15: forecasts and predictions run on workers; this thread's TensorFlow.js is never asked for.
    runtime: () => Promise.reject(new Error('the main thread loaded TensorFlow.js')),
    runForecast: (input, options) => pool.run(modelForecastWorker, input, options),
    runPredict: (input) => pool.run(modelPredictWorker, { ...input, dbPath: store.path, busyTimeoutMs: 5000 }),
  });
  backtests = new BacktestService({
    store,
    busyTimeoutMs: 5000,
    jobs,
    workers: pool,
    logger: silent,
    clock: new ManualClock(after),
    codeVersion: 'arbdesk test',
    splitsFile: null,
    prepareModelForecasts: async (run, context) => {
      const sets = await models.prepareBacktestForecasts(run, context);
      prepared.push(sets);
      return sets;
    },
  });
}, 120_000);

afterAll(async () => {
  await pool.close();
  store.close();
  trading.close();
  home.cleanup();
});

const runConfig = (modelId: number) => ({
  pairs: [{ y: 'KO', x: 'PEP' }],
  from: '2014-02-10',
  to: '2018-02-07',
  capital: 1_000_000,
  costs: 'none',
  fill: 'next_open',
  strategy: { kind: 'model', modelId: String(modelId), lookback: 40, entry: 1.0, exit: 0.3, stop: 4.0 },
});

async function run(modelId: number): Promise<BacktestReport> {
  const started = backtests.start(runConfig(modelId));
  await started.result;
  const { run: stored, report } = backtests.get(started.runId);
  expect(stored.state).toBe('succeeded');
  if (report === null) throw new Error(`run ${started.runId} stored no report`);
  return report;
}

const entries = (report: BacktestReport) => (report.pairs[0]?.markers ?? []).filter((marker) => marker.kind === 'entry');

describe('a model-driven backtest through the backtest service', () => {
  it('runs out of sample on worker-computed forecasts, enters only where the model agrees, and sizes a canary at its capped share', { timeout: 600_000 }, async () => {
    const trained = await models.startTraining(
      trainRequestSchema.parse({ y: 'KO', x: 'PEP', window: 10, layers: [{ units: 4, dropout: 0 }], epochs: 2, patience: 100, seed: 3 }),
      'user',
    ).result;
    const id = trained.model.id;

    const research = await run(id);
    const sets = prepared[0];
    expect(sets).toHaveLength(1);
    const set = sets?.[0];
    if (set === undefined) throw new Error('no forecast set prepared');
    expect(set).toMatchObject({ modelId: String(id), y: 'KO', x: 'PEP', riskShare: 1 });
    // Walk-forward: the first forecast is well after the sample starts (a fold's fit rows come first).
    expect(set.days.length).toBeGreaterThan(50);
    const forecastDay = new Map(Array.from(set.days, (day, index) => [formatIsoDate(day), index]));
    // Every entry is on a day the model forecast, and in the direction it agreed with.
    const taken = entries(research);
    expect(taken.length).toBeGreaterThan(0);
    for (const entry of taken) {
      const index = forecastDay.get(entry.date);
      expect(index, `entry on ${entry.date} has a forecast`).toBeDefined();
      const up = (set.probabilityUp[index ?? -1] as number) >= (set.threshold[index ?? -1] as number);
      expect(entry.direction === 'long').toBe(up);
    }
    expect((research.noDecisionCounts['model_veto'] ?? 0) + (research.noDecisionCounts['missing_data'] ?? 0)).toBeGreaterThan(0);

    // The in-process provider is built from the same worker-computed sets (the runtime above refuses).
    const provider = await models.prepareStrategyProvider([{ modelId: String(id), y: 'KO', x: 'PEP' }]);
    const modelStrategy = parseBacktestConfig(runConfig(id)).strategy;
    if (modelStrategy.kind !== 'model') throw new Error('the run config names a model strategy');
    const strategy = provider.create({ pair: { id: 'KO/PEP', y: 'KO', x: 'PEP' }, strategy: modelStrategy });
    expect(strategy.kind).toBe('model');
    expect(prepared).toHaveLength(1);

    // Up the ladder to canary: the same (seeded) retraining, every entry at the capped share.
    for (let step = 0; step < 2; step += 1) models.promote(id, { actor: 'user', confirmed: true, reason: 'canary trial' });
    expect(models.list().find((record) => record.id === id)?.state).toBe('canary');
    const canary = await run(id);
    const canarySet = prepared[1]?.[0];
    expect(canarySet?.riskShare).toBe(config.models.canaryRiskShare);
    expect(Array.from(canarySet?.probabilityUp ?? [])).toEqual(Array.from(set.probabilityUp));
    expect(entries(canary).map((entry) => entry.date)).toEqual(taken.map((entry) => entry.date).slice(0, entries(canary).length));
    const first = research.trades[0];
    const firstCanary = canary.trades[0];
    if (first === undefined || firstCanary === undefined) throw new Error('both runs trade');
    expect(firstCanary.entryDate).toBe(first.entryDate);
    // Fixed-fraction sizing is linear in the budget; lots round to whole shares.
    expect(Math.abs(firstCanary.quantityY)).toBeCloseTo(Math.abs(first.quantityY) * config.models.canaryRiskShare, -1);
    expect(Math.abs(firstCanary.quantityY)).toBeLessThan(Math.abs(first.quantityY) * 0.5);
  });
});
