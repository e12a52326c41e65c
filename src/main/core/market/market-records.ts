import type { AdjustmentBasis, ConflictClassification, ConflictStatus, DataIssueKind, IssueSeverity } from '../../../shared/domain/market-data';
import type { EpochDay } from '../time/epoch-day';

/**
 * What the market-data repositories return: domain records with epoch days. The wire DTOs
 * (ISO dates) are made from these at the IPC edge (src/main/data/data-wire.ts), so the store
 * never depends on the contract's shapes.
 */

/** One price bar's values; the day is the key it is stored under. */
export interface BarValues {
  readonly open: number;
  readonly high: number;
  readonly low: number;
  readonly close: number;
  readonly volume: number;
}

/** One imported dataset version (or a conflict resolution, which is a version too). */
export interface DatasetRecord {
  readonly id: number;
  readonly source: string;
  readonly version: number;
  readonly sha256: string;
  readonly format: string;
  readonly adjustment: AdjustmentBasis;
  readonly importedAt: number;
  readonly policy: 'strict' | 'lenient';
  readonly rowsRead: number;
  readonly rowsAccepted: number;
  readonly rowsRejected: number;
  readonly barsInserted: number;
  readonly barsChanged: number;
  readonly barsUnchanged: number;
  readonly symbolCount: number;
  readonly firstDay: EpochDay | null;
  readonly lastDay: EpochDay | null;
  readonly issueSummary: Readonly<Record<string, number>>;
  /** Set on a version made by resolving a held conflict: the import whose conflict it settled. */
  readonly resolvesDatasetId: number | null;
}

export interface InstrumentRecord {
  readonly symbol: string;
  readonly name: string | null;
  readonly sector: string | null;
  readonly exchange: string | null;
  /** The one basis the stored series is on; null while it has no bars. */
  readonly basis: AdjustmentBasis | null;
  readonly firstDay: EpochDay | null;
  readonly lastDay: EpochDay | null;
  readonly barCount: number;
  readonly issueCount: number;
}

/** A problem found by an import, before (or without) its dataset id. */
export interface IssueRecord {
  readonly kind: DataIssueKind;
  readonly severity: IssueSeverity;
  readonly symbol: string | null;
  readonly day: EpochDay | null;
  readonly detail: string;
  readonly file: string | null;
  readonly line: number | null;
  readonly field: string | null;
}

/** An issue as stored, tied to the dataset version that found it. */
export interface StoredIssue extends IssueRecord {
  readonly datasetId: number;
}

/** One bar a dataset version changed. */
export interface BarRevisionRecord {
  readonly symbol: string;
  readonly day: EpochDay;
  readonly before: BarValues;
  readonly after: BarValues;
  readonly previousDatasetId: number;
}

/** One import's bars for one symbol, held because they disagree with another source. */
export interface HeldSeriesRecord {
  readonly datasetId: number;
  readonly source: string;
  readonly version: number;
  readonly symbol: string;
  /** The basis the held bars were converted to: the series' basis when they were held. */
  readonly basis: AdjustmentBasis;
  readonly status: ConflictStatus;
  readonly classification: ConflictClassification;
  /** incoming / existing when every differing bar is off by one scale (×7, ×0.5 …). */
  readonly factor: number | null;
  readonly overlapDays: number;
  readonly differingDays: number;
  readonly barCount: number;
  readonly firstDay: EpochDay;
  readonly lastDay: EpochDay;
  readonly detail: string;
  readonly resolvedByDatasetId: number | null;
  readonly resolvedAt: number | null;
}

/** A held bar beside the stored one it disagrees with (null where the day is new). */
export interface HeldBarRecord {
  readonly day: EpochDay;
  readonly incoming: BarValues;
  readonly existing: BarValues | null;
  readonly differs: boolean;
}
