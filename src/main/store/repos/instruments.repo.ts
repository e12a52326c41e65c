import type Database from 'better-sqlite3';
import { adjustmentBasisSchema, type AdjustmentBasis } from '../../../shared/domain/market-data';
import { strictAssert } from '../../../shared/ipc/errors';
import type { InstrumentRecord } from '../../core/market/market-records';

/** Descriptive fields that a constituents list (or a broker) can fill in. */
export interface InstrumentMetadata {
  readonly name: string | null;
  readonly sector: string | null;
  readonly exchange: string | null;
}

type InstrumentRow = [symbol: string, name: string | null, sector: string | null, exchange: string | null, basis: string | null, firstDay: number | null, lastDay: number | null, barCount: number | null, issueCount: number | null];

/**
 * Instruments are identified by symbol everywhere outside the store; the integer id only
 * keys the bar tables compactly. Bar statistics come from `series_cache` (kept in step with
 * `bars` by the importer) so listing 505 instruments never scans 619k bars. The issue count
 * covers the latest dataset of each source, so a re-imported file does not double its issues.
 */
export class InstrumentsRepo {
  private readonly selectId: Database.Statement<[string], number>;
  private readonly insert: Database.Statement<[string]>;
  private readonly updateMetadata: Database.Statement<[string | null, string | null, string | null, string]>;
  private readonly selectAll: Database.Statement<[], InstrumentRow>;
  private readonly selectOne: Database.Statement<[string], InstrumentRow>;
  private readonly selectBasis: Database.Statement<[number], string | null>;
  private readonly updateBasis: Database.Statement<[string, number]>;
  private readonly allBases: Database.Statement<[], [string, string | null]>;

  constructor(private readonly db: Database.Database) {
    this.selectId = db.prepare<[string], number>('SELECT id FROM instruments WHERE symbol = ?').pluck();
    this.insert = db.prepare<[string]>('INSERT INTO instruments (symbol) VALUES (?) ON CONFLICT (symbol) DO NOTHING');
    this.updateMetadata = db.prepare(
      `UPDATE instruments SET name = coalesce(?, name), sector = coalesce(?, sector), exchange = coalesce(?, exchange)
       WHERE symbol = ?`,
    );
    const listSql = `
      WITH latest AS (SELECT max(id) AS id FROM datasets GROUP BY source),
           issues AS (SELECT symbol, count(*) AS n FROM data_issues WHERE dataset_id IN (SELECT id FROM latest) GROUP BY symbol)
      SELECT i.symbol, i.name, i.sector, i.exchange, i.basis, s.first_day, s.last_day, s.bar_count, issues.n
      FROM instruments i
      LEFT JOIN series_cache s ON s.instrument_id = i.id
      LEFT JOIN issues ON issues.symbol = i.symbol`;
    this.selectAll = db.prepare<[], InstrumentRow>(`${listSql} ORDER BY i.symbol`).raw();
    this.selectOne = db.prepare<[string], InstrumentRow>(`${listSql} WHERE i.symbol = ?`).raw();
    this.selectBasis = db.prepare<[number], string | null>('SELECT basis FROM instruments WHERE id = ?').pluck();
    this.updateBasis = db.prepare<[string, number]>('UPDATE instruments SET basis = ? WHERE id = ?');
    this.allBases = db.prepare<[], [string, string | null]>('SELECT symbol, basis FROM instruments').raw();
  }

  /** Every instrument's series basis by symbol, in one query (for whole-universe reads). */
  basesBySymbol(): Map<string, AdjustmentBasis | null> {
    return new Map(this.allBases.all().map(([symbol, basis]) => [symbol, basis === null ? null : adjustmentBasisSchema.parse(basis)]));
  }

  /** The basis of an instrument's stored series; null while it has no bars. */
  basisOf(instrumentId: number): AdjustmentBasis | null {
    const basis = this.selectBasis.get(instrumentId) ?? null;
    return basis === null ? null : adjustmentBasisSchema.parse(basis);
  }

  /** Records the basis of a series when its first bars are written; call inside the import transaction. */
  setBasis(instrumentId: number, basis: AdjustmentBasis): void {
    this.updateBasis.run(basis, instrumentId);
  }

  /** The id of a symbol, or undefined when it was never imported. */
  idOf(symbol: string): number | undefined {
    return this.selectId.get(symbol);
  }

  /** Ids for the given symbols, creating rows for new ones. Call inside the import transaction. */
  ensure(symbols: Iterable<string>): Map<string, number> {
    const ids = new Map<string, number>();
    for (const symbol of symbols) {
      this.insert.run(symbol);
      const id = this.selectId.get(symbol);
      strictAssert(id !== undefined, `instrument ${symbol} exists after insert`);
      ids.set(symbol, id);
    }
    return ids;
  }

  /** Fills metadata; a null field keeps the stored value rather than erasing it. */
  setMetadata(symbol: string, metadata: InstrumentMetadata): void {
    this.updateMetadata.run(metadata.name, metadata.sector, metadata.exchange, symbol);
  }

  list(): InstrumentRecord[] {
    return this.selectAll.all().map(toInstrument);
  }

  get(symbol: string): InstrumentRecord | undefined {
    const row = this.selectOne.get(symbol);
    return row === undefined ? undefined : toInstrument(row);
  }

  count(): number {
    const n = this.db.prepare('SELECT count(*) FROM instruments').pluck().get();
    strictAssert(typeof n === 'number', 'count(*) returns a number');
    return n;
  }
}

function toInstrument(row: InstrumentRow): InstrumentRecord {
  const [symbol, name, sector, exchange, basis, firstDay, lastDay, barCount, issueCount] = row;
  return {
    symbol,
    name,
    sector,
    exchange,
    basis: basis === null ? null : adjustmentBasisSchema.parse(basis),
    firstDay,
    lastDay,
    barCount: barCount ?? 0,
    issueCount: issueCount ?? 0,
  };
}
