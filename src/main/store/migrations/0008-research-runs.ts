import type { Migration } from './migration';

/**
 * Research runs: parameter sweeps and walk-forward validations of the backtest area.
 *
 * Design notes (why, not what):
 * - One table for both kinds: they share what reproduces them (the base config as given and
 *   with defaults filled in, the sweep / walk-forward spec, data version, code version, seed)
 *   and their report is one JSON document written once and read whole, like backtest_runs.
 * - `spec` is the validated spec (grid or walk-forward plan) with every default filled in;
 *   `input` keeps the request exactly as given.
 * - `headline` holds the few numbers a list shows, so a list never parses reports.
 * - `owner_pid`, `owner_token`, `owner_started_at` name the process running it (as in
 *   backtest_runs): a run left running by a process that ended is marked failed (INTERRUPTED).
 */
export const researchRunsSchema: Migration = {
  version: 8,
  name: 'research-runs',
  up(db) {
    db.exec(`
      CREATE TABLE research_runs (
        id INTEGER PRIMARY KEY,
        kind TEXT NOT NULL CHECK (kind IN ('sweep', 'walk_forward')),
        created_at INTEGER NOT NULL,
        finished_at INTEGER,
        state TEXT NOT NULL CHECK (state IN ('running', 'succeeded', 'failed', 'cancelled')),
        error_code TEXT,
        error_message TEXT,
        input TEXT NOT NULL CHECK (json_valid(input)),
        config TEXT NOT NULL CHECK (json_valid(config)),
        spec TEXT NOT NULL CHECK (json_valid(spec)),
        seed INTEGER NOT NULL,
        code_version TEXT NOT NULL,
        owner_pid INTEGER NOT NULL CHECK (owner_pid > 0),
        owner_token TEXT NOT NULL,
        owner_started_at INTEGER NOT NULL,
        data_version TEXT CHECK (data_version IS NULL OR json_valid(data_version)),
        headline TEXT CHECK (headline IS NULL OR json_valid(headline)),
        report TEXT CHECK (report IS NULL OR json_valid(report))
      ) STRICT;
      CREATE INDEX research_runs_created ON research_runs (created_at DESC, id DESC);
    `);
  },
};
