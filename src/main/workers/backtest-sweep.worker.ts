import { runSweepTrials } from '../backtest/sweep/sweep-run';
import { researchData } from '../backtest/research/research-data';
import { barSetData } from '../backtest/sweep/sweep-job';
import { backtestSweepWorker } from './backtest-sweep.descriptor';
import { defineWorkerTask } from './worker-runtime';

/**
 * A sweep shard: every configuration of the slice through the one backtest path, reading the
 * bars every shard shares (SharedArrayBuffer), returning per configuration its metrics and
 * daily returns (transferred, not copied).
 */
export default defineWorkerTask(backtestSweepWorker, async (input, context) =>
  runSweepTrials(input.base, input.assignments, input.firstIndex, input.basis === undefined ? barSetData(context.inputs.barSet, input.actions, input.warnings) : researchData(context.inputs.barSet, input.basis), {
    signal: context.signal,
    keepFills: input.keepFills === true,
    onProgress: (done, total) => context.progress(done, total),
  }),
);
