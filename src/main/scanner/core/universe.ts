import type { EpochDay } from '../../core/time/epoch-day';

/**
 * Which symbols a scan tests. Pure: the scanner service gathers each candidate's formation
 * window from the store and hands it here; the answer lists every symbol left out with the
 * reason, so a trader can see why a name is missing instead of wondering.
 */

/** One symbol's formation-window facts, gathered by the service. */
export interface UniverseCandidate {
  readonly symbol: string;
  readonly sector: string | null;
  /** Closes on each formation day (the scan's day axis), NaN where the symbol has no bar. */
  readonly closes: Float64Array;
  /** Volumes on the same days (NaN where missing). */
  readonly volumes: Float64Array;
  /** Trading days of history the symbol has up to the formation end (including before `from`). */
  readonly historyDays: number;
  /** Unresolved error-level data issues inside the window. */
  readonly errorIssues: number;
  /** Open source conflicts held for the symbol. */
  readonly openConflicts: number;
}

export interface UniverseFilters {
  /** Minimum trading days of history up to the formation end (default: the window itself). */
  readonly minHistoryDays?: number;
  /** Minimum average daily dollar volume (close × volume) over the window, in dollars. */
  readonly minAvgDollarVolume?: number;
  /** Minimum close on every formation day, in dollars. */
  readonly priceFloor?: number;
}

export type ExclusionReason =
  | 'missing_closes'
  | 'short_history'
  | 'low_dollar_volume'
  | 'below_price_floor'
  | 'data_errors'
  | 'source_conflicts';

export interface ExcludedSymbol {
  readonly symbol: string;
  readonly reason: ExclusionReason;
  readonly detail: string;
}

export interface UniverseSelection {
  /** Included symbols, in the candidates' order. */
  readonly symbols: readonly string[];
  readonly excluded: readonly ExcludedSymbol[];
  /** Data-quality exclusions that the one-run override let through, for the run record. */
  readonly overridden: readonly ExcludedSymbol[];
}

export interface UniverseOptions {
  readonly formationDays: Int32Array | readonly EpochDay[];
  readonly filters?: UniverseFilters;
  /** Lets symbols with data errors or open conflicts into this one run (recorded). */
  readonly overrideQualityGate?: boolean;
}

export function selectUniverse(candidates: readonly UniverseCandidate[], options: UniverseOptions): UniverseSelection {
  const windowDays = options.formationDays.length;
  const filters = options.filters ?? {};
  const symbols: string[] = [];
  const excluded: ExcludedSymbol[] = [];
  const overridden: ExcludedSymbol[] = [];
  for (const candidate of candidates) {
    const shape = shapeProblem(candidate, windowDays, filters);
    if (shape !== null) {
      excluded.push({ symbol: candidate.symbol, ...shape });
      continue;
    }
    const quality = qualityProblem(candidate);
    if (quality !== null) {
      const entry = { symbol: candidate.symbol, ...quality };
      if (options.overrideQualityGate === true) overridden.push(entry);
      else {
        excluded.push(entry);
        continue;
      }
    }
    symbols.push(candidate.symbol);
  }
  return { symbols, excluded, overridden };
}

function shapeProblem(candidate: UniverseCandidate, windowDays: number, filters: UniverseFilters): Omit<ExcludedSymbol, 'symbol'> | null {
  let missing = 0;
  let dollarVolume = 0;
  let minClose = Number.POSITIVE_INFINITY;
  for (let day = 0; day < windowDays; day += 1) {
    const close = candidate.closes[day] ?? Number.NaN;
    if (!Number.isFinite(close)) {
      missing += 1;
      continue;
    }
    minClose = Math.min(minClose, close);
    const volume = candidate.volumes[day] ?? Number.NaN;
    if (Number.isFinite(volume)) dollarVolume += close * volume;
  }
  if (windowDays === 0 || missing > 0) {
    return { reason: 'missing_closes', detail: `no close on ${missing} of the ${windowDays} formation days` };
  }
  const minHistory = filters.minHistoryDays ?? windowDays;
  if (candidate.historyDays < minHistory) {
    return { reason: 'short_history', detail: `${candidate.historyDays} trading days of history, ${minHistory} required` };
  }
  const average = dollarVolume / windowDays;
  if (filters.minAvgDollarVolume !== undefined && average < filters.minAvgDollarVolume) {
    return { reason: 'low_dollar_volume', detail: `average dollar volume ${Math.round(average)} is below ${filters.minAvgDollarVolume}` };
  }
  if (filters.priceFloor !== undefined && minClose < filters.priceFloor) {
    return { reason: 'below_price_floor', detail: `lowest close ${minClose} is below the floor of ${filters.priceFloor}` };
  }
  return null;
}

function qualityProblem(candidate: UniverseCandidate): Omit<ExcludedSymbol, 'symbol'> | null {
  if (candidate.openConflicts > 0) {
    return { reason: 'source_conflicts', detail: `${candidate.openConflicts} bars held as source conflicts; resolve them on the Data page` };
  }
  if (candidate.errorIssues > 0) {
    return { reason: 'data_errors', detail: `${candidate.errorIssues} unresolved error-level data issues in the formation window` };
  }
  return null;
}

/** Pairs of the same sector only (the "same sector" filter); symbols without a sector never pair. */
export function sameSector(sectors: ReadonlyMap<string, string | null>, y: string, x: string): boolean {
  const a = sectors.get(y) ?? null;
  return a !== null && a === (sectors.get(x) ?? null);
}
