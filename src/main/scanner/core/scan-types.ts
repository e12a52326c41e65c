import type { AdjustmentBasis } from '../../../shared/domain/market-data';
import type { EpochDay } from '../../core/time/epoch-day';
import type { ExcludedSymbol } from './universe';

/** How prices enter the tests: log closes (the default) or raw closes. */
export type PriceTransform = 'log' | 'raw';

export type MultipleTestingMethod = 'bh' | 'bonferroni';

/** Everything that decides a scan's outcome; stored with the run so it can be reproduced. */
export interface ScanParams {
  readonly universe: { readonly kind: 'all' } | { readonly kind: 'sector'; readonly sector: string } | { readonly kind: 'list'; readonly symbols: readonly string[] };
  readonly formation: { readonly from: EpochDay; readonly to: EpochDay };
  readonly transform: PriceTransform;
  readonly basis: AdjustmentBasis;
  readonly fdr: { readonly method: MultipleTestingMethod; readonly alpha: number };
  readonly filters: {
    readonly minHistoryDays?: number;
    readonly minAvgDollarVolume?: number;
    readonly priceFloor?: number;
    readonly sameSectorOnly: boolean;
    /** Optional pre-filter on return correlation; never how the speed target is met. */
    readonly minCorrelation?: number;
  };
  readonly overrideQualityGate: boolean;
  /** "As of" a dataset version; absent means the current data. */
  readonly asOfDatasetId?: number;
}

/** Which data a run read: the dataset versions behind its bars and a hash of its close matrix. */
export interface DataVersion {
  readonly datasets: readonly { readonly id: number; readonly source: string; readonly version: number }[];
  readonly closeMatrixSha256: string;
}

/** One unordered pair, reported in the direction with the lower p-value. */
export interface PairResult {
  readonly y: string;
  readonly x: string;
  readonly egStat: number | null;
  readonly egPvalue: number | null;
  readonly egPvalueReverse: number | null;
  readonly qvalue: number | null;
  readonly significant: boolean;
  readonly beta: number | null;
  readonly alpha: number | null;
  /** Trading days; Infinity when the spread does not mean-revert. */
  readonly halfLife: number | null;
  readonly correlation: number | null;
  /** Hurst exponent of the spread, for pairs that survive multiple testing. */
  readonly hurst: number | null;
  /** Johansen trace and max-eigenvalue statistics for rank 0, for pairs that survive. */
  readonly johansenTrace: number | null;
  readonly johansenMaxEig: number | null;
  readonly nobs: number;
  readonly usedLag: number | null;
  /** Why the pair could not be computed (constant series, too short …); the numbers are then null. */
  readonly error: string | null;
}

export type ScanRunState = 'running' | 'succeeded' | 'failed' | 'cancelled';

export interface ScanRun {
  readonly id: number;
  readonly createdAt: number;
  readonly finishedAt: number | null;
  readonly state: ScanRunState;
  readonly params: ScanParams;
  readonly dataVersion: DataVersion;
  readonly codeVersion: string;
  readonly universe: readonly string[];
  readonly excluded: readonly ExcludedSymbol[];
  readonly pairsTested: number;
  readonly pairsSignificant: number;
  /** Set when the universe comes from today's constituents and the window lies in the past. */
  readonly survivorshipWarning: string | null;
}
