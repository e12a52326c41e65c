import { createHash } from 'node:crypto';
import type { AdjustmentBasis } from '../../shared/domain/market-data';
import { AppError } from '../../shared/ipc/errors';
import type { CloseMatrix } from '../core/market/series';
import { tradingDayStatus } from '../core/calendar/nyse-calendar';
import { formatIsoDate, type EpochDay } from '../core/time/epoch-day';
import type { Store } from '../store/db';
import { alignCloses } from '../core/market/close-matrix';
import { BarsRepo } from '../store/repos/bars.repo';
import { ConflictsRepo } from '../store/repos/conflicts.repo';
import { InstrumentsRepo } from '../store/repos/instruments.repo';
import { ScanInputsRepo, type SupplyingDataset } from '../store/repos/scan-inputs.repo';
import { ScanRunsRepo } from '../store/repos/scan-runs.repo';
import { pairCount } from './core/pair-shards';
import { PAIR_FIELDS } from './core/scan-shard';
import type { DataVersion, ScanParams } from './core/scan-types';
import { selectUniverse, type ExcludedSymbol, type UniverseCandidate } from './core/universe';

/**
 * The first step of a scan, on a worker: read the formation window from the store, choose
 * the universe (every exclusion with its reason), build the one symbol-major matrix all
 * shards share (SharedArrayBuffer: never copied), hash it, and open the run record. Main
 * only plans shards from the answer, so no store read of the scan runs on its thread.
 */

export interface PreparedScan {
  readonly runId: number;
  readonly symbols: readonly string[];
  readonly sectors: readonly (string | null)[];
  readonly days: number;
  readonly pairs: number;
  /** symbols × days transformed closes, symbol-major. */
  readonly matrix: SharedArrayBuffer;
  /** pairs × PAIR_FIELDS, filled by the shards. */
  readonly rows: SharedArrayBuffer;
  readonly excluded: readonly ExcludedSymbol[];
  readonly overridden: readonly ExcludedSymbol[];
  readonly dataVersion: DataVersion;
  readonly survivorshipWarning: string | null;
}

export interface PrepareOptions {
  readonly params: ScanParams;
  readonly codeVersion: string;
  /** The exchange day the scan runs on (from the injected clock): decides "the window is in the past". */
  readonly today: EpochDay;
  readonly createdAt: number;
}

/**
 * The held source conflicts per symbol (data/conflicts): a symbol whose bars are held because a
 * second source disagrees is left out of the scan (reason `source_conflicts`) until the user
 * resolves it, unless the one-run quality override is set.
 */
export function openSourceConflictCounts(store: Store, symbols: readonly string[]): ReadonlyMap<string, number> {
  const wanted = new Set(symbols);
  const counts = new Map<string, number>();
  for (const held of new ConflictsRepo(store.db).list({ status: 'held' })) {
    if (wanted.has(held.symbol)) counts.set(held.symbol, (counts.get(held.symbol) ?? 0) + held.barCount);
  }
  return counts;
}

/**
 * Closes on the requested price basis. Each stored series now has one basis (data area); a
 * scan on another basis is refused with a clear message instead of mixing bases. TODO(scanner):
 * read through the provider's basis-aware close matrix (data/service/market-data-provider.ts).
 */
export function closesOnBasis(matrix: CloseMatrix, stored: readonly SupplyingDataset[], basis: AdjustmentBasis): CloseMatrix {
  const other = stored.filter((dataset) => dataset.adjustment !== basis);
  if (other.length > 0) {
    const names = other.map((d) => `${d.source} v${d.version} (${d.adjustment})`).join(', ');
    throw new AppError('UNAVAILABLE', `The scan asks for ${basis} prices but ${names} is stored on another basis; converting bases is not available yet.`, { basis });
  }
  return matrix;
}

