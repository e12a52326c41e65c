import { defineWorker } from './worker-descriptor';

export interface MatrixProbeInput {
  /** Symbol columns [from, to) of the shared close matrix this shard reads. */
  readonly from: number;
  readonly to: number;
  /**
   * Test hook: write -(column + 1) into day 0 of each column read, so a test can see that
   * every shard wrote into the one copy main holds (never set outside tests).
   */
  readonly mark?: boolean;
}

export interface MatrixProbeOutput {
  /** Sum of each column's non-NaN closes, in column order. */
  readonly sums: Float64Array;
  /** Whether the matrix arrived in shared memory (true from the local pool). */
  readonly shared: boolean;
}

/**
 * The smallest shard over a shared close matrix, the shape the pair scanner takes: each
 * shard reads its slice of one matrix that all shards share.
 */
export const matrixProbeWorker = defineWorker<MatrixProbeInput, MatrixProbeOutput, 'closeMatrix'>({
  name: 'matrix-probe',
  doc: 'Sums a slice of the shared close matrix per column; checks the shared-input path.',
  inputs: ['closeMatrix'],
});
