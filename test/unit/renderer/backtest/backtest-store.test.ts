import { describe, expect, it } from 'vitest';
import { createTypedClient } from '../../../../src/renderer/api/typed-client';
import { createBacktestStore } from '../../../../src/renderer/stores/backtest-store';
import { parseBacktestConfig } from '../../../../src/main/backtest/backtest-config';
import { AppError, type IpcError } from '../../../../src/shared/ipc/errors';
import type { BacktestRunSummary } from '../../../../src/shared/ipc/sections/backtest';
import { scanRequestSchema } from '../../../../src/shared/domain/scanner';
import { ScriptedBridge, settle } from '../scripted-bridge';

function summary(id: number, state: BacktestRunSummary['state']): BacktestRunSummary {
  return {
    id,
    createdAt: 1_700_000_000_000,
    finishedAt: null,
    state,
    error: null,
    pairs: [{ y: 'KO', x: 'PEP' }],
    from: '2014-02-10',
    to: '2018-02-07',
    strategyKind: 'zscore',
    capital: 1_000_000,
    fill: 'next_open',
    costsMode: 'none',
    seed: 0,
    codeVersion: 'test',
    dataVersion: null,
    headline: null,
  };
}

function setup() {
  const bridge = new ScriptedBridge();
  const notices: IpcError[] = [];
  const saved: Array<[string, string, string]> = [];
  const store = createBacktestStore({
    client: createTypedClient(bridge),
    notify: (error) => notices.push(error),
    saveTextFile: (name, text, mime) => saved.push([name, text, mime]),
  });
  store.getState().start();
  return { bridge, store, notices, saved };
}

/** main's answer to a config: the real parser's refusal, as it crosses the wire. */
function refusalOf(config: unknown): IpcError {
  try {
    parseBacktestConfig(config);
  } catch (error) {
    if (error instanceof AppError) return error.toWire();
    throw error;
  }
  throw new Error('the config was accepted');
}

