import type Database from 'better-sqlite3';
import { dataIssueKindSchema, issueSeveritySchema, type DataIssueKind, type IssueSeverity } from '../../../shared/domain/market-data';
import type { IssueRecord, StoredIssue } from '../../core/market/market-records';
import type { EpochDay } from '../../core/time/epoch-day';

type IssueRow = [
  datasetId: number,
  symbol: string | null,
  day: number | null,
  kind: string,
  severity: string,
  detail: string,
  file: string | null,
  line: number | null,
  field: string | null,
];

const columns = 'dataset_id, symbol, day, kind, severity, detail, file, line, field';

/** The `data:issues` filter: every given field must match. */
export interface IssueFilter {
  readonly symbol?: string;
  readonly datasetId?: number;
  readonly kind?: DataIssueKind;
  readonly severity?: IssueSeverity;
}

export interface IssuePage {
  readonly total: number;
  readonly items: StoredIssue[];
}

export interface IssueQuery {
  readonly from?: EpochDay;
  readonly to?: EpochDay;
  readonly limit?: number;
}

/** Problems found by imports, each tied to the dataset version that found it. */
export class DataIssuesRepo {
  private readonly insert: Database.Statement<[number, string | null, number | null, string, string, string, string | null, number | null, string | null]>;
  private readonly bySymbol: Database.Statement<[string, number, number, number], IssueRow>;
  private readonly byDataset: Database.Statement<[number, number], IssueRow>;
  private readonly summaryByDataset: Database.Statement<[number], [string, number]>;

  constructor(private readonly db: Database.Database) {
    this.insert = db.prepare(`INSERT INTO data_issues (${columns}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`);
    // Symbol-level issues (day IS NULL) are included with any range: they concern the whole series.
    this.bySymbol = db
      .prepare<[string, number, number, number], IssueRow>(
        `SELECT ${columns} FROM data_issues WHERE symbol = ? AND (day IS NULL OR day BETWEEN ? AND ?)
         ORDER BY day, id LIMIT ?`,
      )
      .raw();
    this.byDataset = db
      .prepare<[number, number], IssueRow>(`SELECT ${columns} FROM data_issues WHERE dataset_id = ? ORDER BY id LIMIT ?`)
      .raw();
    this.summaryByDataset = db
      .prepare<[number], [string, number]>('SELECT kind, count(*) FROM data_issues WHERE dataset_id = ? GROUP BY kind')
      .raw();
  }

  /** Writes a dataset's issues; call inside the import transaction. */
  insertMany(datasetId: number, issues: Iterable<IssueRecord>): number {
    let n = 0;
    for (const issue of issues) {
      this.insert.run(datasetId, issue.symbol, issue.day, issue.kind, issue.severity, issue.detail, issue.file, issue.line, issue.field);
      n += 1;
    }
    return n;
  }

  forSymbol(symbol: string, query: IssueQuery = {}): StoredIssue[] {
    return this.bySymbol
      .all(symbol, query.from ?? Number.MIN_SAFE_INTEGER, query.to ?? Number.MAX_SAFE_INTEGER, query.limit ?? 10_000)
      .map(toIssue);
  }

  forDataset(datasetId: number, limit = 10_000): StoredIssue[] {
    return this.byDataset.all(datasetId, limit).map(toIssue);
  }

  /**
   * A page of issues matching the filter, ordered by id (import order). The WHERE clause is
   * built from fixed column names; values are always bound parameters.
   */
  query(filter: IssueFilter, page: { readonly limit: number; readonly offset: number }): IssuePage {
    const clauses: string[] = [];
    const params: Array<string | number> = [];
    if (filter.symbol !== undefined) {
      clauses.push('symbol = ?');
      params.push(filter.symbol);
    }
    if (filter.datasetId !== undefined) {
      clauses.push('dataset_id = ?');
      params.push(filter.datasetId);
    }
    if (filter.kind !== undefined) {
      clauses.push('kind = ?');
      params.push(filter.kind);
    }
    if (filter.severity !== undefined) {
      clauses.push('severity = ?');
      params.push(filter.severity);
    }
    const where = clauses.length === 0 ? '' : `WHERE ${clauses.join(' AND ')}`;
    const total = this.db.prepare(`SELECT count(*) FROM data_issues ${where}`).pluck().get(...params);
    const rows = this.db
      .prepare<Array<string | number>, IssueRow>(`SELECT ${columns} FROM data_issues ${where} ORDER BY id LIMIT ? OFFSET ?`)
      .raw()
      .all(...params, page.limit, page.offset);
    return { total: typeof total === 'number' ? total : 0, items: rows.map(toIssue) };
  }

  /** Count of issues by kind for one dataset. */
  summary(datasetId: number): Record<string, number> {
    return Object.fromEntries(this.summaryByDataset.all(datasetId));
  }
}

function toIssue(row: IssueRow): StoredIssue {
  const [datasetId, symbol, day, kind, severity, detail, file, line, field] = row;
  return {
    datasetId,
    symbol,
    day,
    kind: dataIssueKindSchema.parse(kind),
    severity: issueSeveritySchema.parse(severity),
    detail,
    file,
    line,
    field,
  };
}
