import type { Migration } from './migration';

/**
 * Pair scanner: persisted scan runs with every pair tested, the watchlist, and the pair
 * health monitor's daily checks.
 *
 * Design notes (why, not what):
 * - A run stores everything needed to reproduce it: its parameters, the data version (the
 *   dataset versions that supplied the bars plus a SHA-256 of the close matrix), the basis
 *   and the code version. `excluded` keeps every left-out symbol with its reason.
 * - `scan_results` holds one row per UNORDERED pair tested, surviving or not, keyed by
 *   (run, y, x) with y the direction of the lower p-value, `WITHOUT ROWID` so a run's rows
 *   are one contiguous b-tree range. ~110k rows per full S&P run.
 * - Symbols are stored as text, not instrument ids: a run is a record of what was tested,
 *   and must stay readable even if instruments are later renamed or merged.
 */
export const scannerSchema: Migration = {
  version: 5,
  name: 'scanner',
  up(db) {
    db.exec(`
      CREATE TABLE scan_runs (
        id INTEGER PRIMARY KEY,
        created_at INTEGER NOT NULL,
        finished_at INTEGER,
        state TEXT NOT NULL CHECK (state IN ('running', 'succeeded', 'failed', 'cancelled')),
        params TEXT NOT NULL CHECK (json_valid(params)),
        data_version TEXT NOT NULL CHECK (json_valid(data_version)),
        basis TEXT NOT NULL CHECK (basis IN ('raw', 'split', 'split_dividend')),
        code_version TEXT NOT NULL,
        universe TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(universe)),
        excluded TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(excluded)),
        pairs_tested INTEGER NOT NULL DEFAULT 0 CHECK (pairs_tested >= 0),
        pairs_significant INTEGER NOT NULL DEFAULT 0 CHECK (pairs_significant >= 0),
        survivorship_warning TEXT
      ) STRICT;

      CREATE TABLE scan_results (
        run_id INTEGER NOT NULL REFERENCES scan_runs (id),
        y TEXT NOT NULL,
        x TEXT NOT NULL,
        eg_stat REAL,
        eg_pvalue REAL,
        eg_pvalue_reverse REAL,
        qvalue REAL,
        significant INTEGER NOT NULL CHECK (significant IN (0, 1)),
        beta REAL,
        alpha REAL,
        half_life REAL,
        correlation REAL,
        -- Computed for the pairs that survive multiple testing (and when a pair is opened).
        hurst REAL,
        -- Johansen (det_order 0, k_ar_diff 1) trace and max-eigenvalue statistics for r = 0, survivors only.
        johansen_trace REAL,
        johansen_max_eig REAL,
        nobs INTEGER NOT NULL CHECK (nobs >= 0),
        used_lag INTEGER,
        error TEXT,
        PRIMARY KEY (run_id, y, x)
      ) STRICT, WITHOUT ROWID;
      CREATE INDEX scan_results_by_pvalue ON scan_results (run_id, eg_pvalue);

      CREATE TABLE watchlist (
        y TEXT NOT NULL,
        x TEXT NOT NULL,
        added_at INTEGER NOT NULL,
        source_run_id INTEGER REFERENCES scan_runs (id),
        note TEXT,
        PRIMARY KEY (y, x)
      ) STRICT;

      CREATE TABLE pair_health (
        y TEXT NOT NULL,
        x TEXT NOT NULL,
        day INTEGER NOT NULL,
        checked_at INTEGER NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('healthy', 'broken', 'unknown')),
        pvalue REAL,
        half_life REAL,
        beta REAL,
        reasons TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(reasons)),
        PRIMARY KEY (y, x, day)
      ) STRICT, WITHOUT ROWID;
    `);
  },
};
