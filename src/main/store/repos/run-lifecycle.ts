import type Database from 'better-sqlite3';
import type { AppError } from '../../../shared/ipc/errors';

/** A process that runs stored jobs: its pid, a random token of this process, and its start (epoch ms). */
export interface RunOwner {
  readonly pid: number;
  readonly token: string;
  readonly startedAt: number;
}

/** What a finished run stores besides its state; each table's report has its own shape. */
export interface FinishedRun {
  readonly finishedAt: number;
  readonly dataVersion: unknown;
  readonly headline: unknown;
  readonly report: unknown;
}

/**
 * The life of a stored run, shared by backtest_runs (migration 0006) and research_runs (0008),
 * which carry the same lifecycle columns (state, finished_at, error_code, error_message,
 * owner_pid/token/started_at, data_version, headline, report): created `running` by its repo,
 * then exactly one of finished, abandoned (failed or cancelled) or interrupted (its owning
 * process ended). Every update is guarded by `state = 'running'`, so a settled run stays as it is.
 * Each repo extends it with its own insert, reads and report type `F`.
 */
export class RunLifecycle<F extends FinishedRun> {
  private readonly runningStatement: Database.Statement<[], { id: number; owner_pid: number; owner_token: string; owner_started_at: number }>;
  private readonly interruptStatement: Database.Statement;
  private readonly finishStatement: Database.Statement;
  private readonly abandonStatement: Database.Statement;

  /** `table` is one of this module's callers' literal table names, never input. */
  constructor(
    db: Database.Database,
    table: 'backtest_runs' | 'research_runs',
    private readonly notRunning: (id: number) => AppError,
  ) {
    this.runningStatement = db.prepare(`SELECT id, owner_pid, owner_token, owner_started_at FROM ${table} WHERE state = 'running' ORDER BY id`);
    // Guarded by the owner's token: a run its owner settled meanwhile (or a row taken by another
    // owner) is left as it is.
    this.interruptStatement = db.prepare(
      `UPDATE ${table} SET state = 'failed', finished_at = @at, error_code = 'INTERRUPTED', error_message = @message
       WHERE id = @id AND state = 'running' AND owner_token = @token`,
    );
    this.finishStatement = db.prepare(
      `UPDATE ${table} SET state = 'succeeded', finished_at = @finishedAt, data_version = @dataVersion, headline = @headline, report = @report
       WHERE id = @id AND state = 'running'`,
    );
    this.abandonStatement = db.prepare(
      `UPDATE ${table} SET state = @state, finished_at = @finishedAt, error_code = @code, error_message = @message WHERE id = @id AND state = 'running'`,
    );
  }

  /** The runs stored as running, with the process that owns each. */
  running(): { readonly id: number; readonly owner: RunOwner }[] {
    return this.runningStatement.all().map((row) => ({ id: row.id, owner: { pid: row.owner_pid, token: row.owner_token, startedAt: row.owner_started_at } }));
  }

  /** Marks a running run of `owner` failed (INTERRUPTED) because its process ended; false when it is not (or no longer) that. */
  interrupt(id: number, owner: RunOwner, at: number, message: string): boolean {
    return this.interruptStatement.run({ id, token: owner.token, at, message }).changes === 1;
  }

  finish(id: number, finished: F): void {
    const changed = this.finishStatement.run({
      id,
      finishedAt: finished.finishedAt,
      dataVersion: JSON.stringify(finished.dataVersion),
      headline: JSON.stringify(finished.headline),
      report: JSON.stringify(finished.report),
    }).changes;
    if (changed !== 1) throw this.notRunning(id);
  }

  /** Marks a running run failed or cancelled, with the error that ended it. */
  abandon(id: number, state: 'failed' | 'cancelled', at: number, error: { readonly code: string; readonly message: string }): void {
    this.abandonStatement.run({ id, state, finishedAt: at, code: error.code, message: error.message });
  }
}
