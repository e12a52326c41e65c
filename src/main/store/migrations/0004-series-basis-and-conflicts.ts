import type { Migration } from './migration';

/**
 * One price basis per stored series, and bars from another source held as conflicts.
 *
 * Design notes (why, not what):
 * - `instruments.basis` is the basis of the instrument's STORED series. Until now only the
 *   dataset recorded a basis, so a second source in another basis could be merged into the
 *   same series unnoticed (issue 11 §6: ISRG alternating between ~180 and ~540). NULL means
 *   the instrument has no bars yet (e.g. it was created by a corporate-actions import).
 * - Existing series take the basis of the datasets that supplied their bars. A series whose
 *   bars came from datasets of different bases takes the basis that supplied the most bars
 *   (ties: the earliest dataset), which is the basis most of its values are on.
 * - `datasets.resolves_dataset_id` marks a version made by resolving a held conflict (keep
 *   or take), so the version history says which import's conflict it settled.
 * - `held_series` is one held symbol of one import: the import's bars for that symbol
 *   overlapped another source's stored bars and disagreed beyond the tolerance. Its bars
 *   (already converted to the series' basis) wait in `held_bars` until the user resolves.
 *   `factor` is incoming / existing when the disagreement is one constant scale.
 */
export const seriesBasisAndConflicts: Migration = {
  version: 4,
  name: 'series-basis-and-conflicts',
  up(db) {
    db.exec(`
      ALTER TABLE instruments ADD COLUMN basis TEXT CHECK (basis IS NULL OR basis IN ('raw', 'split', 'split_dividend'));

      UPDATE instruments SET basis = (
        SELECT d.adjustment FROM bars b JOIN datasets d ON d.id = b.dataset_id
        WHERE b.instrument_id = instruments.id
        GROUP BY d.adjustment ORDER BY count(*) DESC, min(d.id) ASC LIMIT 1
      );

      ALTER TABLE datasets ADD COLUMN resolves_dataset_id INTEGER REFERENCES datasets (id);

      CREATE TABLE held_series (
        dataset_id INTEGER NOT NULL REFERENCES datasets (id),
        instrument_id INTEGER NOT NULL REFERENCES instruments (id),
        basis TEXT NOT NULL CHECK (basis IN ('raw', 'split', 'split_dividend')),
        status TEXT NOT NULL CHECK (status IN ('held', 'kept', 'taken', 'superseded')),
        classification TEXT NOT NULL CHECK (classification IN ('basis_mismatch', 'corrupt_rows')),
        factor REAL CHECK (factor IS NULL OR factor > 0),
        overlap_days INTEGER NOT NULL CHECK (overlap_days >= 0),
        differing_days INTEGER NOT NULL CHECK (differing_days > 0),
        bar_count INTEGER NOT NULL CHECK (bar_count > 0),
        first_day INTEGER NOT NULL,
        last_day INTEGER NOT NULL,
        detail TEXT NOT NULL,
        resolved_by_dataset_id INTEGER REFERENCES datasets (id),
        resolved_at INTEGER,
        PRIMARY KEY (dataset_id, instrument_id)
      ) STRICT, WITHOUT ROWID;
      CREATE INDEX held_series_by_instrument ON held_series (instrument_id, status);

      CREATE TABLE held_bars (
        dataset_id INTEGER NOT NULL,
        instrument_id INTEGER NOT NULL,
        day INTEGER NOT NULL,
        open REAL NOT NULL,
        high REAL NOT NULL,
        low REAL NOT NULL,
        close REAL NOT NULL,
        volume INTEGER NOT NULL,
        -- 1 where the day overlaps a stored bar of another source and differs beyond the tolerance.
        differs INTEGER NOT NULL CHECK (differs IN (0, 1)),
        PRIMARY KEY (dataset_id, instrument_id, day),
        FOREIGN KEY (dataset_id, instrument_id) REFERENCES held_series (dataset_id, instrument_id)
      ) STRICT, WITHOUT ROWID;
    `);
  },
};