/** Closes of every candidate up to the formation end, current or as of a dataset version. */
function loadCandidates(store: Store, params: ScanParams): { matrix: CloseMatrix; volumes: Map<string, Float64Array> | null; datasets: SupplyingDataset[] } {
  const bars = new BarsRepo(store.db);
  const inputs = new ScanInputsRepo(store.db);
  const to = params.formation.to;
  const wantVolumes = params.filters.minAvgDollarVolume !== undefined;
  if (params.asOfDatasetId !== undefined) {
    inputs.requireDataset(params.asOfDatasetId);
    const { series, datasetIds } = inputs.seriesAsOf(params.asOfDatasetId, -2_147_483_648, to);
    const matrix = alignCloses(series.map((s) => s.symbol), series);
    const volumes = wantVolumes ? new Map(series.map((s) => [s.symbol, volumesOnDays(s.days, s.volumes, matrix.days)])) : null;
    return { matrix, volumes, datasets: inputs.datasetsByIds(datasetIds) };
  }
  const matrix = bars.loadCloseMatrix('all', { to });
  let volumes: Map<string, Float64Array> | null = null;
  if (wantVolumes) {
    volumes = new Map();
    for (const symbol of matrix.symbols) {
      const v = inputs.volumes(symbol, params.formation.from, to);
      volumes.set(symbol, volumesOnDays(v.days, v.closes, matrix.days));
    }
  }
  return { matrix, volumes, datasets: inputs.supplyingDatasets(params.formation.from, to) };
}

function volumesOnDays(days: Int32Array, values: Float64Array, axis: Int32Array): Float64Array {
  const out = new Float64Array(axis.length).fill(Number.NaN);
  let j = 0;
  for (let i = 0; i < days.length; i += 1) {
    while (j < axis.length && (axis[j] as number) < (days[i] as number)) j += 1;
    if (j < axis.length && axis[j] === days[i]) out[j] = values[i] as number;
  }
  return out;
}

/** The values of `rows` (NaN when the column is absent: no volumes were read). */
function pick(values: Float64Array | undefined, rows: readonly number[]): Float64Array {
  return Float64Array.from(rows, (row) => (values === undefined ? Number.NaN : (values[row] ?? Number.NaN)));
}

function universeSymbols(params: ScanParams, known: readonly string[], sectorOf: ReadonlyMap<string, string | null>): string[] {
  const universe = params.universe;
  switch (universe.kind) {
    case 'all':
      return [...known];
    case 'sector': {
      const wanted = universe.sector.toLowerCase();
      const members = known.filter((symbol) => (sectorOf.get(symbol) ?? '').toLowerCase() === wanted);
      if (members.length === 0) {
        const sectors = [...new Set([...sectorOf.values()].filter((s): s is string => s !== null))].sort();
        throw new AppError('NOT_FOUND', `No instrument with bars is in sector "${universe.sector}". Known sectors: ${sectors.join(', ') || 'none (import a constituents list)'}.`, {
          sector: universe.sector,
        });
      }
      return members;
    }
    case 'list': {
      const knownSet = new Set(known);
      const unknown = universe.symbols.filter((symbol) => !knownSet.has(symbol));
      if (unknown.length > 0) throw new AppError('NOT_FOUND', `No bars stored for ${unknown.join(', ')} (universe list).`, { symbols: unknown });
      return [...new Set(universe.symbols)];
    }
  }
}

