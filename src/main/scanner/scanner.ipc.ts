import { epochDayFromIso } from '../core/time/epoch-day';
import type { Handlers } from '../ipc/handler-registry';
import type { ScannerService } from './scanner.service';
import { pairDetailToWire, resultToWire, runToWire, watchedToWire } from './scanner-wire';

export type ScannerHandlers = Pick<
  Handlers,
  'scanner:start' | 'scanner:runs' | 'scanner:results' | 'scanner:pair' | 'watchlist:list' | 'watchlist:add' | 'watchlist:remove'
>;

/** Thin adapters from the channels to the scanner service; domain → wire happens here. */
export function createScannerHandlers(service: ScannerService): ScannerHandlers {
  return {
    'scanner:start': (request) => service.launchScan(request),
    'scanner:runs': ({ limit }) => service.runs(limit).map(runToWire),
    'scanner:results': ({ runId, ...query }) => {
      const page = service.results(runId, {
        sort: query.sort,
        descending: query.descending,
        significantOnly: query.significantOnly,
        offset: query.offset,
        limit: query.limit,
        ...(query.symbol === undefined ? {} : { symbol: query.symbol }),
        ...(query.maxPvalue === undefined ? {} : { maxPvalue: query.maxPvalue }),
      });
      const sectors = service.sectors();
      return { total: page.total, items: page.items.map((item) => resultToWire(item, sectors)) };
    },
    'scanner:pair': ({ y, x, from, to, transform }) =>
      pairDetailToWire(service.pairDetail({ y, x, from: epochDayFromIso(from), to: epochDayFromIso(to), transform })),
    'watchlist:list': () => service.watchlist().map(watchedToWire),
    'watchlist:add': ({ y, x, runId, note }) =>
      service.watch({ y, x, ...(runId === undefined ? {} : { runId }), ...(note === undefined ? {} : { note }) }).map(watchedToWire),
    'watchlist:remove': ({ y, x }) => service.unwatch(y, x).map(watchedToWire),
  };
}
