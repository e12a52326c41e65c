import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../../src/main/store/db';
import { BacktestRunsRepo, type NewBacktestRun } from '../../../src/main/store/repos/backtest-runs.repo';
import { makeTempHome } from '../../helpers/temp-home';
import { openStore } from '../data/data-test-kit';

const home = makeTempHome('arbdesk-backtest-repo-');
let store: Store;
let repo: BacktestRunsRepo;

beforeAll(() => {
  store = openStore(home.dir);
  repo = new BacktestRunsRepo(store.db);
});
afterAll(() => {
  store.close();
  home.cleanup();
});

const run = (createdAt: number): NewBacktestRun => ({
  createdAt,
  input: { pairs: [{ y: 'KO', x: 'PEP' }], costs: 'none' },
  config: { capital: 1000, seed: 3 },
  pairs: [{ y: 'KO', x: 'PEP' }],
  fromDay: 16_000,
  toDay: 16_100,
  strategyKind: 'zscore',
  capital: 1000,
  fill: 'next_open',
  costsMode: 'none',
  seed: 3,
  codeVersion: 'arbdesk test',
  owner: { pid: process.pid, token: 'repo-test', startedAt: 1 },
});

describe('backtest runs repository (migration 0006)', () => {
  it('creates running runs, lists them newest first, and finishes or abandons each once', () => {
    const first = repo.create(run(1));
    const second = repo.create(run(2));
    expect(repo.list(10).map((entry) => [entry.id, entry.state])).toEqual([[second, 'running'], [first, 'running']]);
    expect(repo.require(first)).toMatchObject({ from: '2013-10-22', to: '2014-01-30', seed: 3, dataVersion: null, headline: null, error: null });
    expect(repo.config(first)).toEqual({ input: run(1).input, config: { capital: 1000, seed: 3 } });
    expect(repo.report(first)).toBeNull();

    repo.abandon(first, 'failed', 5, { code: 'VALIDATION_FAILED', message: 'no data' });
    expect(repo.require(first)).toMatchObject({ state: 'failed', finishedAt: 5, error: { code: 'VALIDATION_FAILED', message: 'no data' } });
    // A finished run is not finished again.
    expect(() => repo.finish(first, { finishedAt: 6, dataVersion: { datasets: [], inputsSha256: 'x' }, headline: { totalReturn: 0, cagr: 0, sharpe: 0, maxDrawdown: 0, trades: 0, finalEquity: 1000 }, report: {} as never })).toThrow(/is not running/);
    expect(repo.delete(second)).toBe(false);
    expect(repo.delete(first)).toBe(true);
    expect(() => repo.require(first)).toThrow(/No backtest run with id/);
  });

  it('records the owning process and interrupts a running run only with its owner\'s token', () => {
    const id = repo.create(run(4));
    const owner = { pid: process.pid, token: 'repo-test', startedAt: 1 };
    expect(repo.running().find((entry) => entry.id === id)).toEqual({ id, owner });
    expect(repo.interrupt(id, { ...owner, token: 'someone else' }, 7, 'interrupted: process ended')).toBe(false);
    expect(repo.require(id).state).toBe('running');
    expect(repo.interrupt(id, owner, 7, 'interrupted: process ended')).toBe(true);
    expect(repo.require(id)).toMatchObject({ state: 'failed', finishedAt: 7, error: { code: 'INTERRUPTED', message: 'interrupted: process ended' } });
    // Settled already: not interrupted again, and no longer listed as running.
    expect(repo.interrupt(id, owner, 8, 'again')).toBe(false);
    expect(repo.running().some((entry) => entry.id === id)).toBe(false);
  });

  it('refuses a stored report that does not match its schema (STORE_CORRUPT), and the schema refuses bad rows', () => {
    const id = repo.create(run(3));
    store.db.prepare(`UPDATE backtest_runs SET state = 'succeeded', report = '{"metrics":1}' WHERE id = ?`).run(id);
    expect(() => repo.report(id)).toThrow(/does not match its schema/);
    expect(() => store.db.prepare(`UPDATE backtest_runs SET capital = 0 WHERE id = ?`).run(id)).toThrow(/CHECK constraint/);
    expect(() => store.db.prepare(`UPDATE backtest_runs SET report = 'not json' WHERE id = ?`).run(id)).toThrow(/CHECK constraint/);
  });
});
