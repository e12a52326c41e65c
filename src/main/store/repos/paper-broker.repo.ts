import type Database from 'better-sqlite3';
import { AppError, assertNever } from '../../../shared/ipc/errors';

/**
 * The paper broker's tables (trading migration 0003). Rows are plain records; the paper
 * broker maps its changes to them (broker/paper/paper-records.ts). `appendBatch` writes one
 * request's records and the account's current state in one transaction, so a crash leaves
 * either all of a request or none of it.
 */

export type Side = 'BUY' | 'SELL' | 'SELL_SHORT' | 'BUY_TO_COVER';

export interface PaperAccountRow {
  readonly id: string;
  readonly name: string;
  readonly initialCash: number;
  readonly cash: number;
  readonly costsPaid: number;
  readonly createdAt: number;
  readonly updatedAt: number;
}

export interface PaperOrderRow {
  readonly id: string;
  readonly pairId: string;
  readonly leg: 'y' | 'x';
  readonly symbol: string;
  readonly side: Side;
  readonly quantity: number;
  readonly type: 'MARKET' | 'LIMIT';
  readonly limitPrice: number | null;
  readonly timeInForce: 'DAY' | 'GTC';
  readonly forSession: number;
  readonly decidedOn: number;
  readonly createdAt: number;
}

export interface PaperTransitionRow {
  readonly orderId: string;
  readonly fromStatus: string;
  readonly toStatus: string;
  readonly filledQuantity: number;
  readonly reason: string;
  readonly replacedBy: string | null;
  readonly at: number;
}

export interface PaperFillRow {
  readonly orderId: string;
  readonly pairId: string;
  readonly leg: 'y' | 'x';
  readonly symbol: string;
  readonly side: Side;
  readonly quantity: number;
  readonly price: number;
  readonly tradedPrice: number;
  readonly tradedQuantity: number;
  readonly signalDay: number;
  readonly fillDay: number;
  readonly commission: number;
  readonly secFee: number;
  readonly finraTaf: number;
  readonly slippage: number;
  readonly impact: number;
  readonly at: number;
}

export interface PaperMarkRow {
  readonly symbol: string;
  readonly day: number;
  readonly price: number;
  readonly at: number;
}

export interface PaperSessionStepRow {
  readonly day: number;
  readonly phase: 'open' | 'close';
  readonly at: number;
}

export interface PaperPositionRow {
  readonly symbol: string;
  readonly quantity: number;
  readonly averageCost: number;
  readonly realizedPnl: number;
}

/** One append-only record, tagged by table. */
export type PaperRecord =
  | { readonly table: 'order'; readonly row: PaperOrderRow }
  | { readonly table: 'transition'; readonly row: PaperTransitionRow }
  | { readonly table: 'fill'; readonly row: PaperFillRow }
  | { readonly table: 'mark'; readonly row: PaperMarkRow }
  | { readonly table: 'session'; readonly row: PaperSessionStepRow };

export interface PaperAccountState {
  readonly cash: number;
  readonly costsPaid: number;
  /** Positions whose row changed in this batch (flat ones included, quantity 0). */
  readonly positions: readonly PaperPositionRow[];
  readonly at: number;
}

/**
 * Which stored account an account id trades in now. A reset starts a new epoch: a new
 * account row (`<id>~<epoch>`) with fresh cash, while every record of the earlier epochs
 * stays (orders and fills are append-only, audit 1.3). Epoch 1 is stored under the id itself.
 */
export interface PaperEpoch {
  readonly epoch: number;
  readonly storageId: string;
}

export function paperStorageId(accountId: string, epoch: number): string {
  return epoch === 1 ? accountId : `${accountId}~${epoch}`;
}

