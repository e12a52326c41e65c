import type { AdjustmentBasis } from '../../shared/domain/market-data';
import type { ImportThresholds } from '../data/core/pipeline-types';
import { importPath, type ImportResult } from '../data/import/import-path';
import { sampleSource } from '../data/sample/ensure-sample-imported';
import type { FormatSpec } from '../data/core/pipeline-types';
import type { EpochDay } from '../core/time/epoch-day';
import { openDatabase } from '../store/db';
import { migrations } from '../store/migrations';
import { runWorkerTask } from './worker-runtime';

/** Everything the import needs, as plain data (it crosses a thread boundary). */
export interface ImportWorkerInput {
  readonly dbPath: string;
  readonly busyTimeoutMs: number;
  readonly path: string;
  readonly policy: 'strict' | 'lenient';
  readonly adjustment: AdjustmentBasis;
  readonly thresholds: ImportThresholds;
  readonly today: EpochDay;
  readonly format?: FormatSpec;
  readonly source?: string;
  /** Constituents list for names and sectors; absent: look beside the prices. */
  readonly constituents?: string;
  /** Marks the bundled sample, whose source is a stable label rather than a path. */
  readonly sample?: boolean;
}

/**
 * Imports on its own thread with its own connection, so parsing 600k rows never blocks the
 * main thread (and with it the kill switch). WAL lets main keep reading meanwhile; main's
 * own writes wait at most the busy timeout for the single write transaction.
 */
runWorkerTask<ImportWorkerInput, ImportResult>(async (input, context) => {
  const store = openDatabase({ path: input.dbPath, busyTimeoutMs: input.busyTimeoutMs, migrations });
  try {
    return await importPath(store, input.path, {
      policy: input.policy,
      adjustment: input.adjustment,
      thresholds: input.thresholds,
      today: input.today,
      signal: context.signal,
      ...(input.format === undefined ? {} : { format: input.format }),
      ...(input.sample === true ? { source: sampleSource } : input.source === undefined ? {} : { source: input.source }),
      ...(input.constituents === undefined ? {} : { constituents: input.constituents }),
      onProgress: (progress) =>
        context.progress(
          progress.phase === 'parse' ? progress.filesDone : progress.filesTotal + progress.symbolsDone,
          progress.filesTotal + progress.symbolsTotal,
          progress.phase === 'parse'
            ? `Reading files: ${progress.filesDone} of ${progress.filesTotal} (${progress.rows.toLocaleString('en-US')} rows)`
            : `Writing: ${progress.symbolsDone} of ${progress.symbolsTotal} symbols`,
        ),
    });
  } finally {
    store.close();
  }
});
