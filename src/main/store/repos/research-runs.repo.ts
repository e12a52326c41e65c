import type Database from 'better-sqlite3';
import { AppError } from '../../../shared/ipc/errors';
import { backtestDataVersionSchema } from '../../../shared/ipc/sections/backtest';
import {
  researchRunSummarySchema,
  sweepReportWireSchema,
  walkForwardReportWireSchema,
  type ResearchKind,
  type ResearchRunSummary,
  type SweepReportWire,
  type WalkForwardReportWire,
} from '../../../shared/ipc/sections/backtest-research';
import type { BacktestDataVersion } from './backtest-runs.repo';
import { RunLifecycle, type RunOwner } from './run-lifecycle';

export interface NewResearchRun {
  readonly kind: ResearchKind;
  readonly createdAt: number;
  /** The request exactly as given. */
  readonly input: unknown;
  /** The base backtest config with every default filled in, and the validated spec. */
  readonly config: Readonly<Record<string, unknown>>;
  readonly spec: Readonly<Record<string, unknown>>;
  readonly seed: number;
  readonly codeVersion: string;
  /** The process running it (backtest/run-owner.ts). */
  readonly owner: RunOwner;
}

export type ResearchReport = { readonly kind: 'sweep'; readonly report: SweepReportWire } | { readonly kind: 'walk_forward'; readonly report: WalkForwardReportWire };

export interface FinishedResearch {
  readonly finishedAt: number;
  readonly dataVersion: BacktestDataVersion;
  readonly headline: Readonly<Record<string, number | null>>;
  readonly report: ResearchReport['report'];
}

type Row = {
  id: number;
  kind: ResearchKind;
  created_at: number;
  finished_at: number | null;
  state: ResearchRunSummary['state'];
  error_code: string | null;
  error_message: string | null;
  seed: number;
  code_version: string;
  data_version: string | null;
  headline: string | null;
};

const SUMMARY_COLUMNS = 'id, kind, created_at, finished_at, state, error_code, error_message, seed, code_version, data_version, headline';

/** Stored sweeps and walk-forward validations (migration 0008): created running, then finished, failed or cancelled. */
export class ResearchRunsRepo extends RunLifecycle<FinishedResearch> {
  private readonly insert: Database.Statement;
  private readonly listStatement: Database.Statement<[number], Row>;
  private readonly getStatement: Database.Statement<[number], Row>;
  private readonly detailStatement: Database.Statement<[number], { kind: ResearchKind; config: string; spec: string; report: string | null }>;

  constructor(db: Database.Database) {
    super(db, 'research_runs', (id) => new AppError('CONFLICT', `Research run ${id} is not running; its result was not saved.`, { researchId: id }));
    this.insert = db.prepare(
      `INSERT INTO research_runs (kind, created_at, state, input, config, spec, seed, code_version, owner_pid, owner_token, owner_started_at)
       VALUES (@kind, @createdAt, 'running', @input, @config, @spec, @seed, @codeVersion, @ownerPid, @ownerToken, @ownerStartedAt)`,
    );
    this.listStatement = db.prepare<[number], Row>(`SELECT ${SUMMARY_COLUMNS} FROM research_runs ORDER BY created_at DESC, id DESC LIMIT ?`);
    this.getStatement = db.prepare<[number], Row>(`SELECT ${SUMMARY_COLUMNS} FROM research_runs WHERE id = ?`);
    this.detailStatement = db.prepare<[number], { kind: ResearchKind; config: string; spec: string; report: string | null }>('SELECT kind, config, spec, report FROM research_runs WHERE id = ?');
  }

  create(run: NewResearchRun): number {
    const result = this.insert.run({
      kind: run.kind,
      createdAt: run.createdAt,
      input: JSON.stringify(run.input),
      config: JSON.stringify(run.config),
      spec: JSON.stringify(run.spec),
      seed: run.seed,
      codeVersion: run.codeVersion,
      ownerPid: run.owner.pid,
      ownerToken: run.owner.token,
      ownerStartedAt: run.owner.startedAt,
    });
    return Number(result.lastInsertRowid);
  }

  list(limit: number): ResearchRunSummary[] {
    return this.listStatement.all(limit).map(toSummary);
  }

  require(id: number): ResearchRunSummary {
    const row = this.getStatement.get(id);
    if (row === undefined) throw new AppError('NOT_FOUND', `No sweep or walk-forward run with id ${id}.`, { researchId: id });
    return toSummary(row);
  }

  /** The stored config, spec and report (null while running or after a failure), schema-checked. */
  detail(id: number): { readonly config: Record<string, unknown>; readonly spec: Record<string, unknown>; readonly report: ResearchReport | null } {
    const row = this.detailStatement.get(id);
    if (row === undefined) throw new AppError('NOT_FOUND', `No sweep or walk-forward run with id ${id}.`, { researchId: id });
    const config = JSON.parse(row.config) as Record<string, unknown>;
    const spec = JSON.parse(row.spec) as Record<string, unknown>;
    if (row.report === null) return { config, spec, report: null };
    const raw: unknown = JSON.parse(row.report);
    const corrupt = () => new AppError('STORE_CORRUPT', `The stored report of research run ${id} does not match its schema.`, { researchId: id });
    if (row.kind === 'sweep') {
      const parsed = sweepReportWireSchema.safeParse(raw);
      if (!parsed.success) throw corrupt();
      return { config, spec, report: { kind: 'sweep', report: parsed.data } };
    }
    const parsed = walkForwardReportWireSchema.safeParse(raw);
    if (!parsed.success) throw corrupt();
    return { config, spec, report: { kind: 'walk_forward', report: parsed.data } };
  }
}

function toSummary(row: Row): ResearchRunSummary {
  return researchRunSummarySchema.parse({
    id: row.id,
    kind: row.kind,
    createdAt: row.created_at,
    finishedAt: row.finished_at,
    state: row.state,
    error: row.error_code === null ? null : { code: row.error_code, message: row.error_message ?? '' },
    seed: row.seed,
    codeVersion: row.code_version,
    dataVersion: row.data_version === null ? null : backtestDataVersionSchema.parse(JSON.parse(row.data_version)),
    headline: row.headline === null ? null : (JSON.parse(row.headline) as Record<string, number | null>),
  });
}
