import { describe, expect, it } from 'vitest';
import { createTypedClient } from '../../../src/renderer/api/typed-client';
import { createModelsStore, DEFAULT_TRAIN_FORM, trainRequestFromForm } from '../../../src/renderer/stores/models-store';
import { ScriptedBridge, settle } from './scripted-bridge';

const model = {
  id: 1,
  name: 'KO/PEP',
  version: 1,
  createdAt: 1,
  state: 'candidate',
  stateChangedAt: 1,
  sha256: 'a'.repeat(64),
  target: 'regression',
  backend: 'wasm',
  codeVersion: 'arbdesk test',
  data: { y: 'KO', x: 'PEP', from: '2020-01-02', to: '2021-01-04', rows: 250, source: 'stored series', sha256: 'b'.repeat(64) },
  windows: { fit: { fromRow: 0, toRow: 100 }, validation: { fromRow: 107, toRow: 130 } },
  hyperparameters: {},
  metrics: { validation: {}, test: {} },
  riskShare: 0,
};

describe('the models store', () => {
  it('builds the train request from the form, one layer per comma-separated unit count', () => {
    expect(trainRequestFromForm({ ...DEFAULT_TRAIN_FORM, y: ' ko', x: 'pep' })).toEqual({
      ok: true,
      request: { y: 'KO', x: 'PEP', target: 'regression', window: 60, layers: [{ units: 50, dropout: 0.2 }, { units: 30, dropout: 0.2 }], epochs: 50, batchSize: 32, learningRate: 0.001, patience: 5, seed: 42 },
    });
    const bad = trainRequestFromForm({ ...DEFAULT_TRAIN_FORM, y: 'KO', x: 'KO', units: '50, x', dropout: '2' });
    expect(bad.ok).toBe(false);
    expect(bad.ok ? [] : bad.problems).toEqual([
      'The two legs must be different symbols.',
      'Units: one to four whole numbers from 1 to 512, comma separated (one per LSTM layer).',
      'Dropout must be between 0 and 0.9.',
    ]);
  });

  it('follows its training job: loss points of its own job only, then reloads the registry', async () => {
    const bridge = new ScriptedBridge()
      .answer('models:train', () => ({ jobId: 'job-1' }))
      .answer('models:list', () => [model])
      .answer('models:test-forecast', () => ({ dates: ['2021-01-04'], predicted: [0.1], actual: [0.2], target: 'regression' }))
      .answer('models:drift', () => []);
    const store = createModelsStore({ client: createTypedClient(bridge), notify: () => undefined });
    const stop = store.getState().start();
    store.getState().setForm({ y: 'KO', x: 'PEP', epochs: '2' });
    await store.getState().train();
    bridge.push('models:loss', { jobId: 'job-1', epoch: 1, epochs: 2, trainLoss: 1, validationLoss: 1.2 });
    bridge.push('models:loss', { jobId: 'other', epoch: 1, epochs: 2, trainLoss: 9, validationLoss: 9 });
    bridge.push('job:progress', { jobId: 'job-1', kind: 'models.train', state: 'succeeded', done: 2, total: 2, startedAt: 1, updatedAt: 2 });
    await settle();
    await settle();
    expect(store.getState().loss.map((point) => point.trainLoss)).toEqual([1]);
    expect(store.getState().models).toEqual([model]);
    expect(store.getState().selectedId).toBe(1);
    expect(store.getState().forecast?.predicted).toEqual([0.1]);
    stop();
  });

  it('sends a promotion only once confirmed, with confirmed: true and the reason', async () => {
    const bridge = new ScriptedBridge()
      .answer('models:promote', () => ({ ...model, state: 'challenger' }))
      .answer('models:list', () => [{ ...model, state: 'challenger' }])
      .answer('models:test-forecast', () => ({ dates: [], predicted: [], actual: [], target: 'regression' }))
      .answer('models:drift', () => []);
    const store = createModelsStore({ client: createTypedClient(bridge), notify: () => undefined });
    store.getState().ask({ kind: 'promote', model: model as never });
    expect(bridge.payloadsOf('models:promote')).toEqual([]);
    await store.getState().confirm('  shadow it  ');
    expect(bridge.payloadsOf('models:promote')).toEqual([{ modelId: 1, confirmed: true, reason: 'shadow it' }]);
    expect(store.getState().pending).toBeNull();
    expect(store.getState().models?.[0]?.state).toBe('challenger');
  });

  it('loads the shadow report for a challenger with a champion, and the trials of a searched version', async () => {
    const champion = { ...model, id: 1, state: 'champion' };
    const challenger = { ...model, id: 2, version: 2, state: 'challenger' };
    const report = { championId: 1, challengerId: 2, dates: ['2017-06-01', '2017-06-02'], championMse: 0.2, challengerMse: 0.1, dieboldMariano: { meanDifferential: 0.1, statistic: 1.5, pValue: 0.13, samples: 2 } };
    const trials = { method: 'random', best: 0, stoppedByBudget: false, trials: [{ candidate: 0, rung: 0, epochs: 2, score: 0.5, units: [4], dropout: 0, learningRate: 0.01, batchSize: 32 }] };
    const bridge = new ScriptedBridge()
      .answer('models:list', () => [challenger, champion])
      .answer('models:test-forecast', () => ({ dates: [], predicted: [], actual: [], target: 'regression' }))
      .answer('models:drift', () => [])
      .answer('models:search-trials', (payload) => ((payload as { modelId: number }).modelId === 2 ? trials : null))
      .answer('models:shadow-report', () => report);
    const store = createModelsStore({ client: createTypedClient(bridge), notify: () => undefined });
    await store.getState().load();
    expect(store.getState().selectedId).toBe(2);
    expect(store.getState().shadow).toEqual(report);
    expect(store.getState().trials).toEqual(trials);
    expect(bridge.payloadsOf('models:shadow-report')).toEqual([{ challengerId: 2 }]);
    // The champion itself has no shadow report to ask for.
    await store.getState().select(1);
    expect(store.getState().shadow).toBeNull();
    expect(store.getState().trials).toBeNull();
    expect(bridge.payloadsOf('models:shadow-report')).toEqual([{ challengerId: 2 }]);
  });
});
