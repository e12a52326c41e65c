import type Database from 'better-sqlite3';

export interface SessionRecord {
  readonly id: number;
  readonly pid: number;
  readonly startedAt: number;
}

export interface SessionsRepo {
  /** Records a new run; returns its id. */
  begin(pid: number, startedAt: number): number;
  /** Marks a run as shut down cleanly. */
  markClean(id: number, endedAt: number): void;
  /** Earlier runs that never marked themselves clean and were not yet recovered, oldest first. */
  unclean(exceptId: number): SessionRecord[];
  /** Records that a start halted for these runs, so the next start does not halt for them again. */
  markRecovered(ids: readonly number[], at: number): void;
}

export function createSessionsRepo(db: Database.Database): SessionsRepo {
  const insert = db.prepare<{ pid: number; startedAt: number }>('INSERT INTO sessions (pid, started_at) VALUES (@pid, @startedAt)');
  const clean = db.prepare<{ id: number; endedAt: number }>('UPDATE sessions SET clean = 1, ended_at = @endedAt WHERE id = @id');
  const unclean = db.prepare<[number], { id: number; pid: number; started_at: number }>(
    'SELECT id, pid, started_at FROM sessions WHERE clean = 0 AND recovered_at IS NULL AND id <> ? ORDER BY id',
  );
  const recovered = db.prepare<{ id: number; at: number }>('UPDATE sessions SET recovered_at = @at WHERE id = @id');
  return {
    begin(pid, startedAt) {
      return Number(insert.run({ pid, startedAt }).lastInsertRowid);
    },
    markClean(id, endedAt) {
      clean.run({ id, endedAt });
    },
    unclean(exceptId) {
      return unclean.all(exceptId).map((row) => ({ id: row.id, pid: row.pid, startedAt: row.started_at }));
    },
    markRecovered(ids, at) {
      for (const id of ids) recovered.run({ id, at });
    },
  };
}
