import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAuditService } from '../../../src/main/audit/audit.service';
import { BrokerStatusHolder } from '../../../src/main/broker/broker-status';
import { PaperDesk } from '../../../src/main/broker/paper/paper-desk';
import type { ReplayTimer } from '../../../src/main/broker/quotes/market-replay';
import { ManualClock, systemClock } from '../../../src/main/core/time/clock';
import { epochDayFromIso } from '../../../src/main/core/time/epoch-day';
import { LocalStoreProvider } from '../../../src/main/data/service/local-store-provider';
import { EventBus } from '../../../src/main/events/event-bus';
import { JobManager } from '../../../src/main/jobs/job-manager';
import { LocalJobRunner } from '../../../src/main/jobs/local-job-runner';
import { predictLstm } from '../../../src/main/models/lstm-training';
import { ModelsService } from '../../../src/main/models/models.service';
import { alignPair } from '../../../src/main/models/pair-alignment';
import { forecastFromOutput, inputWindowAt, outcomeAfter } from '../../../src/main/models/registry/deployed-predictor';
import { inputWindowHash } from '../../../src/main/models/registry/prediction-log';
import { ReplayShadow } from '../../../src/main/models/registry/replay-shadow';
import { computeFeatures } from '../../../src/main/models/spread-features';
import { loadTfRuntime } from '../../../src/main/models/tf-backend';
import type { Store } from '../../../src/main/store/db';
import { BarsRepo } from '../../../src/main/store/repos/bars.repo';
import { tradingMigrations } from '../../../src/main/store/trading-migrations';
import { modelForecastWorker } from '../../../src/main/workers/model-forecast.descriptor';
import { modelPredictWorker } from '../../../src/main/workers/model-predict.descriptor';
import { modelTrainWorker } from '../../../src/main/workers/model-train.descriptor';
import { SharedInputCache } from '../../../src/main/workers/shared-inputs';
import { trainWorker } from '../../../src/main/workers/train.descriptor';
import { WorkerPool } from '../../../src/main/workers/worker-pool';
import { appConfigSchema } from '../../../src/shared/domain/config';
import { trainRequestSchema } from '../../../src/shared/ipc/sections/models';
import { makeTempHome } from '../../helpers/temp-home';
import { openStore } from '../data/data-test-kit';
import { importSample, silent } from '../scanner/scanner-kit';
import { openTestStore } from '../store/store-test-kit';

/** Replay steps fire when the test says (the replay's own timer is wall time). */
class StepTimer implements ReplayTimer {
  private pending: (() => void) | null = null;
  schedule(_delayMs: number, run: () => void): () => void {
    this.pending = run;
    return () => {
      if (this.pending === run) this.pending = null;
    };
  }
  fire(): boolean {
    const run = this.pending;
    if (run === null) return false;
    this.pending = null;
    run();
    return true;
  }
}

const home = makeTempHome('arbdesk-replay-shadow-');
let store: Store;
let trading: Store;
let pool: WorkerPool;
let models: ModelsService;
let desk: PaperDesk;
let shadow: ReplayShadow;
const timer = new StepTimer();
const bars = () => new LocalStoreProvider(store);

beforeAll(async () => {
  store = openStore(home.dir);
  trading = openTestStore(path.join(home.dir, 'trading.sqlite'), tradingMigrations);
  await importSample(store);
  pool = new WorkerPool(silent, 2);
  const events = new EventBus();
  const provider = bars();
  models = new ModelsService({
    store,
    config: appConfigSchema.parse({}),
    jobs: new JobManager(events, silent, new LocalJobRunner(pool, new SharedInputCache())),
    runTraining: (input, options) => pool.run(modelTrainWorker, input, options),
    events,
    audit: createAuditService(trading.db, { now: () => systemClock.now() }),
    alerts: { raise: () => null },
    clock: systemClock,
    logger: silent,
    codeVersion: 'arbdesk test',
    series: async (symbol) => {
      const series = await provider.getSeries({ symbol });
      return { days: series.days, closes: series.close };
    },
    trainFold: (input) => pool.run(trainWorker, input),
    // Issue 15: forecasts and predictions run on workers; this thread's TensorFlow.js is never asked for.
    runtime: () => Promise.reject(new Error('the main thread loaded TensorFlow.js')),
    runForecast: (input, options) => pool.run(modelForecastWorker, input, options),
    runPredict: (input) => pool.run(modelPredictWorker, { ...input, dbPath: store.path, busyTimeoutMs: 5000 }),
  });
  const repo = new BarsRepo(store.db);
  const clock = new ManualClock(Date.UTC(2030, 0, 2));
  desk = new PaperDesk({
    tradingDb: trading.db,
    events,
    status: new BrokerStatusHolder('paper', events, () => clock.now()),
    clock,
    logger: silent,
    timer,
    loadBars: async (symbol, range) => repo.bars(symbol, range),
    listSymbols: async () => ['KO', 'PEP'],
  });
  shadow = new ReplayShadow({ sessions: desk, predictor: models, logger: silent });
}, 120_000);

