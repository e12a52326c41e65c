import type { ImportPathOptions, ImportResult } from '../data/import/import-path';
import { defineWorker, type PlainOptions } from './worker-descriptor';

/**
 * The import service's options (minus callbacks and the signal, rebuilt in the worker) plus
 * what the worker needs to reach the store: the input crosses a thread boundary as plain data.
 */
export type ImportWorkerInput = PlainOptions<ImportPathOptions> & {
  readonly dbPath: string;
  readonly busyTimeoutMs: number;
  /** The file or folder to import. */
  readonly path: string;
  /** Marks the bundled sample, whose source is a stable label rather than a path. */
  readonly sample?: boolean;
};

export const importWorker = defineWorker<ImportWorkerInput, ImportResult>({
  name: 'import',
  doc: 'Parses, validates and writes one import on its own write connection to the research store.',
});