describe('backtest store', () => {
  it('puts main’s refusal of the config on the fields it names and clears one when it is edited', async () => {
    const { bridge, store, notices } = setup();
    store.getState().setForm({ entry: '0.3', exit: '0.5' });
    store.getState().setPairText({ pairY: 'ko', pairX: 'pep' });
    store.getState().addTypedPair();
    expect(store.getState().form.pairs).toEqual([{ y: 'KO', x: 'PEP' }]);
    bridge.fail('backtest:run', refusalOf({ pairs: [{ y: 'KO', x: 'PEP' }], from: '2014-02-10', to: '2018-02-07', capital: 1_000_000, strategy: { kind: 'zscore', entry: 0.3, exit: 0.5 } }));
    await store.getState().startRun();
    expect(store.getState().fieldErrors['strategy.entry']).toMatch(/entry 0.3 lies inside the exit band/);
    expect(notices).toEqual([]);
    store.getState().setForm({ entry: '2' });
    expect(store.getState().fieldErrors['strategy.entry']).toBeUndefined();
  });

  it('follows a run that ends before its start answers, then lists it and opens its tear sheet', async () => {
    const { bridge, store } = setup();
    store.getState().addSuggestion({ y: 'KO', x: 'PEP' });
    const release = bridge.hold('backtest:run', { jobId: 'job-1', runId: 3 });
    bridge.answer('backtest:list', () => [summary(3, 'succeeded')]);
    bridge.answer('backtest:get', () => ({ run: summary(3, 'succeeded'), config: {}, report: null }));
    const started = store.getState().startRun();
    await settle();
    bridge.push('job:progress', { jobId: 'job-1', kind: 'backtest.run', state: 'succeeded', done: 1, total: 1, startedAt: 0, updatedAt: 5 });
    bridge.push('job:finished', { jobId: 'job-1', kind: 'backtest.run', state: 'succeeded', finishedAt: 5 });
    release();
    await started;
    await settle();
    expect(store.getState().running).toMatchObject({ runId: 3, job: { ended: true, state: 'succeeded' } });
    expect(store.getState().openRunId).toBe(3);
    expect(store.getState().detail?.run.id).toBe(3);
    expect(store.getState().runs?.map((run) => run.id)).toEqual([3]);
    // The end was handled once: one open, not one per event about it.
    expect(bridge.payloadsOf('backtest:get')).toEqual([{ runId: 3 }]);
    // The config sent is the form's: one pair, the realistic default costs (no costs key).
    const [sent] = bridge.payloadsOf('backtest:run') as Array<{ config: Record<string, unknown> }>;
    expect(sent?.config['pairs']).toEqual([{ y: 'KO', x: 'PEP' }]);
    expect(sent !== undefined && 'costs' in sent.config).toBe(false);
  });

  it('shows a failed run’s message above the form and opens nothing', async () => {
    const { bridge, store } = setup();
    store.getState().addSuggestion({ y: 'KO', x: 'ZZZZ' });
    bridge.answer('backtest:run', () => ({ jobId: 'job-2', runId: 4 }));
    bridge.answer('backtest:list', () => [summary(4, 'failed')]);
    await store.getState().startRun();
    bridge.push('job:finished', { jobId: 'job-2', kind: 'backtest.run', state: 'failed', error: { code: 'VALIDATION_FAILED', message: 'unknown symbol ZZZZ' }, finishedAt: 5 });
    await settle();
    expect(store.getState().generalErrors).toEqual(['unknown symbol ZZZZ']);
    expect(store.getState().openRunId).toBeNull();
    expect(bridge.payloadsOf('backtest:get')).toEqual([]);
  });

  it('cancels the run it started through the jobs channel and keeps following it to the end', async () => {
    const { bridge, store } = setup();
    store.getState().addSuggestion({ y: 'KO', x: 'PEP' });
    bridge.answer('backtest:run', () => ({ jobId: 'job-3', runId: 6 }));
    bridge.answer('backtest:list', () => [summary(6, 'cancelled')]);
    bridge.answer('jobs:cancel', () => ({ jobId: 'job-3', kind: 'backtest.run', state: 'cancelled', done: 10, total: 100, startedAt: 0, updatedAt: 7 }));
    await store.getState().startRun();
    bridge.push('job:progress', { jobId: 'job-3', kind: 'backtest.run', state: 'running', done: 10, total: 100, startedAt: 0, updatedAt: 3 });
    expect(store.getState().running?.job).toMatchObject({ state: 'running', fraction: 0.1, ended: false });
    await store.getState().cancelRun();
    await settle();
    expect(bridge.payloadsOf('jobs:cancel')).toEqual([{ jobId: 'job-3' }]);
    expect(store.getState().running?.job).toMatchObject({ state: 'cancelled', ended: true });
    expect(store.getState().generalErrors).toEqual([]);
    expect(bridge.payloadsOf('backtest:get')).toEqual([]);
  });

  it('offers watched pairs and the newest scan’s survivors, and adds a chosen one once', async () => {
    const { bridge, store } = setup();
    bridge.answer('watchlist:list', () => [{ y: 'XOM', x: 'CVX', addedAt: 1, sourceRunId: null, note: null, health: null }]);
    bridge.answer('scanner:runs', () => []);
    await store.getState().loadSuggestions();
    expect(store.getState().suggestions).toEqual([{ y: 'XOM', x: 'CVX', source: 'watchlist' }]);
    const [suggestion] = store.getState().suggestions;
    if (suggestion === undefined) throw new Error('no suggestion');
    store.getState().addSuggestion(suggestion);
    store.getState().addSuggestion(suggestion);
    expect(store.getState().form.pairs).toEqual([{ y: 'XOM', x: 'CVX' }]);
  });

  it('offers the survivors of the newest finished scan, best p-value first, after the watched pairs', async () => {
    const { bridge, store } = setup();
    const run = (id: number, state: 'running' | 'succeeded') => ({
      id,
      createdAt: id,
      finishedAt: null,
      state,
      request: scanRequestSchema.parse({ formation: { from: '2013-02-08', to: '2018-02-07' } }),
      dataVersion: { datasets: [], closeMatrixSha256: '' },
      codeVersion: 'test',
      universeSize: 44,
      excluded: [],
      pairsTested: 1892,
      pairsSignificant: 1,
      survivorshipWarning: null,
    });
    const result = (y: string, x: string) => ({
      y, x, egStat: -4, egPvalue: 0.001, egPvalueReverse: 0.01, qvalue: 0.01, significant: true, beta: 1, alpha: 0, halfLife: 12,
      correlation: 0.8, hurst: 0.4, johansenTrace: null, johansenMaxEig: null, nobs: 1259, usedLag: 1, sectorY: null, sectorX: null, error: null,
    });
    bridge.answer('watchlist:list', () => [{ y: 'XOM', x: 'CVX', addedAt: 1, sourceRunId: null, note: null, health: null }]);
    // Newest first: a scan still running is passed over for the newest finished one.
    bridge.answer('scanner:runs', () => [run(9, 'running'), run(8, 'succeeded')]);
    bridge.answer('scanner:results', () => ({ total: 1, items: [result('KO', 'PEP')] }));
    await store.getState().loadSuggestions();
    expect(bridge.payloadsOf('scanner:results')).toEqual([{ runId: 8, sort: 'pvalue', descending: false, significantOnly: true, offset: 0, limit: 20 }]);
    expect(store.getState().suggestions).toEqual([
      { y: 'XOM', x: 'CVX', source: 'watchlist' },
      { y: 'KO', x: 'PEP', source: 'scan' },
    ]);
  });

  it('deletes a run and closes it where it was open or compared, and the comparison of an open one', async () => {
    const { bridge, store } = setup();
    bridge.answer('backtest:get', (payload) => ({ run: summary((payload as { runId: number }).runId, 'succeeded'), config: {}, report: null }));
    bridge.answer('backtest:delete', () => [summary(1, 'succeeded')]);
    await store.getState().openRun(2);
    await store.getState().compareWith(1);
    expect(store.getState().compareDetail?.run.id).toBe(1);
    await store.getState().deleteRun(2);
    expect(store.getState()).toMatchObject({ openRunId: null, detail: null, compareRunId: null, compareDetail: null });
    expect(store.getState().runs?.map((r) => r.id)).toEqual([1]);
    await store.getState().openRun(1);
    await store.getState().compareWith(3);
    await store.getState().deleteRun(3);
    expect(store.getState()).toMatchObject({ openRunId: 1, compareRunId: null, compareDetail: null });
  });

  it('hands an export to the download with the name, text and type main chose', async () => {
    const { bridge, store, saved } = setup();
    bridge.answer('backtest:get', () => ({ run: summary(5, 'succeeded'), config: {}, report: null }));
    bridge.answer('backtest:export', () => ({ fileName: 'backtest-5-report.html', mimeType: 'text/html', content: '<!doctype html><title>Run 5</title>' }));
    await store.getState().openRun(5);
    await store.getState().exportRun('html');
    expect(bridge.payloadsOf('backtest:export')).toEqual([{ runId: 5, format: 'html' }]);
    expect(saved).toEqual([['backtest-5-report.html', '<!doctype html><title>Run 5</title>', 'text/html']]);
  });
});
