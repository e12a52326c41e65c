import path from 'node:path';
import type Database from 'better-sqlite3';
import type { Logger } from 'pino';
import type { AppConfig } from '../../../shared/domain/config';
import { DatasetsRepo } from '../../store/repos/datasets.repo';
import { exchangeDay } from '../../core/time/exchange-time';
import { importPath, type ImportResult } from '../import/import-path';

/**
 * The bundled sample's source key. A label rather than its path: the sample's location
 * changes with every install (and between dev and packaged builds), and a path-keyed source
 * would make the same sample look like a new source each time.
 */
export const sampleSource = 'sample:sp500-2013-2018';

export interface EnsureSampleOptions {
  /** resources/sample-data: holds prices/*.csv and constituents.csv. */
  readonly sampleDir: string;
  readonly config: Pick<AppConfig, 'data'>;
  readonly logger: Pick<Logger, 'info' | 'warn'>;
  /** Clock (epoch ms) for `imported_at` and the exchange's today. */
  readonly now?: () => number;
  /** Passed to the import: cache invalidation after the commit. */
  readonly onCommitted?: (result: ImportResult) => void;
}

/**
 * First start: when `data.importSampleOnFirstStart` is on and the store has no dataset at all,
 * imports the bundled sample (lenient, split-adjusted). Idempotent: once any dataset exists
 * it does nothing, and two racing calls are safe because the second import of the same
 * source and hash is a no-op inside the write transaction. Returns the import result, or
 * null when nothing was imported.
 */
export async function ensureSampleImported(
  store: { readonly db: Database.Database },
  options: EnsureSampleOptions,
): Promise<ImportResult | null> {
  if (!options.config.data.importSampleOnFirstStart) {
    options.logger.info({ setting: 'data.importSampleOnFirstStart' }, 'sample import disabled by configuration');
    return null;
  }
  const existing = new DatasetsRepo(store.db).count();
  if (existing > 0) return null;

  const now = options.now ?? Date.now;
  const result = await importPath(store, path.join(options.sampleDir, 'prices'), {
    policy: 'lenient',
    adjustment: 'split',
    thresholds: options.config.data,
    today: exchangeDay(now()),
    source: sampleSource,
    constituents: path.join(options.sampleDir, 'constituents.csv'),
    now,
    ...(options.onCommitted === undefined ? {} : { onCommitted: options.onCommitted }),
  });
  const { dataset } = result;
  options.logger.info(
    { datasetId: dataset.id, symbols: dataset.symbolCount, bars: dataset.barsInserted, issues: dataset.issueSummary, noOp: result.noOp },
    'imported the bundled sample data',
  );
  return result;
}
