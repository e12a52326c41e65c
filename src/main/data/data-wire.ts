import type { Bar, Conflict, DataIssue, Dataset, Instrument } from '../../shared/domain/market-data';
import type { ImportReport } from '../../shared/ipc/sections/data';
import type { BarRevisionRecord, DatasetRecord, HeldBarRecord, HeldSeriesRecord, InstrumentRecord, StoredIssue } from '../core/market/market-records';
import type { OhlcvColumns } from '../core/market/series';
import { formatIsoDate, type EpochDay } from '../core/time/epoch-day';
import type { ImportResult } from './import/import-path';

/**
 * Domain records → wire DTOs, at the IPC edge only. Inside main, days are epoch days and
 * series are columns; the contract speaks ISO dates and bar objects.
 */

function isoOrNull(day: EpochDay | null): string | null {
  return day === null ? null : formatIsoDate(day);
}

export function toWireDataset(record: DatasetRecord): Dataset {
  const { firstDay, lastDay, ...rest } = record;
  return { ...rest, issueSummary: { ...record.issueSummary }, firstDate: isoOrNull(firstDay), lastDate: isoOrNull(lastDay) };
}

export function toWireInstrument(record: InstrumentRecord): Instrument {
  const { firstDay, lastDay, ...rest } = record;
  return { ...rest, firstDate: isoOrNull(firstDay), lastDate: isoOrNull(lastDay) };
}

export function toWireIssue(issue: StoredIssue): DataIssue {
  const { day, ...rest } = issue;
  return { ...rest, date: isoOrNull(day) };
}

export function toWireBars(columns: OhlcvColumns): Bar[] {
  const out: Bar[] = new Array<Bar>(columns.days.length);
  for (let i = 0; i < columns.days.length; i += 1) {
    out[i] = {
      date: formatIsoDate(columns.days[i] ?? 0),
      open: columns.open[i] ?? Number.NaN,
      high: columns.high[i] ?? Number.NaN,
      low: columns.low[i] ?? Number.NaN,
      close: columns.close[i] ?? Number.NaN,
      volume: columns.volume[i] ?? Number.NaN,
    };
  }
  return out;
}

export function toWireRevision(revision: BarRevisionRecord): { symbol: string; date: string; before: BarRevisionRecord['before']; after: BarRevisionRecord['after']; previousDatasetId: number } {
  return { symbol: revision.symbol, date: formatIsoDate(revision.day), before: { ...revision.before }, after: { ...revision.after }, previousDatasetId: revision.previousDatasetId };
}

export function toWireImportReport(result: ImportResult): ImportReport {
  return {
    dataset: toWireDataset(result.dataset),
    noOp: result.noOp,
    issueSummary: { ...result.issueSummary },
    rejectedSample: result.rejectedSample.map(toWireIssue),
  };
}

export function toWireConflict(record: HeldSeriesRecord, sample: readonly HeldBarRecord[]): Conflict {
  return {
    datasetId: record.datasetId,
    source: record.source,
    version: record.version,
    symbol: record.symbol,
    basis: record.basis,
    status: record.status,
    classification: record.classification,
    factor: record.factor,
    overlapDays: record.overlapDays,
    differingDays: record.differingDays,
    barCount: record.barCount,
    firstDate: formatIsoDate(record.firstDay),
    lastDate: formatIsoDate(record.lastDay),
    detail: record.detail,
    resolvedByDatasetId: record.resolvedByDatasetId,
    sample: sample.flatMap((bar) =>
      bar.existing === null ? [] : [{ date: formatIsoDate(bar.day), existing: { ...bar.existing }, incoming: { ...bar.incoming } }],
    ),
  };
}
