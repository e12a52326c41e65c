import type { Handlers } from '../ipc/handler-registry';
import { epochDayFromIso, formatIsoDate } from '../core/time/epoch-day';
import { toWireBars, toWireConflict, toWireDataset, toWireInstrument, toWireIssue, toWireRevision } from './data-wire';
import { issuesToCsv } from './issues-csv';
import type { MarketDataService } from './market-data.service';

export type DataChannel =
  | 'data:datasets'
  | 'data:dataset-diff'
  | 'data:instruments'
  | 'data:bars'
  | 'data:issues'
  | 'data:issues-csv'
  | 'data:preview'
  | 'data:import'
  | 'data:conflicts'
  | 'data:conflict-resolve'
  | 'data:cache-metrics';

export type DataHandlers = Pick<Handlers, DataChannel>;

const ISSUES_CSV_LIMIT = 100_000;

/**
 * The data channels: each handler is one service call plus the mapping of its domain result
 * (epoch days, columns) to the wire DTOs (ISO dates, bar objects). No logic lives here.
 */
export function createDataHandlers(service: MarketDataService, logger: { debug(object: object, message: string): void }): DataHandlers {
  return {
    'data:datasets': () => service.datasetList().map(toWireDataset),
    'data:dataset-diff': ({ datasetId, limit }) => {
      const diff = service.datasetDiff(datasetId, limit);
      return { total: diff.total, revisions: diff.revisions.map(toWireRevision) };
    },
    'data:instruments': async () => (await service.instruments()).map(toWireInstrument),
    'data:bars': async ({ symbol, from, to }) => {
      const range = { ...(from === undefined ? {} : { from: epochDayFromIso(from) }), ...(to === undefined ? {} : { to: epochDayFromIso(to) }) };
      const data = await service.symbolData(symbol, range);
      return {
        symbol: data.symbol,
        bars: toWireBars(data.series),
        issues: data.issues.map(toWireIssue),
        actions: data.actions.map((action) => ({
          date: formatIsoDate(action.day),
          kind: action.kind,
          ratio: action.kind === 'split' ? `${action.numerator}:${action.denominator}` : null,
          cashAmount: action.kind === 'dividend' ? action.cashAmount : null,
          source: action.source,
        })),
      };
    },
    'data:issues': ({ filter, limit, offset }) => {
      const page = service.issuePage(filter, { limit, offset });
      return { total: page.total, items: page.items.map(toWireIssue) };
    },
    'data:issues-csv': ({ filter }) => {
      const page = service.issuePage(filter, { limit: ISSUES_CSV_LIMIT, offset: 0 });
      return { csv: issuesToCsv(page.items.map(toWireIssue)), rows: page.items.length, truncated: page.total > page.items.length };
    },
    'data:preview': async ({ path, rows }) => {
      const result = await service.preview({ path, rows });
      const preview = result.preview;
      return {
        path: result.path,
        kind: result.kind,
        files: result.files.map((file) => ({ ...file })),
        header: preview === null ? [] : [...preview.header],
        rows: preview === null ? [] : preview.rows.map((row) => [...row]),
        detected: preview === null || preview.format === null ? null : { ...preview.format, mapping: { ...preview.format.mapping } },
        problems: [...result.problems],
      };
    },
    'data:import': async (request) => {
      const { jobId, result } = await service.startImport(request, 'user');
      // The outcome reaches the UI as a data:imported event; the failure is logged by the job.
      result.catch((error: unknown) => logger.debug({ jobId, err: error }, 'import job ended with an error'));
      return { jobId };
    },
    'data:conflicts': ({ status, symbol }) =>
      service
        .conflictList({ status: status ?? 'held', ...(symbol === undefined ? {} : { symbol }) })
        .map((view) => toWireConflict(view.record, view.sample)),
    'data:conflict-resolve': async ({ symbol, choice, datasetId }) => {
      const result = await service.resolveConflict({ symbol, choice, ...(datasetId === undefined ? {} : { datasetId }) }, 'user');
      return {
        symbol: result.symbol,
        choice: result.choice,
        datasets: result.resolutions.map((r) => toWireDataset(r.dataset)),
        barsInserted: result.barsInserted,
        barsChanged: result.barsChanged,
      };
    },
    'data:cache-metrics': () => {
      const metrics = service.cacheMetrics();
      return { hits: metrics.hits, misses: metrics.misses, evictions: metrics.evictions, expirations: metrics.expirations, size: metrics.size };
    },
  };
}
