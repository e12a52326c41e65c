import type Database from 'better-sqlite3';
import { AppError, assertNever } from '../../../shared/ipc/errors';
import type { EpochDay } from '../../core/time/epoch-day';

/**
 * A split is `numerator`-for-`denominator` (a 7-for-1 split multiplies the share count by 7
 * and divides the price by 7); a dividend is a cash amount per share. The engine derives raw
 * from adjusted prices (and back) with these, so costs and share counts can be computed on
 * the prices actually traded.
 */
export type CorporateAction =
  | { readonly kind: 'split'; readonly day: EpochDay; readonly numerator: number; readonly denominator: number; readonly source: ActionSource; readonly datasetId: number | null }
  | { readonly kind: 'dividend'; readonly day: EpochDay; readonly cashAmount: number; readonly source: ActionSource; readonly datasetId: number | null };

/** `imported` came from a corporate-actions file or a broker; `inferred` from price jumps. */
export type ActionSource = 'imported' | 'inferred';

type ActionRow = [day: number, kind: string, numerator: number | null, denominator: number | null, cash: number | null, source: string, datasetId: number | null];

export class CorporateActionsRepo {
  private readonly upsert: Database.Statement;
  private readonly bySymbol: Database.Statement<[string], ActionRow>;

  constructor(db: Database.Database) {
    // One action per (instrument, day, kind, source): a re-import refreshes its own inference.
    this.upsert = db.prepare(
      `INSERT INTO corporate_actions (instrument_id, day, kind, ratio_numerator, ratio_denominator, cash_amount, source, dataset_id)
       VALUES (@instrumentId, @day, @kind, @numerator, @denominator, @cashAmount, @source, @datasetId)
       ON CONFLICT (instrument_id, day, kind, source) DO UPDATE SET
         ratio_numerator = excluded.ratio_numerator, ratio_denominator = excluded.ratio_denominator,
         cash_amount = excluded.cash_amount, dataset_id = excluded.dataset_id`,
    );
    this.bySymbol = db
      .prepare<[string], ActionRow>(
        `SELECT a.day, a.kind, a.ratio_numerator, a.ratio_denominator, a.cash_amount, a.source, a.dataset_id
         FROM corporate_actions a JOIN instruments i ON i.id = a.instrument_id
         WHERE i.symbol = ? ORDER BY a.day, a.kind`,
      )
      .raw();
  }

  save(instrumentId: number, action: CorporateAction): void {
    switch (action.kind) {
      case 'split':
        this.upsert.run({ instrumentId, day: action.day, kind: 'split', numerator: action.numerator, denominator: action.denominator, cashAmount: null, source: action.source, datasetId: action.datasetId });
        return;
      case 'dividend':
        this.upsert.run({ instrumentId, day: action.day, kind: 'dividend', numerator: null, denominator: null, cashAmount: action.cashAmount, source: action.source, datasetId: action.datasetId });
        return;
      default:
        assertNever(action, 'corporate action');
    }
  }

  forSymbol(symbol: string): CorporateAction[] {
    return this.bySymbol.all(symbol).map(toAction);
  }
}

function toAction(row: ActionRow): CorporateAction {
  const [day, kind, numerator, denominator, cashAmount, source, datasetId] = row;
  if (source !== 'imported' && source !== 'inferred') {
    throw new AppError('STORE_CORRUPT', `corporate_actions has an unknown source ${source} on day ${day}.`, { source, day });
  }
  if (kind === 'split' && numerator !== null && denominator !== null) {
    return { kind, day, numerator, denominator, source, datasetId };
  }
  if (kind === 'dividend' && cashAmount !== null) return { kind, day, cashAmount, source, datasetId };
  throw new AppError('STORE_CORRUPT', `corporate_actions has a malformed ${kind} row on day ${day}.`, { kind, day });
}