export function prepareScan(store: Store, options: PrepareOptions): PreparedScan {
  const { params } = options;
  const { from, to } = params.formation;
  const loaded = loadCandidates(store, params);
  const matrix = closesOnBasis(loaded.matrix, loaded.datasets, params.basis);
  const sectorOf = new Map(new InstrumentsRepo(store.db).list().map((instrument) => [instrument.symbol, instrument.sector]));
  const chosen = universeSymbols(params, matrix.symbols, sectorOf);

  // The day axis: every day some symbol has a bar in the window, except days the exchange was
  // closed. A stray bar on a weekend or holiday (flagged by validation) must not make every
  // other symbol look as if it missed a day.
  const rows: number[] = [];
  matrix.days.forEach((day, row) => {
    if (day < from) return;
    const status = tradingDayStatus(day);
    if (status !== 'weekend' && status !== 'holiday') rows.push(row);
  });
  const windowDays = Int32Array.from(rows, (row) => matrix.days[row] as number);
  if (windowDays.length === 0) {
    throw new AppError('NOT_FOUND', `No bars in the formation window ${formatIsoDate(from)} to ${formatIsoDate(to)}${params.asOfDatasetId === undefined ? '' : ` as of dataset ${params.asOfDatasetId}`}.`, {
      from: formatIsoDate(from),
      to: formatIsoDate(to),
    });
  }
  const columnOf = new Map(matrix.symbols.map((symbol, column) => [symbol, column]));
  const issues = new ScanInputsRepo(store.db).errorIssueCounts(from, to, params.asOfDatasetId);
  const conflicts = openSourceConflictCounts(store, chosen);
  const width = matrix.symbols.length;
  const candidates: UniverseCandidate[] = chosen.map((symbol) => {
    const column = columnOf.get(symbol) ?? 0;
    const closes = new Float64Array(windowDays.length);
    rows.forEach((row, d) => {
      closes[d] = matrix.closes[row * width + column] as number;
    });
    let historyDays = 0;
    for (let d = 0; d < matrix.days.length; d += 1) if (Number.isFinite(matrix.closes[d * width + column] as number)) historyDays += 1;
    return {
      symbol,
      sector: sectorOf.get(symbol) ?? null,
      closes,
      volumes: pick(loaded.volumes?.get(symbol), rows),
      historyDays,
      errorIssues: issues.get(symbol) ?? 0,
      openConflicts: conflicts.get(symbol) ?? 0,
    };
  });
  const selection = selectUniverse(candidates, {
    formationDays: windowDays,
    filters: {
      ...(params.filters.minHistoryDays === undefined ? {} : { minHistoryDays: params.filters.minHistoryDays }),
      ...(params.filters.minAvgDollarVolume === undefined ? {} : { minAvgDollarVolume: params.filters.minAvgDollarVolume }),
      ...(params.filters.priceFloor === undefined ? {} : { priceFloor: params.filters.priceFloor }),
    },
    overrideQualityGate: params.overrideQualityGate,
  });
  if (selection.symbols.length < 2) {
    const byReason = new Map<string, number>();
    for (const entry of selection.excluded) byReason.set(entry.reason, (byReason.get(entry.reason) ?? 0) + 1);
    const why = [...byReason].map(([reason, n]) => `${n} ${reason}`).join(', ');
    throw new AppError(
      'VALIDATION_FAILED',
      `The universe is empty: ${selection.symbols.length} of ${candidates.length} symbols qualify for ${formatIsoDate(from)} to ${formatIsoDate(to)} (${why || 'no candidates'}); a scan needs at least two.`,
      { excluded: selection.excluded.length },
    );
  }

  const days = windowDays.length;
  const n = selection.symbols.length;
  const matrixBuffer = new SharedArrayBuffer(n * days * 8);
  const values = new Float64Array(matrixBuffer);
  const raw = new Float64Array(n * days);
  const byCandidate = new Map(candidates.map((c) => [c.symbol, c]));
  selection.symbols.forEach((symbol, s) => {
    const closes = byCandidate.get(symbol)?.closes ?? new Float64Array(days).fill(Number.NaN);
    raw.set(closes, s * days);
    for (let d = 0; d < days; d += 1) values[s * days + d] = params.transform === 'log' ? Math.log(closes[d] as number) : (closes[d] as number);
  });
  const hash = createHash('sha256');
  hash.update(JSON.stringify({ symbols: selection.symbols, first: windowDays[0], last: windowDays[days - 1], days }));
  hash.update(new Uint8Array(raw.buffer));
  const dataVersion: DataVersion = {
    datasets: loaded.datasets.map((d) => ({ id: d.id, source: d.source, version: d.version })),
    closeMatrixSha256: hash.digest('hex'),
  };
  const survivorshipWarning = survivorship(params, selection.symbols, sectorOf, options.today);
  const runId = new ScanRunsRepo(store.db).create({
    createdAt: options.createdAt,
    params,
    dataVersion,
    codeVersion: options.codeVersion,
    universe: selection.symbols,
    excluded: selection.excluded,
    survivorshipWarning,
  });
  const pairs = pairCount(n);
  return {
    runId,
    symbols: selection.symbols,
    sectors: selection.symbols.map((symbol) => sectorOf.get(symbol) ?? null),
    days,
    pairs,
    matrix: matrixBuffer,
    rows: new SharedArrayBuffer(pairs * PAIR_FIELDS * 8),
    excluded: selection.excluded,
    overridden: selection.overridden,
    dataVersion,
    survivorshipWarning,
  };
}

/**
 * A constituents list names today's members; applied to a past window it leaves out every
 * name that left the index since, so the survivors look better than the index did. The
 * symbols carry a sector only when a constituents list supplied it.
 */
function survivorship(params: ScanParams, symbols: readonly string[], sectorOf: ReadonlyMap<string, string | null>, today: EpochDay): string | null {
  if (params.universe.kind === 'list') return null;
  const fromList = symbols.filter((symbol) => (sectorOf.get(symbol) ?? null) !== null).length;
  if (fromList * 2 < symbols.length || params.formation.to >= today) return null;
  return `Survivorship bias: the universe comes from today's constituents list, but the formation window (${formatIsoDate(params.formation.from)} to ${formatIsoDate(params.formation.to)}) is in the past; symbols that left the index since are missing, so these results look better than the index did.`;
}
