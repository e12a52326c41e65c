import { describe, expect, it } from 'vitest';
import { createTypedClient } from '../../../../src/renderer/api/typed-client';
import { DEFAULT_BACKTEST_FORM, configFromForm } from '../../../../src/renderer/stores/backtest-form-model';
import { createResearchStore } from '../../../../src/renderer/stores/research-store';
import { walkForwardRequest } from '../../../../src/renderer/stores/research-form-model';
import { parseResearchRequest } from '../../../../src/main/backtest/research/research-request';
import { AppError, type IpcError } from '../../../../src/shared/ipc/errors';
import type { ResearchRunSummary } from '../../../../src/shared/ipc/sections/backtest-research';
import { ScriptedBridge, settle } from '../scripted-bridge';

function summary(id: number, kind: ResearchRunSummary['kind'], state: ResearchRunSummary['state']): ResearchRunSummary {
  return { id, kind, createdAt: 1_700_000_000_000, finishedAt: null, state, error: null, seed: 0, codeVersion: 'test', dataVersion: null, headline: null };
}

function setup(form = { ...DEFAULT_BACKTEST_FORM, pairs: [{ y: 'KO', x: 'PEP' }] }) {
  const bridge = new ScriptedBridge();
  const notices: IpcError[] = [];
  const store = createResearchStore({ client: createTypedClient(bridge), notify: (error) => notices.push(error), baseConfig: () => configFromForm(form) });
  store.getState().start();
  return { bridge, store, notices };
}

/** main's answer to a research request: the real parser's refusal, as it crosses the wire. */
function refusalOf(kind: 'sweep' | 'walk_forward', request: unknown): IpcError {
  try {
    if (kind === 'sweep') parseResearchRequest('sweep', request);
    else parseResearchRequest('walk_forward', request);
  } catch (error) {
    if (error instanceof AppError) return error.toWire();
    throw error;
  }
  throw new Error('the request was accepted');
}

describe('research store', () => {
  it('sends the walk-forward built from the base config and puts main’s refusal on its field, cleared on edit', async () => {
    const { bridge, store, notices } = setup();
    store.getState().setForm({ topN: '0' });
    // main's answer to exactly the request the form builds.
    const built = configFromForm({ ...DEFAULT_BACKTEST_FORM, pairs: [{ y: 'KO', x: 'PEP' }] });
    if (!built.ok) throw new Error('expected a config');
    const request = walkForwardRequest(store.getState().form, built.config);
    if (!request.ok) throw new Error('expected a request');
    bridge.fail('backtest:walk-forward', refusalOf('walk_forward', request.value));
    await store.getState().startResearch('walk_forward');
    expect(bridge.payloadsOf('backtest:walk-forward')).toEqual([request.value]);
    expect(Object.keys(store.getState().fieldErrors)).toEqual(['walkForward.topN']);
    expect(notices).toEqual([]);
    store.getState().setForm({ topN: '2' });
    expect(store.getState().fieldErrors['walkForward.topN']).toBeUndefined();
  });

  it('puts main’s unknown-symbol refusal of a walk-forward on the universe', async () => {
    const { bridge, store } = setup();
    store.getState().setForm({ universe: 'KO, PEP, ZZZQ' });
    // research-inputs.ts's refusal, as it crosses the wire (it needs the store's bars to arise).
    bridge.fail('backtest:walk-forward', new AppError('VALIDATION_FAILED', 'ZZZQ: unknown symbol (no bars in the store)', { field: 'pairs', symbol: 'ZZZQ' }).toWire());
    await store.getState().startResearch('walk_forward');
    expect(store.getState().fieldErrors).toEqual({ 'walkForward.universe': 'ZZZQ: unknown symbol (no bars in the store)' });
  });

  it('refuses to start over a base config the form above cannot build, saying which field', async () => {
    const { bridge, store } = setup({ ...DEFAULT_BACKTEST_FORM, pairs: [{ y: 'KO', x: 'PEP' }], entry: 'two' });
    await store.getState().startResearch('sweep');
    expect(bridge.payloadsOf('backtest:sweep')).toEqual([]);
    expect(store.getState().generalErrors).toEqual(['The configuration above, strategy.entry: must be a number']);
  });

  it('follows a sweep to its end, lists it and opens its report; a cancel goes through the jobs channel', async () => {
    const { bridge, store } = setup();
    bridge.answer('backtest:sweep', () => ({ jobId: 'job-7', researchId: 4 }));
    bridge.answer('backtest:research-list', () => [summary(4, 'sweep', 'succeeded')]);
    bridge.answer('backtest:research-get', () => ({ run: summary(4, 'sweep', 'succeeded'), config: {}, spec: {}, sweep: null, walkForward: null }));
    bridge.answer('jobs:cancel', () => ({ jobId: 'job-7', kind: 'backtest.sweep', state: 'running', done: 1, total: 3, startedAt: 0, updatedAt: 2 }));
    await store.getState().startResearch('sweep');
    bridge.push('job:progress', { jobId: 'job-7', kind: 'backtest.sweep', state: 'running', done: 1, total: 3, startedAt: 0, updatedAt: 2 });
    expect(store.getState().running).toMatchObject({ researchId: 4, kind: 'sweep', job: { state: 'running', ended: false } });
    await store.getState().cancelResearch();
    expect(bridge.payloadsOf('jobs:cancel')).toEqual([{ jobId: 'job-7' }]);
    bridge.push('job:progress', { jobId: 'job-7', kind: 'backtest.sweep', state: 'succeeded', done: 3, total: 3, startedAt: 0, updatedAt: 5 });
    bridge.push('job:finished', { jobId: 'job-7', kind: 'backtest.sweep', state: 'succeeded', finishedAt: 5 });
    await settle();
    expect(store.getState().runs?.map((run) => run.id)).toEqual([4]);
    expect(bridge.payloadsOf('backtest:research-get')).toEqual([{ researchId: 4 }]);
    expect(store.getState().detail?.run.id).toBe(4);
    expect(store.getState().openId).toBe(4);
  });
});