export interface PaperBrokerRepo {
  /** The account's current epoch (1 until a reset). */
  epoch(accountId: string): PaperEpoch;
  /**
   * Starts epoch `epoch` of `accountId`: a new account row with `initialCash`, and the
   * pointer to it, in one transaction with `alsoInTransaction` (the reset's audit entry).
   */
  startEpoch(accountId: string, epoch: number, initialCash: number, at: number, alsoInTransaction?: () => void): PaperAccountRow;
  /** Whether a client order id was ever used by any epoch (ids stay unique across resets). */
  orderIdUsed(orderId: string): boolean;
  account(id: string): PaperAccountRow | undefined;
  createAccount(account: { readonly id: string; readonly name: string; readonly initialCash: number; readonly at: number }): PaperAccountRow;
  /**
   * Writes `records` (in order) and the account state in one transaction; `alsoInTransaction`
   * runs inside it after the rows (the order events' audit entries), so they commit together.
   */
  appendBatch(accountId: string, records: readonly PaperRecord[], state: PaperAccountState, alsoInTransaction?: () => void): void;
  /** Every record of the account in the order written (by seq). */
  records(accountId: string): PaperRecord[];
  positions(accountId: string): PaperPositionRow[];
}

interface AccountDbRow {
  id: string;
  name: string;
  initial_cash: number;
  cash: number;
  costs_paid: number;
  created_at: number;
  updated_at: number;
}

