import type { Migration } from './migration';

/**
 * Market data: instruments, versioned datasets, daily bars, the revisions a re-import made,
 * data issues and corporate actions, plus a derived per-instrument close series cache.
 *
 * Design notes (why, not what):
 * - `bars` is keyed by (instrument_id, day) and `WITHOUT ROWID`, so a symbol's history is one
 *   contiguous b-tree range and no separate rowid index is paid for on 619k rows. Days are
 *   epoch days (INTEGER), prices REAL, volume INTEGER.
 * - `bars.dataset_id` has no index on purpose: datasets are never deleted, and an index on
 *   619k rows would cost about a third of the import's write time for no query that needs it.
 * - `bar_revisions` keeps the OLD value and the dataset that supplied it, and also the NEW
 *   value: the stored bar may be revised again later, and the diff of a dataset version must
 *   stay what that version actually changed.
 * - `data_issues.kind` is not CHECK-constrained: the kind list grows with validation, and a
 *   CHECK would force a table rebuild for each new kind. The repository validates it.
 * - `series_cache` is derived from `bars` (rebuilt by the importer in the same transaction), so
 *   whole-universe close matrices load from 505 BLOB pairs instead of a 619k-row scan. Its
 *   BLOBs are little-endian Int32/Float64 arrays, the byte order of every platform we ship.
 */
export const marketDataSchema: Migration = {
  version: 2,
  name: 'market-data',
  up(db) {
    db.exec(`
      CREATE TABLE instruments (
        id INTEGER PRIMARY KEY,
        symbol TEXT NOT NULL UNIQUE CHECK (length(symbol) BETWEEN 1 AND 32),
        name TEXT,
        sector TEXT,
        exchange TEXT
      ) STRICT;

      CREATE TABLE datasets (
        id INTEGER PRIMARY KEY,
        source TEXT NOT NULL,
        version INTEGER NOT NULL CHECK (version >= 1),
        sha256 TEXT NOT NULL CHECK (length(sha256) = 64),
        format TEXT NOT NULL,
        adjustment TEXT NOT NULL CHECK (adjustment IN ('raw', 'split', 'split_dividend')),
        imported_at INTEGER NOT NULL,
        policy TEXT NOT NULL CHECK (policy IN ('strict', 'lenient')),
        rows_read INTEGER NOT NULL CHECK (rows_read >= 0),
        rows_accepted INTEGER NOT NULL CHECK (rows_accepted >= 0),
        rows_rejected INTEGER NOT NULL CHECK (rows_rejected >= 0),
        bars_inserted INTEGER NOT NULL CHECK (bars_inserted >= 0),
        bars_changed INTEGER NOT NULL CHECK (bars_changed >= 0),
        bars_unchanged INTEGER NOT NULL CHECK (bars_unchanged >= 0),
        symbol_count INTEGER NOT NULL CHECK (symbol_count >= 0),
        first_day INTEGER,
        last_day INTEGER,
        issue_summary TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(issue_summary)),
        UNIQUE (source, version)
      ) STRICT;

      CREATE TABLE bars (
        instrument_id INTEGER NOT NULL REFERENCES instruments (id),
        day INTEGER NOT NULL,
        open REAL NOT NULL,
        high REAL NOT NULL,
        low REAL NOT NULL,
        close REAL NOT NULL,
        volume INTEGER NOT NULL,
        dataset_id INTEGER NOT NULL REFERENCES datasets (id),
        PRIMARY KEY (instrument_id, day)
      ) STRICT, WITHOUT ROWID;

      CREATE TABLE bar_revisions (
        dataset_id INTEGER NOT NULL REFERENCES datasets (id),
        instrument_id INTEGER NOT NULL REFERENCES instruments (id),
        day INTEGER NOT NULL,
        old_dataset_id INTEGER NOT NULL REFERENCES datasets (id),
        old_open REAL NOT NULL,
        old_high REAL NOT NULL,
        old_low REAL NOT NULL,
        old_close REAL NOT NULL,
        old_volume INTEGER NOT NULL,
        new_open REAL NOT NULL,
        new_high REAL NOT NULL,
        new_low REAL NOT NULL,
        new_close REAL NOT NULL,
        new_volume INTEGER NOT NULL,
        PRIMARY KEY (dataset_id, instrument_id, day)
      ) STRICT, WITHOUT ROWID;
      CREATE INDEX bar_revisions_by_bar ON bar_revisions (instrument_id, day);

      CREATE TABLE data_issues (
        id INTEGER PRIMARY KEY,
        dataset_id INTEGER NOT NULL REFERENCES datasets (id),
        symbol TEXT,
        day INTEGER,
        kind TEXT NOT NULL,
        severity TEXT NOT NULL CHECK (severity IN ('error', 'warning', 'info')),
        detail TEXT NOT NULL,
        file TEXT,
        line INTEGER,
        field TEXT
      ) STRICT;
      CREATE INDEX data_issues_by_symbol_day ON data_issues (symbol, day);
      CREATE INDEX data_issues_by_dataset ON data_issues (dataset_id, kind);

      CREATE TABLE corporate_actions (
        id INTEGER PRIMARY KEY,
        instrument_id INTEGER NOT NULL REFERENCES instruments (id),
        day INTEGER NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('split', 'dividend')),
        ratio_numerator REAL,
        ratio_denominator REAL,
        cash_amount REAL,
        source TEXT NOT NULL CHECK (source IN ('imported', 'inferred')),
        dataset_id INTEGER REFERENCES datasets (id),
        -- coalesce(..., 0): a CHECK that evaluates to NULL passes, so a missing ratio must be false.
        CHECK (
          CASE kind
            WHEN 'split' THEN coalesce(ratio_numerator > 0 AND ratio_denominator > 0, 0) AND cash_amount IS NULL
            WHEN 'dividend' THEN coalesce(cash_amount > 0, 0) AND ratio_numerator IS NULL AND ratio_denominator IS NULL
            ELSE 0
          END
        ),
        UNIQUE (instrument_id, day, kind, source)
      ) STRICT;

      CREATE TABLE series_cache (
        instrument_id INTEGER PRIMARY KEY REFERENCES instruments (id),
        bar_count INTEGER NOT NULL CHECK (bar_count >= 0),
        first_day INTEGER,
        last_day INTEGER,
        days BLOB NOT NULL CHECK (length(days) = 4 * bar_count),
        closes BLOB NOT NULL CHECK (length(closes) = 8 * bar_count)
      ) STRICT;
    `);
  },
};
