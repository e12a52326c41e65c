import type { Migration } from './migration';

/**
 * Backtest runs: every run is stored with what reproduces it and what it produced.
 *
 * Design notes (why, not what):
 * - `input` is the config exactly as given; `config` is the validated config with every
 *   default filled in (what the engine ran). Both are kept: a default that changes between
 *   versions must not silently change what an old run "was".
 * - `data_version` names the datasets behind the bars read and a SHA-256 of the exact engine
 *   inputs (bars, actions, basis), `code_version` the app version, `seed` the config's seed.
 * - `report` is the whole tear sheet as one JSON document (the wire shape of backtest:get):
 *   it is written once, read whole, and every export file is rendered from it, so an export
 *   from the app and the CLI's files are the same bytes. No SQL ever looks inside it.
 * - `headline` is the handful of metrics the run list shows, kept apart so a list of runs
 *   never parses reports.
 * - `owner_pid`, `owner_token` (random per process) and `owner_started_at` name the process
 *   running the job. A process that crashes leaves its run `running`; the next service start
 *   (or a list or delete) finds the owner gone and marks it failed. The token tells this
 *   process's own runs from an earlier process that had the same pid.
 */
export const backtestsSchema: Migration = {
  version: 6,
  name: 'backtests',
  up(db) {
    db.exec(`
      CREATE TABLE backtest_runs (
        id INTEGER PRIMARY KEY,
        created_at INTEGER NOT NULL,
        finished_at INTEGER,
        state TEXT NOT NULL CHECK (state IN ('running', 'succeeded', 'failed', 'cancelled')),
        error_code TEXT,
        error_message TEXT,
        input TEXT NOT NULL CHECK (json_valid(input)),
        config TEXT NOT NULL CHECK (json_valid(config)),
        pairs TEXT NOT NULL CHECK (json_valid(pairs)),
        from_day INTEGER NOT NULL,
        to_day INTEGER NOT NULL CHECK (to_day >= from_day),
        strategy_kind TEXT NOT NULL,
        capital REAL NOT NULL CHECK (capital > 0),
        fill TEXT NOT NULL,
        costs_mode TEXT NOT NULL CHECK (costs_mode IN ('none', 'model')),
        seed INTEGER NOT NULL,
        code_version TEXT NOT NULL,
        owner_pid INTEGER NOT NULL CHECK (owner_pid > 0),
        owner_token TEXT NOT NULL,
        owner_started_at INTEGER NOT NULL,
        data_version TEXT CHECK (data_version IS NULL OR json_valid(data_version)),
        headline TEXT CHECK (headline IS NULL OR json_valid(headline)),
        report TEXT CHECK (report IS NULL OR json_valid(report))
      ) STRICT;
      CREATE INDEX backtest_runs_created ON backtest_runs (created_at DESC, id DESC);
      CREATE INDEX backtest_runs_running ON backtest_runs (state) WHERE state = 'running';
    `);
  },
};
