import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PublishedEvent } from '../../../src/main/events/event-bus';
import { requests } from '../../../src/shared/ipc/contract';
import type { ResearchRunDetail, ResearchRunSummary } from '../../../src/shared/ipc/sections/backtest-research';
import { startInProcessApp, type InProcessApp } from '../../helpers/in-process-app';
import { minimalConfig } from '../backtest/backtest-kit';
import { repoRoot } from '../data/data-test-kit';
import { registryClient, nextAppEvent } from '../../helpers/registry-client';

/**
 * backtest:sweep and backtest:walk-forward through the app's real registry, job manager and
 * worker pool, with the `barSet` source as create-app-core.ts registers it (minus the socket).
 */
let app: InProcessApp;

const { call, value } = registryClient(() => app.core, 'rs');

const nextEvent = (name: string, predicate?: (payload: unknown) => boolean): Promise<PublishedEvent> => nextAppEvent(app.core, name, predicate);

beforeAll(async () => {
  app = await startInProcessApp();
  const { jobId } = await value<{ jobId: string }>('data:import', { path: path.join(repoRoot, 'resources', 'sample-data', 'prices') });
  const done = await nextEvent('data:imported', (payload) => (payload as { jobId: string }).jobId === jobId);
  expect((done.payload as { report: unknown }).report).not.toBeNull();
}, 120_000);

afterAll(async () => {
  await app.close();
});

describe('research over the contract', () => {
  it('runs a sweep as a job on the shared bars and serves its stored report', async () => {
    const sweep = { parameters: [{ path: 'strategy.entry', values: [1.5, 2, 2.5] }] };
    const { jobId, researchId } = await value<{ jobId: string; researchId: number }>('backtest:sweep', { config: minimalConfig, sweep });
    const finished = await nextEvent('job:finished', (payload) => (payload as { jobId: string }).jobId === jobId);
    expect(finished.payload).toMatchObject({ kind: 'backtest.sweep', state: 'succeeded', result: { area: 'backtest.sweep', id: researchId } });
    const detail = await value<ResearchRunDetail>('backtest:research-get', { researchId });
    expect(requests['backtest:research-get'].response.safeParse(detail).success).toBe(true);
    expect(detail.run.state).toBe('succeeded');
    expect(detail.sweep?.trials.map((trial) => trial.assignment['strategy.entry'])).toEqual([1.5, 2, 2.5]);
    expect(detail.sweep?.deflated?.trials).toBe(3);
    const list = await value<ResearchRunSummary[]>('backtest:research-list', {});
    expect(list[0]).toMatchObject({ id: researchId, kind: 'sweep', state: 'succeeded' });
  }, 120_000);

  it('runs a walk-forward as a job and serves its windows and stitched OOS equity', async () => {
    const walkForward = { plan: { formationDays: 252, tradingDays: 252, purgeDays: 5 }, universe: ['KO', 'PEP', 'PG', 'CL'], topN: 1, maxPValue: 0.5 };
    const { jobId, researchId } = await value<{ jobId: string; researchId: number }>('backtest:walk-forward', { config: { ...minimalConfig, from: '2013-03-01' }, walkForward });
    const finished = await nextEvent('job:finished', (payload) => (payload as { jobId: string }).jobId === jobId);
    expect(finished.payload).toMatchObject({ kind: 'backtest.walk-forward', state: 'succeeded' });
    const detail = await value<ResearchRunDetail>('backtest:research-get', { researchId });
    expect(requests['backtest:research-get'].response.safeParse(detail).success).toBe(true);
    expect(detail.walkForward?.windows.length).toBeGreaterThan(1);
    expect(detail.walkForward?.equity.length).toBeGreaterThan(0);
  }, 120_000);

  it('answers a bad request with the error naming the field, and an unknown id with NOT_FOUND', async () => {
    const bad = await call('backtest:walk-forward', { config: minimalConfig, walkForward: { topN: -1 } });
    expect(bad.ok).toBe(false);
    if (!bad.ok) {
      expect(bad.error.code).toBe('CONFIG_INVALID');
      expect(bad.error.message).toContain('walkForward.topN');
    }
    const missing = await call('backtest:research-get', { researchId: 999_999 });
    expect(!missing.ok && missing.error.code === 'NOT_FOUND').toBe(true);
  });
});
