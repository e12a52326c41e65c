import type { Migration } from '../migrations/migration';

/**
 * The paper broker's state in trading.sqlite (issue 14), so a restart resumes exactly.
 *
 * Orders, their transitions, fills, marks and session steps are append-only records (audit
 * 1.3: orders and fills are never pruned); each row carries `seq`, one counter across the
 * five tables, so the restore replays them in the order they happened. The account row's
 * cash and the positions table are the current state written in the same transaction; the
 * restore recomputes both from the records and refuses a file where they disagree.
 */
export const paperBroker: Migration = {
  version: 3,
  name: 'paper-broker',
  up(db) {
    const appendOnly = (table: string): string => `
      CREATE TRIGGER ${table}_no_update BEFORE UPDATE ON ${table}
      BEGIN
        SELECT RAISE(ABORT, '${table} is append-only: UPDATE is not allowed');
      END;
      CREATE TRIGGER ${table}_no_delete BEFORE DELETE ON ${table}
      BEGIN
        SELECT RAISE(ABORT, '${table} is append-only: DELETE is not allowed');
      END;`;
    db.exec(`
      CREATE TABLE paper_accounts (
        id           TEXT PRIMARY KEY NOT NULL CHECK (length(id) BETWEEN 1 AND 64),
        name         TEXT NOT NULL,
        initial_cash REAL NOT NULL CHECK (initial_cash > 0),
        cash         REAL NOT NULL,
        costs_paid   REAL NOT NULL DEFAULT 0,
        created_at   INTEGER NOT NULL,
        updated_at   INTEGER NOT NULL
      ) STRICT;

      CREATE TABLE paper_orders (
        seq           INTEGER NOT NULL UNIQUE,
        id            TEXT PRIMARY KEY NOT NULL CHECK (length(id) BETWEEN 1 AND 200),
        account_id    TEXT NOT NULL REFERENCES paper_accounts (id),
        pair_id       TEXT NOT NULL,
        leg           TEXT NOT NULL CHECK (leg IN ('y', 'x')),
        symbol        TEXT NOT NULL,
        side          TEXT NOT NULL CHECK (side IN ('BUY', 'SELL', 'SELL_SHORT', 'BUY_TO_COVER')),
        quantity      INTEGER NOT NULL,
        type          TEXT NOT NULL CHECK (type IN ('MARKET', 'LIMIT')),
        limit_price   REAL,
        time_in_force TEXT NOT NULL CHECK (time_in_force IN ('DAY', 'GTC')),
        for_session   INTEGER NOT NULL,
        decided_on    INTEGER NOT NULL,
        created_at    INTEGER NOT NULL
      ) STRICT;

      CREATE TABLE paper_order_transitions (
        seq             INTEGER PRIMARY KEY NOT NULL,
        order_id        TEXT NOT NULL REFERENCES paper_orders (id),
        from_status     TEXT NOT NULL,
        to_status       TEXT NOT NULL,
        filled_quantity INTEGER NOT NULL CHECK (filled_quantity >= 0),
        reason          TEXT NOT NULL,
        replaced_by     TEXT,
        at              INTEGER NOT NULL
      ) STRICT;
      CREATE INDEX paper_order_transitions_order ON paper_order_transitions (order_id, seq);

      CREATE TABLE paper_fills (
        seq             INTEGER PRIMARY KEY NOT NULL,
        order_id        TEXT NOT NULL REFERENCES paper_orders (id),
        pair_id         TEXT NOT NULL,
        leg             TEXT NOT NULL CHECK (leg IN ('y', 'x')),
        symbol          TEXT NOT NULL,
        side            TEXT NOT NULL CHECK (side IN ('BUY', 'SELL', 'SELL_SHORT', 'BUY_TO_COVER')),
        quantity        INTEGER NOT NULL CHECK (quantity > 0),
        price           REAL NOT NULL CHECK (price > 0),
        traded_price    REAL NOT NULL,
        traded_quantity REAL NOT NULL,
        signal_day      INTEGER NOT NULL,
        fill_day        INTEGER NOT NULL,
        commission      REAL NOT NULL CHECK (commission >= 0),
        sec_fee         REAL NOT NULL CHECK (sec_fee >= 0),
        finra_taf       REAL NOT NULL CHECK (finra_taf >= 0),
        slippage        REAL NOT NULL CHECK (slippage >= 0),
        impact          REAL NOT NULL CHECK (impact >= 0),
        at              INTEGER NOT NULL
      ) STRICT;
      CREATE INDEX paper_fills_order ON paper_fills (order_id);

      CREATE TABLE paper_marks (
        seq        INTEGER PRIMARY KEY NOT NULL,
        account_id TEXT NOT NULL REFERENCES paper_accounts (id),
        symbol     TEXT NOT NULL,
        day        INTEGER NOT NULL,
        price      REAL NOT NULL CHECK (price > 0),
        at         INTEGER NOT NULL
      ) STRICT;

      CREATE TABLE paper_session_steps (
        seq        INTEGER PRIMARY KEY NOT NULL,
        account_id TEXT NOT NULL REFERENCES paper_accounts (id),
        day        INTEGER NOT NULL,
        phase      TEXT NOT NULL CHECK (phase IN ('open', 'close')),
        at         INTEGER NOT NULL
      ) STRICT;

      -- Current positions per symbol, rewritten with every fill (derived; checked on restore).
      CREATE TABLE paper_positions (
        account_id    TEXT NOT NULL REFERENCES paper_accounts (id),
        symbol        TEXT NOT NULL,
        quantity      INTEGER NOT NULL,
        average_cost  REAL NOT NULL,
        realized_pnl  REAL NOT NULL,
        updated_at    INTEGER NOT NULL,
        PRIMARY KEY (account_id, symbol)
      ) STRICT;

      ${appendOnly('paper_orders')}
      ${appendOnly('paper_order_transitions')}
      ${appendOnly('paper_fills')}
      ${appendOnly('paper_marks')}
      ${appendOnly('paper_session_steps')}
    `);
  },
};