afterAll(async () => {
  shadow.stop();
  desk.dispose();
  await pool.close();
  store.close();
  trading.close();
  home.cleanup();
});

describe('shadow predictions in the market replay', () => {
  it('logs the champion\'s, canary\'s and challenger\'s forecast at every replayed close, with version and input hash, and places no orders', { timeout: 300_000 }, async () => {
    const request = (seed: number) => trainRequestSchema.parse({ y: 'KO', x: 'PEP', window: 10, layers: [{ units: 4, dropout: 0 }], epochs: 2, patience: 100, seed });
    const confirmed = { actor: 'user', confirmed: true } as const;
    const champion = (await models.startTraining(request(1), 'user').result).model;
    const canary = (await models.startTraining(request(2), 'user').result).model;
    const challenger = (await models.startTraining(request(3), 'user').result).model;
    // Canary first, then champion: promoting a canary to champion would take the canary slot's version.
    for (let step = 0; step < 3; step += 1) models.promote(champion.id, confirmed);
    for (let step = 0; step < 2; step += 1) models.promote(canary.id, confirmed);
    models.promote(challenger.id, confirmed);
    expect([champion.id, canary.id, challenger.id].map((id) => models.list().find((row) => row.id === id)?.state)).toEqual(['champion', 'canary', 'challenger']);

    shadow.start();
    await desk.startReplay({ symbols: ['KO', 'PEP'], from: '2017-06-01', to: '2017-06-09', speed: 1 });
    while (timer.fire()) {
      // Each step closes one session; the shadow logging of that close runs on the worker pool.
      await shadow.idle();
    }
    await shadow.idle();
    expect(desk.replay.status().state).toBe('finished');
    expect(shadow.failures()).toBe(0);

    const ko = await bars().getSeries({ symbol: 'KO' });
    const replayed = Array.from(ko.days).filter((day) => day >= epochDayFromIso('2017-06-01') && day <= epochDayFromIso('2017-06-09'));
    expect(replayed.length).toBe(7);
    const logs = [champion, canary, challenger].map((record) => models.livePredictions(record.id));
    expect(logs.map((log) => log.map((row) => row.day))).toEqual([replayed, replayed, replayed]);
    expect(logs.map((log) => [...new Set(log.map((row) => row.mode))])).toEqual([['live'], ['canary'], ['shadow']]);
    // The challenger in shadow (and the shadow logging itself) placed no orders.
    expect(desk.broker.ordersNow(true)).toEqual([]);

    // The challenger's log recomputed here from rows up to each close only: same hash, same forecast, outcome from the next close.
    const runtime = await loadTfRuntime();
    const loaded = await models.registry.load(runtime, challenger.id);
    const pep = await bars().getSeries({ symbol: 'PEP' });
    const challengerLog = logs[2] ?? [];
    for (const [index, row] of challengerLog.entries()) {
      const cut = (leg: typeof ko) => {
        const end = leg.days.findIndex((day) => day > row.day);
        const upTo = end === -1 ? leg.days.length : end;
        return { days: leg.days.subarray(0, upTo), closes: leg.close.subarray(0, upTo) };
      };
      const pair = alignPair(cut(ko), cut(pep), loaded.metadata.features.maxForwardFillRows);
      const table = computeFeatures(pair, loaded.metadata.hedge, loaded.metadata.features);
      const inputs = inputWindowAt(table, loaded.metadata.scaler, loaded.metadata.features.window, table.rows - 1);
      if (inputs === null) throw new Error(`no input window on ${row.day}`);
      expect(row.inputHash).toBe(inputWindowHash(inputs));
      const output = predictLstm(runtime, loaded.metadata.model, loaded.weights, { count: 1, window: loaded.metadata.features.window, features: loaded.metadata.featureNames.length, inputs })[0];
      expect(row.prediction).toBeCloseTo(forecastFromOutput(challenger.target, loaded.metadata.scaler, output ?? Number.NaN), 9);
      if (index === challengerLog.length - 1) {
        // The last replayed close has no next session yet: its outcome is unknown, not looked up ahead.
        expect(row.actual).toBeNull();
      } else {
        const full = alignPair({ days: ko.days, closes: ko.close }, { days: pep.days, closes: pep.close }, loaded.metadata.features.maxForwardFillRows);
        const fullTable = computeFeatures(full, loaded.metadata.hedge, loaded.metadata.features);
        expect(row.actual).toBe(outcomeAfter(fullTable, challenger.target, full.days.indexOf(row.day)));
      }
    }

    // Champion vs challenger over the shadow period, with the Diebold-Mariano test.
    const report = models.shadowReport(challenger.id);
    expect(report.days).toEqual(replayed.slice(0, -1));
    expect(report.dieboldMariano?.samples).toBe(replayed.length - 1);
  });
});
