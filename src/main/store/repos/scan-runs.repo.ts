import type Database from 'better-sqlite3';
import { AppError } from '../../../shared/ipc/errors';
import type { ExcludedSymbol } from '../../scanner/core/universe';
import type { DataVersion, PairResult, ScanParams, ScanRun, ScanRunState } from '../../scanner/core/scan-types';

export interface NewScanRun {
  readonly createdAt: number;
  readonly params: ScanParams;
  readonly dataVersion: DataVersion;
  readonly codeVersion: string;
  readonly universe: readonly string[];
  readonly excluded: readonly ExcludedSymbol[];
  readonly survivorshipWarning: string | null;
}

/** Columns a results page can be sorted by (whitelisted: they become SQL). */
export const resultSortColumns = {
  pvalue: 'eg_pvalue',
  qvalue: 'qvalue',
  halfLife: 'half_life',
  hurst: 'hurst',
  beta: 'beta',
  correlation: 'correlation',
  stat: 'eg_stat',
  y: 'y',
} as const;
export type ResultSort = keyof typeof resultSortColumns;

export interface ResultsQuery {
  readonly sort: ResultSort;
  readonly descending: boolean;
  readonly significantOnly: boolean;
  /** Pairs with this symbol on either side. */
  readonly symbol?: string;
  readonly maxPvalue?: number;
  readonly offset: number;
  readonly limit: number;
}

type RunRecord = {
  id: number;
  created_at: number;
  finished_at: number | null;
  state: ScanRunState;
  params: string;
  data_version: string;
  code_version: string;
  universe: string;
  excluded: string;
  pairs_tested: number;
  pairs_significant: number;
  survivorship_warning: string | null;
};

type ResultRecord = {
  y: string;
  x: string;
  eg_stat: number | null;
  eg_pvalue: number | null;
  eg_pvalue_reverse: number | null;
  qvalue: number | null;
  significant: number;
  beta: number | null;
  alpha: number | null;
  half_life: number | null;
  correlation: number | null;
  hurst: number | null;
  johansen_trace: number | null;
  johansen_max_eig: number | null;
  nobs: number;
  used_lag: number | null;
  error: string | null;
};

// A non-reverting spread's half-life is Infinity, which SQLite stores as a REAL (+Inf).
function toRecord(runId: number, r: PairResult): ResultRecord & { run_id: number } {
  return {
    run_id: runId,
    y: r.y,
    x: r.x,
    eg_stat: r.egStat,
    eg_pvalue: r.egPvalue,
    eg_pvalue_reverse: r.egPvalueReverse,
    qvalue: r.qvalue,
    significant: r.significant ? 1 : 0,
    beta: r.beta,
    alpha: r.alpha,
    half_life: r.halfLife,
    correlation: r.correlation,
    hurst: r.hurst,
    johansen_trace: r.johansenTrace,
    johansen_max_eig: r.johansenMaxEig,
    nobs: r.nobs,
    used_lag: r.usedLag,
    error: r.error,
  };
}

function fromRecord(r: ResultRecord): PairResult {
  return {
    y: r.y,
    x: r.x,
    egStat: r.eg_stat,
    egPvalue: r.eg_pvalue,
    egPvalueReverse: r.eg_pvalue_reverse,
    qvalue: r.qvalue,
    significant: r.significant === 1,
    beta: r.beta,
    alpha: r.alpha,
    halfLife: r.half_life,
    correlation: r.correlation,
    hurst: r.hurst,
    johansenTrace: r.johansen_trace,
    johansenMaxEig: r.johansen_max_eig,
    nobs: r.nobs,
    usedLag: r.used_lag,
    error: r.error,
  };
}

function fromRunRecord(r: RunRecord): ScanRun {
  return {
    id: r.id,
    createdAt: r.created_at,
    finishedAt: r.finished_at,
    state: r.state,
    params: JSON.parse(r.params) as ScanParams,
    dataVersion: JSON.parse(r.data_version) as DataVersion,
    codeVersion: r.code_version,
    universe: JSON.parse(r.universe) as string[],
    excluded: JSON.parse(r.excluded) as ExcludedSymbol[],
    pairsTested: r.pairs_tested,
    pairsSignificant: r.pairs_significant,
    survivorshipWarning: r.survivorship_warning,
  };
}

/** Scan runs and every pair they tested. Written by the scan's persist step on a worker. */
export class ScanRunsRepo {
  private readonly insertRun: Database.Statement;
  private readonly insertResult: Database.Statement;
  private readonly finishRun: Database.Statement;
  private readonly runById: Database.Statement<[number], RunRecord>;
  private readonly allRuns: Database.Statement<[number], RunRecord>;
  private readonly pairOf: Database.Statement<[number, string, string, string, string], ResultRecord>;
  private readonly stateOf: Database.Statement<[number], ScanRunState>;

  constructor(private readonly db: Database.Database) {
    this.insertRun = db.prepare(
      `INSERT INTO scan_runs (created_at, state, params, data_version, basis, code_version, universe, excluded, survivorship_warning)
       VALUES (@createdAt, 'running', @params, @dataVersion, @basis, @codeVersion, @universe, @excluded, @survivorshipWarning)`,
    );
    this.insertResult = db.prepare(
      `INSERT INTO scan_results (run_id, y, x, eg_stat, eg_pvalue, eg_pvalue_reverse, qvalue, significant, beta, alpha, half_life,
         correlation, hurst, johansen_trace, johansen_max_eig, nobs, used_lag, error)
       VALUES (@run_id, @y, @x, @eg_stat, @eg_pvalue, @eg_pvalue_reverse, @qvalue, @significant, @beta, @alpha, @half_life,
         @correlation, @hurst, @johansen_trace, @johansen_max_eig, @nobs, @used_lag, @error)`,
    );
    this.finishRun = db.prepare(
      `UPDATE scan_runs SET state = @state, finished_at = @finishedAt, pairs_tested = @pairsTested,
         pairs_significant = @pairsSignificant WHERE id = @id AND state = 'running'`,
    );
    this.runById = db.prepare('SELECT * FROM scan_runs WHERE id = ?');
    this.allRuns = db.prepare('SELECT * FROM scan_runs ORDER BY id DESC LIMIT ?');
    this.pairOf = db.prepare('SELECT * FROM scan_results WHERE run_id = ? AND ((y = ? AND x = ?) OR (y = ? AND x = ?))');
    this.stateOf = db.prepare<[number], ScanRunState>('SELECT state FROM scan_runs WHERE id = ?').pluck();
  }

