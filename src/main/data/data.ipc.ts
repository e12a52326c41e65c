import path from 'node:path';
import type { Handlers } from '../ipc/handler-registry';
import type { ImportSource, ImportSourceResolver } from '../security/import-source';
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
  | 'data:choose-source'
  | 'data:import'
  | 'data:conflicts'
  | 'data:conflict-resolve'
  | 'data:cache-metrics';

export type DataHandlers = Pick<Handlers, DataChannel>;

const ISSUES_CSV_LIMIT = 100_000;

/** The source a renderer request names: a dialog grant or a typed path (exactly one, by the contract). */
function sourceOf(request: { readonly path?: string | undefined; readonly grant?: string | undefined }): ImportSource {
  return request.grant === undefined ? { path: request.path ?? '' } : { grant: request.grant };
}

/**
 * The data channels: each handler is one service call plus the mapping of its domain result
 * (epoch days, columns) to the wire DTOs (ISO dates, bar objects). Files the renderer names are
 * resolved here, at the trust boundary, by the import-source resolver (the CLI, which is
 * trusted, calls the service with real paths).
 */
export function createDataHandlers(service: MarketDataService, sources: ImportSourceResolver, logger: { debug(object: object, message: string): void }): DataHandlers {
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
    'data:preview': async (request, context) => {
      const target = await sources.resolve(sourceOf(request), context.transport);
      const result = await service.preview({ path: target, rows: request.rows });
      const preview = result.preview;
      return {
        // A grant's full path never goes back to the renderer: it shows the chosen name.
        path: request.grant === undefined ? result.path : path.basename(result.path),
        kind: result.kind,
        files: result.files.map((file) => ({ ...file })),
        header: preview === null ? [] : [...preview.header],
        rows: preview === null ? [] : preview.rows.map((row) => [...row]),
        detected: preview === null || preview.format === null ? null : { ...preview.format, mapping: { ...preview.format.mapping } },
        problems: [...result.problems],
      };
    },
    'data:choose-source': async () => ({ grant: await sources.choose() }),
    'data:import': async ({ path: _typed, grant, ...request }, context) => {
      const target = await sources.resolve(grant === undefined ? { path: _typed ?? '' } : { grant }, context.transport);
      const { jobId, result } = await service.startImport({ ...request, path: target }, 'user');
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
