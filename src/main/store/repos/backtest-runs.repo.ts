import type Database from 'better-sqlite3';
import { AppError } from '../../../shared/ipc/errors';
import {
  backtestDataVersionSchema,
  backtestHeadlineSchema,
  backtestReportSchema,
  type BacktestReport,
  type BacktestRunSummary,
} from '../../../shared/ipc/sections/backtest';
import { formatIsoDate, type EpochDay } from '../../core/time/epoch-day';
import { RunLifecycle, type RunOwner } from './run-lifecycle';

export type BacktestRunState = BacktestRunSummary['state'];
export type BacktestDataVersion = NonNullable<BacktestRunSummary['dataVersion']>;
export type BacktestHeadline = NonNullable<BacktestRunSummary['headline']>;

export interface NewBacktestRun {
  readonly createdAt: number;
  /** The config as given, and validated with every default filled in. */
  readonly input: unknown;
  readonly config: Readonly<Record<string, unknown>>;
  readonly pairs: readonly { readonly y: string; readonly x: string }[];
  readonly fromDay: EpochDay;
  readonly toDay: EpochDay;
  readonly strategyKind: string;
  readonly capital: number;
  readonly fill: string;
  readonly costsMode: 'none' | 'model';
  readonly seed: number;
  readonly codeVersion: string;
  /** The process running the job (see migration 0006). */
  readonly owner: RunOwner;
}


export interface FinishedBacktest {
  readonly finishedAt: number;
  readonly dataVersion: BacktestDataVersion;
  readonly headline: BacktestHeadline;
  readonly report: BacktestReport;
}

type RunRow = {
  id: number;
  created_at: number;
  finished_at: number | null;
  state: BacktestRunState;
  error_code: string | null;
  error_message: string | null;
  pairs: string;
  from_day: number;
  to_day: number;
  strategy_kind: string;
  capital: number;
  fill: string;
  costs_mode: 'none' | 'model';
  seed: number;
  code_version: string;
  data_version: string | null;
  headline: string | null;
};

const SUMMARY_COLUMNS = `id, created_at, finished_at, state, error_code, error_message, pairs, from_day, to_day, strategy_kind,
  capital, fill, costs_mode, seed, code_version, data_version, headline`;

/** Stored backtest runs (migration 0006): created running, then finished, failed or cancelled. */
export class BacktestRunsRepo extends RunLifecycle<FinishedBacktest> {
  private readonly insert: Database.Statement;
  private readonly listStatement: Database.Statement<[number], RunRow>;
  private readonly getStatement: Database.Statement<[number], RunRow>;
  private readonly configStatement: Database.Statement<[number], { input: string; config: string }>;
  private readonly reportStatement: Database.Statement<[number], string | null>;
  private readonly deleteStatement: Database.Statement<[number]>;

  constructor(db: Database.Database) {
    super(db, 'backtest_runs', (id) => new AppError('CONFLICT', `Backtest run ${id} is not running; its result was not saved.`, { runId: id }));
    this.insert = db.prepare(
      `INSERT INTO backtest_runs (created_at, state, input, config, pairs, from_day, to_day, strategy_kind, capital, fill, costs_mode, seed, code_version,
         owner_pid, owner_token, owner_started_at)
       VALUES (@createdAt, 'running', @input, @config, @pairs, @fromDay, @toDay, @strategyKind, @capital, @fill, @costsMode, @seed, @codeVersion,
         @ownerPid, @ownerToken, @ownerStartedAt)`,
    );
    this.listStatement = db.prepare<[number], RunRow>(`SELECT ${SUMMARY_COLUMNS} FROM backtest_runs ORDER BY created_at DESC, id DESC LIMIT ?`);
    this.getStatement = db.prepare<[number], RunRow>(`SELECT ${SUMMARY_COLUMNS} FROM backtest_runs WHERE id = ?`);
    this.configStatement = db.prepare<[number], { input: string; config: string }>('SELECT input, config FROM backtest_runs WHERE id = ?');
    this.reportStatement = db.prepare<[number], string | null>('SELECT report FROM backtest_runs WHERE id = ?').pluck();
    this.deleteStatement = db.prepare<[number]>(`DELETE FROM backtest_runs WHERE id = ? AND state <> 'running'`);
  }

  create(run: NewBacktestRun): number {
    const result = this.insert.run({
      createdAt: run.createdAt,
      input: JSON.stringify(run.input),
      config: JSON.stringify(run.config),
      pairs: JSON.stringify(run.pairs.map((pair) => ({ y: pair.y, x: pair.x }))),
      fromDay: run.fromDay,
      toDay: run.toDay,
      strategyKind: run.strategyKind,
      capital: run.capital,
      fill: run.fill,
      costsMode: run.costsMode,
      seed: run.seed,
      codeVersion: run.codeVersion,
      ownerPid: run.owner.pid,
      ownerToken: run.owner.token,
      ownerStartedAt: run.owner.startedAt,
    });
    return Number(result.lastInsertRowid);
  }

  list(limit: number): BacktestRunSummary[] {
    return this.listStatement.all(limit).map(toSummary);
  }

  require(id: number): BacktestRunSummary {
    const row = this.getStatement.get(id);
    if (row === undefined) throw new AppError('NOT_FOUND', `No backtest run with id ${id}.`, { runId: id });
    return toSummary(row);
  }

  config(id: number): { readonly input: unknown; readonly config: Record<string, unknown> } {
    const row = this.configStatement.get(id);
    if (row === undefined) throw new AppError('NOT_FOUND', `No backtest run with id ${id}.`, { runId: id });
    return { input: JSON.parse(row.input) as unknown, config: JSON.parse(row.config) as Record<string, unknown> };
  }

  /** The stored tear sheet; null while running or after a failure. */
  report(id: number): BacktestReport | null {
    const text = this.reportStatement.get(id);
    if (text === undefined) throw new AppError('NOT_FOUND', `No backtest run with id ${id}.`, { runId: id });
    if (text === null) return null;
    const parsed = backtestReportSchema.safeParse(JSON.parse(text));
    if (!parsed.success) throw new AppError('STORE_CORRUPT', `The stored report of backtest run ${id} does not match its schema.`, { runId: id });
    return parsed.data;
  }

  /** Deletes a finished run; false when there is none or it is still running. */
  delete(id: number): boolean {
    return this.deleteStatement.run(id).changes === 1;
  }
}

function toSummary(row: RunRow): BacktestRunSummary {
  const json = <T>(text: string | null, parse: (value: unknown) => T): T | null => (text === null ? null : parse(JSON.parse(text)));
  return {
    id: row.id,
    createdAt: row.created_at,
    finishedAt: row.finished_at,
    state: row.state,
    error: row.error_code === null ? null : { code: row.error_code, message: row.error_message ?? '' },
    pairs: JSON.parse(row.pairs) as { y: string; x: string }[],
    from: formatIsoDate(row.from_day),
    to: formatIsoDate(row.to_day),
    strategyKind: row.strategy_kind,
    capital: row.capital,
    fill: row.fill,
    costsMode: row.costs_mode,
    seed: row.seed,
    codeVersion: row.code_version,
    dataVersion: json(row.data_version, (value) => backtestDataVersionSchema.parse(value)),
    headline: json(row.headline, (value) => backtestHeadlineSchema.parse(value)),
  };
}
