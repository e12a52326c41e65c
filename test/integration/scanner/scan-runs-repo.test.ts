import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type Store } from '../../../src/main/store/db';
import { migrations } from '../../../src/main/store/migrations';
import { ScanRunsRepo, type NewScanRun } from '../../../src/main/store/repos/scan-runs.repo';
import type { PairResult } from '../../../src/main/scanner/core/scan-types';
import { makeTempHome } from '../../helpers/temp-home';

const run: NewScanRun = {
  createdAt: 1_700_000_000_000,
  params: {
    universe: { kind: 'all' },
    formation: { from: 15_744, to: 17_569 },
    transform: 'log',
    basis: 'split',
    fdr: { method: 'bh', alpha: 0.05 },
    filters: { sameSectorOnly: false },
    overrideQualityGate: false,
  },
  dataVersion: { datasets: [{ id: 1, source: 'sample', version: 1 }], closeMatrixSha256: 'a'.repeat(64) },
  codeVersion: '0.1.0',
  universe: ['KO', 'PEP', 'XOM'],
  excluded: [{ symbol: 'BHF', reason: 'missing_closes', detail: 'no close on 1116 of the 1259 formation days' }],
  survivorshipWarning: null,
};

function result(y: string, x: string, pvalue: number | null, extra: Partial<PairResult> = {}): PairResult {
  return {
    y,
    x,
    egStat: pvalue === null ? null : -3,
    egPvalue: pvalue,
    egPvalueReverse: pvalue === null ? null : pvalue * 2,
    qvalue: pvalue === null ? null : Math.min(1, pvalue * 3),
    significant: pvalue !== null && pvalue * 3 <= 0.05,
    beta: pvalue === null ? null : 1.1,
    alpha: pvalue === null ? null : 0.2,
    halfLife: pvalue === null ? null : 12,
    correlation: pvalue === null ? null : 0.8,
    hurst: pvalue === null ? null : 0.3,
    johansenTrace: pvalue === null ? null : 21.5,
    johansenMaxEig: pvalue === null ? null : 18.25,
    nobs: 1259,
    usedLag: pvalue === null ? null : 1,
    error: pvalue === null ? 'constant series' : null,
    ...extra,
  };
}

describe('ScanRunsRepo', () => {
  let home: ReturnType<typeof makeTempHome>;
  let store: Store;
  beforeEach(() => {
    home = makeTempHome();
    store = openDatabase({ path: `${home.dir}/arbdesk.sqlite`, busyTimeoutMs: 1000, migrations });
  });
  afterEach(() => {
    store.close();
    home.cleanup();
  });

  it('stores a run with every pair tested and reads it back exactly, Infinity half-lives included', () => {
    const repo = new ScanRunsRepo(store.db);
    const id = repo.create(run);
    const results = [result('KO', 'PEP', 0.001), result('XOM', 'KO', 0.4, { halfLife: Number.POSITIVE_INFINITY }), result('PEP', 'XOM', null)];
    repo.complete(id, results, run.createdAt + 5000);
    const stored = repo.require(id);
    expect(stored).toMatchObject({ state: 'succeeded', pairsTested: 3, pairsSignificant: 1, universe: ['KO', 'PEP', 'XOM'], params: run.params });
    expect(stored.excluded).toEqual(run.excluded);
    expect(repo.pair(id, 'PEP', 'KO')).toEqual(results[0]);
    expect(repo.pair(id, 'XOM', 'KO')?.halfLife).toBe(Number.POSITIVE_INFINITY);
    expect(repo.pair(id, 'PEP', 'XOM')?.error).toBe('constant series');
  });

  it('pages, sorts and filters results, with uncomputable pairs last', () => {
    const repo = new ScanRunsRepo(store.db);
    const id = repo.create(run);
    repo.complete(id, [result('A', 'B', 0.3), result('C', 'D', null), result('E', 'F', 0.01), result('G', 'A', 0.001)], run.createdAt);
    const ascending = repo.page(id, { sort: 'pvalue', descending: false, significantOnly: false, offset: 0, limit: 10 });
    expect(ascending.total).toBe(4);
    expect(ascending.items.map((r) => r.y)).toEqual(['G', 'E', 'A', 'C']);
    const descending = repo.page(id, { sort: 'pvalue', descending: true, significantOnly: false, offset: 0, limit: 2 });
    expect(descending.items.map((r) => r.y)).toEqual(['A', 'E']);
    expect(repo.page(id, { sort: 'pvalue', descending: false, significantOnly: true, offset: 0, limit: 10 }).items.map((r) => r.y)).toEqual(['G', 'E']);
    expect(repo.page(id, { sort: 'y', descending: false, significantOnly: false, symbol: 'A', offset: 0, limit: 10 }).items.map((r) => `${r.y}/${r.x}`)).toEqual(['A/B', 'G/A']);
  });

  it('never writes results into a run that is no longer running, and refuses unknown runs', () => {
    const repo = new ScanRunsRepo(store.db);
    const id = repo.create(run);
    repo.abandon(id, 'cancelled', run.createdAt);
    expect(() => repo.complete(id, [result('A', 'B', 0.1)], run.createdAt)).toThrow(/not running/);
    expect(store.db.prepare('SELECT count(*) AS n FROM scan_results').get()).toEqual({ n: 0 });
    expect(() => repo.require(99)).toThrow(/No scan run with id 99/);
  });

  it('writes a big run in short slices, releasing the write lock between them, and pages it only once it succeeded', () => {
    const repo = new ScanRunsRepo(store.db);
    const id = repo.create(run);
    const results = Array.from({ length: 25 }, (_, i) => result(`Y${i}`, `X${i}`, i / 100));
    // Another connection, as main's own: between slices it must get the write lock at once.
    const other = openDatabase({ path: store.path, busyTimeoutMs: 0, migrations });
    const seen: number[] = [];
    try {
      repo.completeInSlices(id, results, () => run.createdAt + 1, {
        sliceRows: 10,
        between: () => {
          other.db.prepare("INSERT INTO app_state (key, value, updated_at) VALUES (?, '1', 0) ON CONFLICT (key) DO UPDATE SET updated_at = updated_at + 1").run('slice-probe');
          seen.push(store.db.prepare('SELECT count(*) AS n FROM scan_results WHERE run_id = ?').pluck().get(id) as number);
          expect(() => repo.page(id, { sort: 'pvalue', descending: false, significantOnly: false, offset: 0, limit: 5 })).toThrow(/is running; only a finished run has results/);
        },
      });
    } finally {
      other.close();
    }
    expect(seen).toEqual([10, 20, 25]);
    expect(repo.require(id)).toMatchObject({ state: 'succeeded', pairsTested: 25, pairsSignificant: 2 });
    expect(repo.page(id, { sort: 'pvalue', descending: false, significantOnly: false, offset: 0, limit: 100 }).total).toBe(25);
  });

  it('stops writing slices into a run that was abandoned meanwhile', () => {
    const repo = new ScanRunsRepo(store.db);
    const id = repo.create(run);
    const results = Array.from({ length: 30 }, (_, i) => result(`Y${i}`, `X${i}`, 0.5));
    expect(() => repo.completeInSlices(id, results, () => run.createdAt, { sliceRows: 10, between: () => repo.abandon(id, 'cancelled', run.createdAt) })).toThrow(/not running/);
    expect(repo.require(id).state).toBe('cancelled');
    expect(() => repo.page(id, { sort: 'pvalue', descending: false, significantOnly: false, offset: 0, limit: 5 })).toThrow(/is cancelled/);
  });
});
