import type { AppConfig } from '../../../shared/domain/config';
import type { IssueRecord } from '../../core/market/market-records';
import type { EpochDay } from '../../core/time/epoch-day';

/**
 * The seam between parsing/validation (pure, no I/O beyond reading the file) and the
 * importer (transactions, versions, repositories).
 */

/** One row that parsed and passed row-level checks. */
export interface ParsedBar {
  readonly symbol: string;
  readonly day: EpochDay;
  readonly open: number;
  readonly high: number;
  readonly low: number;
  readonly close: number;
  readonly volume: number;
  /** 1-based line in the source file, for error reports. */
  readonly line: number;
}

/** A problem found while importing, before it is tied to a dataset id (see core/market/market-records). */
export type ImportIssue = IssueRecord;

/** The name of a column layout, detected or given. */
export type FormatName = 'sp500-kaggle' | 'yahoo' | 'long' | 'mapped';

/** Which source column feeds each field; symbol is absent when it comes from the file name. */
export interface ColumnMapping {
  readonly date: string;
  readonly open: string;
  readonly high: string;
  readonly low: string;
  readonly close: string;
  readonly volume: string;
  readonly symbol?: string;
  /** Yahoo's dividend-adjusted close, kept aside; never mixed into the raw close. */
  readonly adjClose?: string;
}

export interface FormatSpec {
  readonly name: FormatName;
  readonly mapping: ColumnMapping;
  /** Symbol for single-symbol files whose rows carry none (derived from the file name). */
  readonly symbolFromFileName?: string;
}

/** The validation thresholds of `config.data`. */
export type ImportThresholds = Pick<AppConfig['data'], 'staleRunDays' | 'outlierRobustZ' | 'splitRatioTolerance' | 'reconcileTolerance'>;

/** `strict` writes nothing on the first error; `lenient` keeps the good rows and records each rejected one. */
export type ImportPolicy = 'strict' | 'lenient';
