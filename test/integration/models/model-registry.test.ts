import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../src/main/core/time/clock';
import { createSeededRandom } from '../../../src/main/core/random/seeded-random';
import { chronologicalSplit } from '../../../src/main/models/data-splits';
import { predictLstm } from '../../../src/main/models/lstm-training';
import { buildArtifact } from '../../../src/main/models/model-artifact';
import { modelLabConfigSchema } from '../../../src/main/models/model-config';
import { runExperiment, toSampleData, type ExperimentResult } from '../../../src/main/models/model-experiment';
import { alignPair } from '../../../src/main/models/pair-alignment';
import { DriftMonitor, type DriftMonitorConfig } from '../../../src/main/models/registry/drift-monitor';
import { inputWindowHash, PredictionLog, shadowReport } from '../../../src/main/models/registry/prediction-log';
import { registryMetrics } from '../../../src/main/models/registry/registry-metrics';
import type { RegisterInfo } from '../../../src/main/models/registry/model-registry';
import { syntheticPair } from '../../../src/main/models/synthetic-pair';
import { loadTfRuntime, type TfRuntime } from '../../../src/main/models/tf-backend';
import { expectAppError } from '../store/store-test-kit';
import { openRegistryKit, type RegistryKit } from './registry-test-kit';

const config = modelLabConfigSchema.parse({
  features: { window: 8, zScoreLookback: 5, volatilityLookback: 5 },
  model: { layers: [{ units: 4, dropout: 0.2 }, { units: 3, dropout: 0.2 }] },
  training: { epochs: 2, batchSize: 32, learningRate: 0.01, seed: 3 },
});

let runtime: TfRuntime;
let experiment: ExperimentResult;
beforeAll(async () => {
  runtime = await loadTfRuntime();
  const { y, x } = syntheticPair({ rows: 260, seed: 21 });
  experiment = await runExperiment(alignPair(y, x, 3), chronologicalSplit(260, config.split), config, { runtime, clock: new ManualClock(1_700_000_000_000) });
});

let kit: RegistryKit;
beforeEach(() => {
  kit = openRegistryKit();
});
afterEach(() => kit.close());

const info: RegisterInfo = {
  name: 'KO/PEP',
  dataVersion: { y: 'KO', x: 'PEP', firstDay: 0, lastDay: 259, rows: 260, source: 'synthetic seed 21', sha256: 'b'.repeat(64) },
  codeVersion: 'arbdesk test',
  metrics: { validation: {}, test: {} },
};

async function register(name = 'KO/PEP') {
  const artifact = await buildArtifact(runtime, experiment.training.weights, experiment.metadata);
  return kit.registry.register(artifact, { ...info, name, metrics: registryMetrics(experiment) }, 'user');
}

const confirmed = { actor: 'user', confirmed: true } as const;

