import type { PairResultView, ScanRunView, WatchlistEntry } from '../../shared/domain/scanner';
import type { PairDetail as PairDetailView } from '../../shared/ipc/sections/scanner';
import { formatIsoDate } from '../core/time/epoch-day';
import type { PairResult, ScanRun } from './core/scan-types';
import type { PairDetail, WatchedPair } from './scanner.service';

/**
 * Domain → wire for the scanner: epoch days become ISO dates, an infinite half-life 'inf',
 * NaN chart points null, and results gain the sectors of their symbols. Used by the IPC
 * handlers and the CLI, so both print the same run.
 */

/** JSON has no Infinity: a spread that never reverts has the half-life 'inf' on the wire. */
export function wireNumber(value: number): number | 'inf' {
  return value === Number.POSITIVE_INFINITY ? 'inf' : value;
}

function nullable(values: Float64Array): (number | null)[] {
  return Array.from(values, (value) => (Number.isFinite(value) ? value : null));
}

export function runToWire(run: ScanRun): ScanRunView {
  const p = run.params;
  return {
    id: run.id,
    createdAt: run.createdAt,
    finishedAt: run.finishedAt,
    state: run.state,
    request: {
      universe: p.universe.kind === 'list' ? { kind: 'list', symbols: [...p.universe.symbols] } : p.universe,
      formation: { from: formatIsoDate(p.formation.from), to: formatIsoDate(p.formation.to) },
      transform: p.transform,
      basis: p.basis,
      fdr: p.fdr,
      filters: p.filters,
      overrideQualityGate: p.overrideQualityGate,
      ...(p.asOfDatasetId === undefined ? {} : { asOfDatasetId: p.asOfDatasetId }),
    },
    dataVersion: { datasets: [...run.dataVersion.datasets], closeMatrixSha256: run.dataVersion.closeMatrixSha256 },
    codeVersion: run.codeVersion,
    universeSize: run.universe.length,
    excluded: [...run.excluded],
    pairsTested: run.pairsTested,
    pairsSignificant: run.pairsSignificant,
    survivorshipWarning: run.survivorshipWarning,
  };
}

export function resultToWire(result: PairResult, sectors: ReadonlyMap<string, string | null>): PairResultView {
  return {
    ...result,
    halfLife: result.halfLife === null ? null : wireNumber(result.halfLife),
    sectorY: sectors.get(result.y) ?? null,
    sectorX: sectors.get(result.x) ?? null,
  };
}

export function watchedToWire(pair: WatchedPair): WatchlistEntry {
  const h = pair.health;
  return {
    y: pair.y,
    x: pair.x,
    addedAt: pair.addedAt,
    sourceRunId: pair.sourceRunId,
    note: pair.note,
    health:
      h === null
        ? null
        : { date: formatIsoDate(h.day), status: h.status, pvalue: h.pvalue, halfLife: h.halfLife === null ? null : wireNumber(h.halfLife), beta: h.beta, reasons: [...h.reasons] },
  };
}

export function pairDetailToWire(detail: PairDetail): PairDetailView {
  const { request, charts } = detail;
  const s = charts.stats;
  const firstY = detail.closesY[0] ?? Number.NaN;
  const firstX = detail.closesX[0] ?? Number.NaN;
  return {
    y: request.y,
    x: request.x,
    from: formatIsoDate(request.from),
    to: formatIsoDate(request.to),
    transform: request.transform,
    dates: Array.from(detail.days, (day) => formatIsoDate(day)),
    normalizedY: nullable(detail.closesY.map((close) => close / firstY)),
    normalizedX: nullable(detail.closesX.map((close) => close / firstX)),
    spread: nullable(s.spread),
    zscore: nullable(charts.zscore),
    rollingBeta: nullable(charts.rollingBeta),
    kalmanBeta: nullable(charts.kalmanBeta),
    rollingWindow: detail.rollingWindow,
    stats: {
      nobs: s.nobs,
      beta: s.eg.beta,
      alpha: s.eg.alpha,
      egStat: s.eg.statistic,
      egPvalue: s.eg.pValue,
      egLags: s.eg.usedLag,
      halfLife: wireNumber(s.halfLife),
      hurst: s.hurst,
      correlation: charts.correlation,
      johansenTrace: [...s.johansenTrace],
      johansenMaxEig: [...s.johansenMaxEig],
      johansenTraceCritical95: [...s.johansenTraceCritical95],
      johansenMaxEigCritical95: [...s.johansenMaxEigCritical95],
    },
  };
}

