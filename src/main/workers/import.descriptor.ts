import type { ImportResult } from '../data/import/import-path';
import type { ImportTaskInput } from '../data/import/import-task';
import { defineWorker } from './worker-descriptor';

/** The import task's own input (plain data: it crosses a thread boundary). */
export type ImportWorkerInput = ImportTaskInput;

export const importWorker = defineWorker<ImportWorkerInput, ImportResult>({
  name: 'import',
  doc: 'Parses, validates and writes one import on its own write connection to the research store.',
});