describe('model registry', () => {
  it('stores the artifact in SQLite through the IO handler and loads it back with identical predictions', async () => {
    const record = await register();
    expect(record).toMatchObject({ name: 'KO/PEP', version: 1, state: 'candidate', target: 'regression', backend: runtime.backend });
    expect(record.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(record.metrics.validation['lstm']?.mse).toBeGreaterThan(0);
    expect(Object.keys(record.metrics.test).sort()).toEqual(['ar1', 'lstm', 'zScoreRule', 'zeroChange']);
    expect(record.hyperparameters).toMatchObject({ model: config.model, training: config.training });
    const loaded = await kit.registry.load(runtime, record.id);
    const data = toSampleData(experiment.dataset.test, 'regression');
    expect(Array.from(predictLstm(runtime, loaded.metadata.model, loaded.weights, data))).toEqual(Array.from(predictLstm(runtime, config.model, experiment.training.weights, data)));
    expect((await register()).version).toBe(2);
  });

  it('refuses an artifact whose bytes no longer match its SHA-256', async () => {
    const record = await register();
    kit.research.db.prepare("UPDATE model_versions SET weights = zeroblob(length(weights)) WHERE id = ?").run(record.id);
    await expect(kit.registry.load(runtime, record.id)).rejects.toMatchObject({ code: 'STORE_CORRUPT' });
  });

  it('promotes only one step at a time, only when confirmed, and audits every transition', async () => {
    const first = await register();
    expectAppError(() => kit.registry.promote(first.id, { actor: 'user', confirmed: false }), 'VALIDATION_FAILED');
    expect(kit.registry.promote(first.id, confirmed).state).toBe('challenger');
    expect(kit.registry.promote(first.id, confirmed).state).toBe('canary');
    expect(kit.registry.promote(first.id, confirmed).state).toBe('champion');
    expectAppError(() => kit.registry.promote(first.id, confirmed), 'CONFLICT');

    const second = await register();
    for (let step = 0; step < 3; step += 1) kit.registry.promote(second.id, confirmed);
    expect(kit.registry.get(second.id).state).toBe('champion');
    expect(kit.registry.get(first.id).state).toBe('retired');

    const audit = kit.audit.list({ limit: 50 }).reverse();
    expect(audit.map((row) => row.action)).toEqual(['model.register', 'model.promote', 'model.promote', 'model.promote', 'model.register', 'model.promote', 'model.promote', 'model.promote']);
    const last = audit.at(-1);
    expect(last).toMatchObject({ subject: 'KO/PEP v2', before: { state: 'canary' }, after: { state: 'champion' } });
    expect(last?.details['displaced']).toEqual([{ modelId: first.id, version: 1, from: 'champion', to: 'retired' }]);
    expect(kit.registry.history(first.id).map((change) => `${change.from}>${change.to}`)).toEqual(['candidate>challenger', 'challenger>canary', 'canary>champion', 'champion>retired']);
    expect(kit.audit.verifyChain().ok).toBe(true);
  });

  it('rolls back to the previous champion, with a reason, and audits it', async () => {
    const first = await register();
    for (let step = 0; step < 3; step += 1) kit.registry.promote(first.id, confirmed);
    expectAppError(() => kit.registry.rollback('KO/PEP', { ...confirmed, reason: 'bad' }), 'CONFLICT');
    const second = await register();
    for (let step = 0; step < 3; step += 1) kit.registry.promote(second.id, confirmed);
    expectAppError(() => kit.registry.rollback('KO/PEP', { ...confirmed, reason: ' ' }), 'VALIDATION_FAILED');
    const reinstated = kit.registry.rollback('KO/PEP', { ...confirmed, reason: 'v2 loses to v1 live' });
    expect(reinstated.id).toBe(first.id);
    expect(kit.registry.champion('KO/PEP')?.id).toBe(first.id);
    expect(kit.registry.get(second.id).state).toBe('retired');
    expect(kit.audit.list({ limit: 1, action: 'model.rollback' })[0]).toMatchObject({
      reason: 'v2 loses to v1 live',
      before: { championId: second.id, version: 2 },
      after: { championId: first.id, version: 1 },
    });
  });

  it('keeps one canary per model name: a new canary sends the old one back to shadow', async () => {
    const first = await register();
    const second = await register();
    kit.registry.promote(first.id, confirmed);
    kit.registry.promote(first.id, confirmed);
    kit.registry.promote(second.id, confirmed);
    kit.registry.promote(second.id, confirmed);
    expect(kit.registry.get(first.id).state).toBe('challenger');
    expect(kit.registry.get(second.id).state).toBe('canary');
  });
});

describe('prediction log and shadow report', () => {
  it('logs every prediction with its version, mode and input hash; a candidate does not predict', async () => {
    const log = new PredictionLog(kit.repo, kit.clock);
    const model = await register();
    const window = new Float32Array([0.5, -1, 2, 3]);
    expectAppError(() => log.log({ modelId: model.id, day: 100, inputs: window, prediction: 0.1 }), 'CONFLICT');
    kit.registry.promote(model.id, confirmed);
    const logged = log.log({ modelId: model.id, day: 100, inputs: window, prediction: 0.1 });
    expect(logged).toMatchObject({ modelId: model.id, mode: 'shadow', inputHash: inputWindowHash(Float32Array.from(window)) });
    expect(inputWindowHash(new Float32Array([0.5, -1, 2, 3.0001]))).not.toBe(logged.inputHash);
    log.recordActual(model.id, 100, 0.3);
    expect(log.predictions(model.id)).toEqual([{ ...logged, actual: 0.3 }]);
  });

  it('compares champion and challenger over the shadow period with a Diebold-Mariano test', async () => {
    const log = new PredictionLog(kit.repo, kit.clock);
    const champion = await register();
    for (let step = 0; step < 3; step += 1) kit.registry.promote(champion.id, confirmed);
    const challenger = await register();
    kit.registry.promote(challenger.id, confirmed);
    const random = createSeededRandom(5);
    for (let day = 0; day < 120; day += 1) {
      const actual = random.nextNormal();
      const inputs = new Float32Array([day]);
      // The challenger is right up to small noise; the champion is noisier.
      log.log({ modelId: champion.id, day, inputs, prediction: actual + random.nextNormal(), actual });
      log.log({ modelId: challenger.id, day, inputs, prediction: actual + 0.2 * random.nextNormal(), actual });
    }
    const report = shadowReport(log.predictions(champion.id), log.predictions(challenger.id), { championId: champion.id, challengerId: challenger.id });
    expect(report.days).toHaveLength(120);
    expect(report.challengerModes).toEqual(['shadow']);
    expect(report.challengerMse).toBeLessThan(report.championMse);
    expect(report.dieboldMariano?.meanDifferential).toBeGreaterThan(0);
    expect(report.dieboldMariano?.pValue).toBeLessThan(0.01);
  });
});

describe('drift monitor', () => {
  const driftConfig: DriftMonitorConfig = { psiBins: 10, psiAlarm: 0.25, ksAlpha: 0.01, errorWindow: 20, errorRatioAlarm: 1.5, minErrorSamples: 20, demoteChampionOnAlarm: true };
  const sample = (seed: number, mean: number, count = 500) => {
    const random = createSeededRandom(seed);
    return Float64Array.from({ length: count }, () => mean + random.nextNormal());
  };

  async function champion() {
    const model = await register();
    for (let step = 0; step < 3; step += 1) kit.registry.promote(model.id, confirmed);
    return model;
  }

  function monitor(raised: string[]) {
    return new DriftMonitor({ repo: kit.repo, registry: kit.registry, alerts: { raise: (alert) => { raised.push(`${alert.severity}: ${alert.title ?? ''}: ${alert.message}`); return null; } }, clock: kit.clock, config: () => driftConfig });
  }

  it('stays quiet on an unshifted distribution with errors like validation', async () => {
    const model = await champion();
    const log = new PredictionLog(kit.repo, kit.clock);
    const validationMse = kit.registry.get(model.id).metrics.validation['lstm']?.mse ?? Number.NaN;
    const random = createSeededRandom(8);
    for (let day = 0; day < 40; day += 1) log.log({ modelId: model.id, day, inputs: new Float32Array([day]), prediction: 0, actual: Math.sqrt(validationMse) * random.nextNormal() * 0.8 });
    const raised: string[] = [];
    const outcome = monitor(raised).check(model.id, { featureNames: ['spread', 'zscore'], reference: [sample(1, 0), sample(2, 0)], current: [sample(3, 0, 200), sample(4, 0, 200)] });
    expect(outcome.report.alarm).toBe(false);
    expect(outcome.report.error?.alarm).toBe(false);
    expect(outcome.demoted).toBe(false);
    expect(raised).toEqual([]);
    expect(kit.registry.get(model.id).state).toBe('champion');
  });

  it('alarms on a shifted input distribution, alerts, and demotes the champion to shadow (audited)', async () => {
    const model = await champion();
    const raised: string[] = [];
    const outcome = monitor(raised).check(model.id, { featureNames: ['spread', 'zscore'], reference: [sample(1, 0), sample(2, 0)], current: [sample(3, 0, 200), sample(4, 1, 200)] });
    expect(outcome.report.alarm).toBe(true);
    expect(outcome.report.inputs.map((row) => row.drifted)).toEqual([false, true]);
    expect(outcome.report.reasons[0]).toMatch(/^zscore: PSI/);
    expect(outcome.demoted).toBe(true);
    expect(raised).toEqual([expect.stringMatching(/^critical: Model drift: KO\/PEP v1: zscore/)]);
    expect(kit.registry.get(model.id).state).toBe('challenger');
    expect(kit.audit.list({ limit: 1, action: 'model.demote' })[0]).toMatchObject({ actor: 'system:drift-monitor', details: { modelId: model.id, driftCheckId: outcome.checkId } });
    expect(kit.repo.driftChecks(model.id, 5)[0]).toMatchObject({ alarm: true, demoted: true });
  });

  it('alarms when the rolling error outgrows the validation error', async () => {
    const model = await champion();
    const log = new PredictionLog(kit.repo, kit.clock);
    const validationMse = kit.registry.get(model.id).metrics.validation['lstm']?.mse ?? Number.NaN;
    const random = createSeededRandom(9);
    for (let day = 0; day < 40; day += 1) log.log({ modelId: model.id, day, inputs: new Float32Array([day]), prediction: 0, actual: 3 * Math.sqrt(validationMse) * random.nextNormal() });
    const raised: string[] = [];
    const outcome = monitor(raised).check(model.id, { featureNames: ['spread'], reference: [sample(1, 0)], current: [sample(3, 0, 200)] });
    expect(outcome.report.error?.alarm).toBe(true);
    expect(outcome.report.reasons).toEqual([expect.stringMatching(/^rolling MSE/)]);
    expect(raised).toHaveLength(1);
  });
});