export function createPaperBrokerRepo(db: Database.Database): PaperBrokerRepo {
  const selectAccount = db.prepare<[string], AccountDbRow>('SELECT * FROM paper_accounts WHERE id = ?');
  const insertAccount = db.prepare('INSERT INTO paper_accounts (id, name, initial_cash, cash, costs_paid, created_at, updated_at) VALUES (?, ?, ?, ?, 0, ?, ?)');
  const updateAccount = db.prepare('UPDATE paper_accounts SET cash = ?, costs_paid = ?, updated_at = ? WHERE id = ?');
  const maxSeq = db.prepare<[], { seq: number | null }>(`
    SELECT max(seq) AS seq FROM (
      SELECT max(seq) AS seq FROM paper_orders UNION ALL SELECT max(seq) FROM paper_order_transitions UNION ALL
      SELECT max(seq) FROM paper_fills UNION ALL SELECT max(seq) FROM paper_marks UNION ALL SELECT max(seq) FROM paper_session_steps)`);
  const insertOrder = db.prepare(`
    INSERT INTO paper_orders (seq, id, account_id, pair_id, leg, symbol, side, quantity, type, limit_price, time_in_force, for_session, decided_on, created_at)
    VALUES (@seq, @id, @accountId, @pairId, @leg, @symbol, @side, @quantity, @type, @limitPrice, @timeInForce, @forSession, @decidedOn, @createdAt)`);
  const insertTransition = db.prepare(`
    INSERT INTO paper_order_transitions (seq, order_id, from_status, to_status, filled_quantity, reason, replaced_by, at)
    VALUES (@seq, @orderId, @fromStatus, @toStatus, @filledQuantity, @reason, @replacedBy, @at)`);
  const insertFill = db.prepare(`
    INSERT INTO paper_fills (seq, order_id, pair_id, leg, symbol, side, quantity, price, traded_price, traded_quantity, signal_day, fill_day,
                             commission, sec_fee, finra_taf, slippage, impact, at)
    VALUES (@seq, @orderId, @pairId, @leg, @symbol, @side, @quantity, @price, @tradedPrice, @tradedQuantity, @signalDay, @fillDay,
            @commission, @secFee, @finraTaf, @slippage, @impact, @at)`);
  const insertMark = db.prepare('INSERT INTO paper_marks (seq, account_id, symbol, day, price, at) VALUES (@seq, @accountId, @symbol, @day, @price, @at)');
  const insertStep = db.prepare('INSERT INTO paper_session_steps (seq, account_id, day, phase, at) VALUES (@seq, @accountId, @day, @phase, @at)');
  const upsertPosition = db.prepare(`
    INSERT INTO paper_positions (account_id, symbol, quantity, average_cost, realized_pnl, updated_at) VALUES (?, ?, ?, ?, ?, ?)
    ON CONFLICT (account_id, symbol) DO UPDATE SET quantity = excluded.quantity, average_cost = excluded.average_cost,
      realized_pnl = excluded.realized_pnl, updated_at = excluded.updated_at`);
  const selectOrders = db.prepare<[string], { seq: number } & Record<string, unknown>>(`
    SELECT seq, id, pair_id AS pairId, leg, symbol, side, quantity, type, limit_price AS limitPrice, time_in_force AS timeInForce,
           for_session AS forSession, decided_on AS decidedOn, created_at AS createdAt
    FROM paper_orders WHERE account_id = ?`);
  const selectTransitions = db.prepare<[string], { seq: number } & Record<string, unknown>>(`
    SELECT t.seq, t.order_id AS orderId, t.from_status AS fromStatus, t.to_status AS toStatus, t.filled_quantity AS filledQuantity,
           t.reason, t.replaced_by AS replacedBy, t.at
    FROM paper_order_transitions t JOIN paper_orders o ON o.id = t.order_id WHERE o.account_id = ?`);
  const selectFills = db.prepare<[string], { seq: number } & Record<string, unknown>>(`
    SELECT f.seq, f.order_id AS orderId, f.pair_id AS pairId, f.leg, f.symbol, f.side, f.quantity, f.price, f.traded_price AS tradedPrice,
           f.traded_quantity AS tradedQuantity, f.signal_day AS signalDay, f.fill_day AS fillDay, f.commission, f.sec_fee AS secFee,
           f.finra_taf AS finraTaf, f.slippage, f.impact, f.at
    FROM paper_fills f JOIN paper_orders o ON o.id = f.order_id WHERE o.account_id = ?`);
  const selectMarks = db.prepare<[string], { seq: number } & Record<string, unknown>>('SELECT seq, symbol, day, price, at FROM paper_marks WHERE account_id = ?');
  const selectSteps = db.prepare<[string], { seq: number } & Record<string, unknown>>('SELECT seq, day, phase, at FROM paper_session_steps WHERE account_id = ?');
  const selectPositions = db.prepare<[string], PaperPositionRow>(
    'SELECT symbol, quantity, average_cost AS averageCost, realized_pnl AS realizedPnl FROM paper_positions WHERE account_id = ? ORDER BY symbol',
  );

  const selectEpoch = db.prepare<[string], { value: string }>('SELECT value FROM trading_meta WHERE key = ?');
  const upsertMeta = db.prepare(
    'INSERT INTO trading_meta (key, value, updated_at) VALUES (?, ?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at',
  );
  const selectOrderId = db.prepare<[string], { one: number }>('SELECT 1 AS one FROM paper_orders WHERE id = ?');
  const epochKey = (accountId: string): string => `paper.epoch:${accountId}`;
  const readEpoch = (accountId: string): PaperEpoch => {
    const row = selectEpoch.get(epochKey(accountId));
    if (row === undefined) return { epoch: 1, storageId: accountId };
    const parsed = JSON.parse(row.value) as { epoch?: unknown; storageId?: unknown };
    if (typeof parsed.epoch !== 'number' || !Number.isInteger(parsed.epoch) || parsed.epoch < 1 || typeof parsed.storageId !== 'string') {
      throw new AppError('STORE_CORRUPT', `trading_meta ${epochKey(accountId)} does not name a paper epoch: ${row.value}`, { key: epochKey(accountId) });
    }
    return { epoch: parsed.epoch, storageId: parsed.storageId };
  };
  const startEpoch = db.transaction((accountId: string, epoch: number, initialCash: number, at: number, alsoInTransaction: (() => void) | undefined) => {
    const storageId = paperStorageId(accountId, epoch);
    insertAccount.run(storageId, `Paper (epoch ${epoch})`, initialCash, initialCash, at, at);
    upsertMeta.run(epochKey(accountId), JSON.stringify({ epoch, storageId }), at);
    alsoInTransaction?.();
    return storageId;
  });

  const toAccount = (row: AccountDbRow): PaperAccountRow => ({
    id: row.id,
    name: row.name,
    initialCash: row.initial_cash,
    cash: row.cash,
    costsPaid: row.costs_paid,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  });

  const appendBatch = db.transaction((accountId: string, records: readonly PaperRecord[], state: PaperAccountState, alsoInTransaction: (() => void) | undefined) => {
    let seq = maxSeq.get()?.seq ?? 0;
    for (const record of records) {
      seq += 1;
      switch (record.table) {
        case 'order':
          insertOrder.run({ ...record.row, seq, accountId });
          break;
        case 'transition':
          insertTransition.run({ ...record.row, seq });
          break;
        case 'fill':
          insertFill.run({ ...record.row, seq });
          break;
        case 'mark':
          insertMark.run({ ...record.row, seq, accountId });
          break;
        case 'session':
          insertStep.run({ ...record.row, seq, accountId });
          break;
        default:
          assertNever(record, 'paper record');
      }
    }
    for (const position of state.positions) upsertPosition.run(accountId, position.symbol, position.quantity, position.averageCost, position.realizedPnl, state.at);
    const changed = updateAccount.run(state.cash, state.costsPaid, state.at, accountId).changes;
    if (changed !== 1) throw new AppError('NOT_FOUND', `paper account ${accountId} does not exist`, { accountId });
    alsoInTransaction?.();
  });

  return {
    epoch: readEpoch,
    startEpoch(accountId, epoch, initialCash, at, alsoInTransaction) {
      const storageId = startEpoch.immediate(accountId, epoch, initialCash, at, alsoInTransaction);
      const row = selectAccount.get(storageId);
      if (row === undefined) throw new AppError('INTERNAL', `paper account ${storageId} was not written`, { accountId: storageId });
      return toAccount(row);
    },
    orderIdUsed: (orderId) => selectOrderId.get(orderId) !== undefined,
    account(id) {
      const row = selectAccount.get(id);
      return row === undefined ? undefined : toAccount(row);
    },
    createAccount({ id, name, initialCash, at }) {
      insertAccount.run(id, name, initialCash, initialCash, at, at);
      const row = selectAccount.get(id);
      if (row === undefined) throw new AppError('INTERNAL', `paper account ${id} was not written`, { accountId: id });
      return toAccount(row);
    },
    appendBatch(accountId, records, state, alsoInTransaction) {
      appendBatch(accountId, records, state, alsoInTransaction);
    },
    records(accountId) {
      const tagged: Array<{ seq: number; record: PaperRecord }> = [];
      const strip = <T>(row: { seq: number } & Record<string, unknown>): T => {
        const { seq: _seq, ...rest } = row;
        return rest as T;
      };
      for (const row of selectOrders.all(accountId)) tagged.push({ seq: row.seq, record: { table: 'order', row: strip<PaperOrderRow>(row) } });
      for (const row of selectTransitions.all(accountId)) tagged.push({ seq: row.seq, record: { table: 'transition', row: strip<PaperTransitionRow>(row) } });
      for (const row of selectFills.all(accountId)) tagged.push({ seq: row.seq, record: { table: 'fill', row: strip<PaperFillRow>(row) } });
      for (const row of selectMarks.all(accountId)) tagged.push({ seq: row.seq, record: { table: 'mark', row: strip<PaperMarkRow>(row) } });
      for (const row of selectSteps.all(accountId)) tagged.push({ seq: row.seq, record: { table: 'session', row: strip<PaperSessionStepRow>(row) } });
      return tagged.sort((a, b) => a.seq - b.seq).map((item) => item.record);
    },
    positions(accountId) {
      return selectPositions.all(accountId);
    },
  };
}