  create(run: NewScanRun): number {
    const result = this.insertRun.run({
      createdAt: run.createdAt,
      params: JSON.stringify(run.params),
      dataVersion: JSON.stringify(run.dataVersion),
      basis: run.params.basis,
      codeVersion: run.codeVersion,
      universe: JSON.stringify(run.universe),
      excluded: JSON.stringify(run.excluded),
      survivorshipWarning: run.survivorshipWarning,
    });
    return Number(result.lastInsertRowid);
  }

  /** Writes every result and closes the run in one transaction: a run is complete or absent. */
  complete(runId: number, results: readonly PairResult[], finishedAt: number): void {
    this.db.transaction(() => {
      for (const result of results) this.insertResult.run(toRecord(runId, result));
      const changed = this.finishRun.run({
        id: runId,
        state: 'succeeded',
        finishedAt,
        pairsTested: results.length,
        pairsSignificant: results.filter((r) => r.significant).length,
      }).changes;
      if (changed !== 1) throw new AppError('CONFLICT', `Scan run ${runId} is not running; its results were not written.`, { runId });
    }).immediate();
  }

  /**
   * The persist step's write for a big run: the results in slices of `sliceRows`, each its own
   * short transaction, then the run closed. The write lock is held for one slice at a time
   * (~10 ms for 2,000 rows) instead of the whole 110k-row run (~0.5 s), so main's own writes
   * (kill switch, audit) never wait long; `between` runs after each slice (the worker pauses
   * there so a waiting writer gets its turn). Until it is closed the run stays 'running', and
   * a run that ends before that is abandoned: readers only page runs that succeeded.
   */
  completeInSlices(runId: number, results: readonly PairResult[], finishedAt: () => number, options: { sliceRows: number; between?: () => void }): void {
    for (let start = 0; start < results.length; start += options.sliceRows) {
      this.db.transaction(() => {
        if (this.stateOf.get(runId) !== 'running') throw new AppError('CONFLICT', `Scan run ${runId} is not running; its results were not written.`, { runId });
        for (let k = start; k < Math.min(results.length, start + options.sliceRows); k += 1) this.insertResult.run(toRecord(runId, results[k] as PairResult));
      }).immediate();
      options.between?.();
    }
    const changed = this.finishRun.run({
      id: runId,
      state: 'succeeded',
      finishedAt: finishedAt(),
      pairsTested: results.length,
      pairsSignificant: results.filter((r) => r.significant).length,
    }).changes;
    if (changed !== 1) throw new AppError('CONFLICT', `Scan run ${runId} is not running; it was not closed.`, { runId });
  }

  /** Marks a run that ended without results. */
  abandon(runId: number, state: 'failed' | 'cancelled', finishedAt: number): void {
    this.finishRun.run({ id: runId, state, finishedAt, pairsTested: 0, pairsSignificant: 0 });
  }

  require(runId: number): ScanRun {
    const record = this.runById.get(runId);
    if (record === undefined) throw new AppError('NOT_FOUND', `No scan run with id ${runId}.`, { runId });
    return fromRunRecord(record);
  }

  list(limit = 100): ScanRun[] {
    return this.allRuns.all(limit).map(fromRunRecord);
  }

  page(runId: number, query: ResultsQuery): { total: number; items: PairResult[] } {
    const run = this.require(runId);
    // A run is written in slices: only a succeeded one has all its rows.
    if (run.state !== 'succeeded') throw new AppError('CONFLICT', `Scan run ${runId} is ${run.state}; only a finished run has results.`, { runId, state: run.state });
    const where = ['run_id = @runId'];
    if (query.significantOnly) where.push('significant = 1');
    if (query.symbol !== undefined) where.push('(y = @symbol OR x = @symbol)');
    if (query.maxPvalue !== undefined) where.push('eg_pvalue <= @maxPvalue');
    const params = { runId, symbol: query.symbol ?? null, maxPvalue: query.maxPvalue ?? null, limit: query.limit, offset: query.offset };
    const clause = where.join(' AND ');
    const total = (this.db.prepare(`SELECT count(*) AS n FROM scan_results WHERE ${clause}`).get(params) as { n: number }).n;
    // NULLs (uncomputable pairs) sort last either way.
    const column = resultSortColumns[query.sort];
    const order = `${column} IS NULL, ${column} ${query.descending ? 'DESC' : 'ASC'}, y, x`;
    const items = (
      this.db.prepare(`SELECT * FROM scan_results WHERE ${clause} ORDER BY ${order} LIMIT @limit OFFSET @offset`).all(params) as ResultRecord[]
    ).map(fromRecord);
    return { total, items };
  }

  /** One pair's result in either orientation. */
  pair(runId: number, a: string, b: string): PairResult | null {
    const record = this.pairOf.get(runId, a, b, b, a);
    return record === undefined ? null : fromRecord(record);
  }
}
