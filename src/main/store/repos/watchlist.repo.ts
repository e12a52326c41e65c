import type Database from 'better-sqlite3';
import type { EpochDay } from '../../core/time/epoch-day';

export type PairHealthStatus = 'healthy' | 'broken' | 'unknown';

/** One daily re-test of a watched pair. */
export interface PairHealthRecord {
  readonly day: EpochDay;
  readonly checkedAt: number;
  readonly status: PairHealthStatus;
  readonly pvalue: number | null;
  /** Infinity when the spread no longer reverts (SQLite keeps +Inf as a REAL). */
  readonly halfLife: number | null;
  readonly beta: number | null;
  readonly reasons: readonly string[];
}

export interface WatchedPair {
  readonly y: string;
  readonly x: string;
  readonly addedAt: number;
  readonly sourceRunId: number | null;
  readonly note: string | null;
  /** The newest health check, or null before the first. */
  readonly health: PairHealthRecord | null;
}

type WatchRow = [y: string, x: string, addedAt: number, sourceRunId: number | null, note: string | null];
type HealthRow = [day: number, checkedAt: number, status: PairHealthStatus, pvalue: number | null, halfLife: number | null, beta: number | null, reasons: string];

function toHealth(row: HealthRow): PairHealthRecord {
  const [day, checkedAt, status, pvalue, halfLife, beta, reasons] = row;
  return { day, checkedAt, status, pvalue, halfLife, beta, reasons: JSON.parse(reasons) as string[] };
}

/** The watchlist and the health monitor's daily checks (one row per pair and day). */
export class WatchlistRepo {
  private readonly all: Database.Statement<[], WatchRow>;
  private readonly insert: Database.Statement<[string, string, number, number | null, string | null]>;
  private readonly remove: Database.Statement<[string, string]>;
  private readonly latest: Database.Statement<[string, string], HealthRow>;
  private readonly earliest: Database.Statement<[string, string], HealthRow>;
  private readonly upsertHealth: Database.Statement<[string, string, number, number, string, number | null, number | null, number | null, string]>;

  constructor(db: Database.Database) {
    this.all = db.prepare<[], WatchRow>('SELECT y, x, added_at, source_run_id, note FROM watchlist ORDER BY added_at, y, x').raw();
    // Idempotent: adding a watched pair again keeps its first date and run.
    this.insert = db.prepare('INSERT INTO watchlist (y, x, added_at, source_run_id, note) VALUES (?, ?, ?, ?, ?) ON CONFLICT (y, x) DO NOTHING');
    this.remove = db.prepare('DELETE FROM watchlist WHERE y = ? AND x = ?');
    const health = 'SELECT day, checked_at, status, pvalue, half_life, beta, reasons FROM pair_health WHERE y = ? AND x = ?';
    this.latest = db.prepare<[string, string], HealthRow>(`${health} ORDER BY day DESC LIMIT 1`).raw();
    this.earliest = db.prepare<[string, string], HealthRow>(`${health} AND beta IS NOT NULL ORDER BY day LIMIT 1`).raw();
    // A re-test on the same day (after an import) replaces that day's check.
    this.upsertHealth = db.prepare(
      `INSERT INTO pair_health (y, x, day, checked_at, status, pvalue, half_life, beta, reasons) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (y, x, day) DO UPDATE SET checked_at = excluded.checked_at, status = excluded.status, pvalue = excluded.pvalue,
         half_life = excluded.half_life, beta = excluded.beta, reasons = excluded.reasons`,
    );
  }

  list(): WatchedPair[] {
    return this.all.all().map(([y, x, addedAt, sourceRunId, note]) => {
      const health = this.latest.get(y, x);
      return { y, x, addedAt, sourceRunId, note, health: health === undefined ? null : toHealth(health) };
    });
  }

  add(pair: { readonly y: string; readonly x: string; readonly addedAt: number; readonly sourceRunId: number | null; readonly note: string | null }): void {
    this.insert.run(pair.y, pair.x, pair.addedAt, pair.sourceRunId, pair.note);
  }

  /** True when the pair was on the list. */
  delete(y: string, x: string): boolean {
    return this.remove.run(y, x).changes > 0;
  }

  latestHealth(y: string, x: string): PairHealthRecord | null {
    const row = this.latest.get(y, x);
    return row === undefined ? null : toHealth(row);
  }

  /** The first check that measured a hedge ratio: the reference for drift when no run gave one. */
  firstHealth(y: string, x: string): PairHealthRecord | null {
    const row = this.earliest.get(y, x);
    return row === undefined ? null : toHealth(row);
  }

  recordHealth(y: string, x: string, record: PairHealthRecord): void {
    this.upsertHealth.run(y, x, record.day, record.checkedAt, record.status, record.pvalue, record.halfLife, record.beta, JSON.stringify(record.reasons));
  }
}
