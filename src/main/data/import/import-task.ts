import type { AdjustmentBasis } from '../../../shared/domain/market-data';
import type { EpochDay } from '../../core/time/epoch-day';
import type { FormatSpec } from '../core/pipeline-types';
import { sampleSource } from '../sample-data';
import type { ImportThresholds } from '../core/pipeline-types';
import { importPath, type ImportResult } from './import-path';

/** Everything an import needs, as plain data (it crosses a thread boundary). */
export interface ImportTaskInput {
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
  /** Clock for `imported_at` (epoch ms), taken by main when the job starts. */
  readonly importedAt: number;
}

export interface ImportTaskContext {
  readonly signal?: AbortSignal;
  progress(done: number, total: number | null, message?: string): void;
}

/**
 * Runs one import task against an open store: the body of the import worker, and what the
 * CLI runs in its own process. Progress is one scale: files parsed, then symbols written.
 */
export function runImportTask(store: Parameters<typeof importPath>[0], input: ImportTaskInput, context: ImportTaskContext): Promise<ImportResult> {
  return importPath(store, input.path, {
    policy: input.policy,
    adjustment: input.adjustment,
    thresholds: input.thresholds,
    today: input.today,
    now: () => input.importedAt,
    ...(context.signal === undefined ? {} : { signal: context.signal }),
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
}
