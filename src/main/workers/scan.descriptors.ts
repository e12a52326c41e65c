import type { PreparedScan } from '../scanner/scan-prepare';
import type { PersistOutcome, ScanTaskInput } from '../scanner/scan-tasks';
import { defineWorker } from './worker-descriptor';

type TaskOf<K extends ScanTaskInput['task']> = Omit<Extract<ScanTaskInput, { task: K }>, 'task'>;

export type ScanPrepareInput = TaskOf<'prepare'>;
export type ScanShardInput = TaskOf<'shard'>;
export type ScanPersistInput = TaskOf<'persist'>;

/** Reads the store, chooses the universe and builds the one shared symbol-major matrix. */
export const scanPrepareWorker = defineWorker<ScanPrepareInput, PreparedScan>({
  name: 'scan-prepare',
  doc: 'Chooses the universe and builds the shared formation matrix and result rows of a scan, and creates its run record.',
});

/** Tests one slice of the pairs against the shared matrix, writing into the shared rows. */
export const scanShardWorker = defineWorker<ScanShardInput, { pairs: number }>({
  name: 'scan-shard',
  doc: 'Runs the Engle-Granger inner loop (both directions) over one shard of pairs.',
});

/** Corrects for multiple testing, computes Hurst for survivors and writes the run. */
export const scanPersistWorker = defineWorker<ScanPersistInput, PersistOutcome>({
  name: 'scan-persist',
  doc: 'Applies the FDR or Bonferroni correction over every ordered test and saves the run in short transactions.',
});
