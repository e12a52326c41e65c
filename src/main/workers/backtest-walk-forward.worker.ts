import { researchData } from '../backtest/research/research-data';
import { barSetData } from '../backtest/sweep/sweep-job';
import { parseWalkForwardSpec, runWalkForward } from '../backtest/walk-forward/walk-forward';
import { backtestWalkForwardWorker } from './backtest-walk-forward.descriptor';
import { defineWorkerTask } from './worker-runtime';

/** One walk-forward run off the main thread; progress is one tick per window. */
export default defineWorkerTask(backtestWalkForwardWorker, async (input, context) =>
  runWalkForward(input.base, parseWalkForwardSpec(input.spec), input.basis === undefined ? barSetData(context.inputs.barSet, input.actions, input.warnings) : researchData(context.inputs.barSet, input.basis), {
    signal: context.signal,
    onProgress: (done, total) => context.progress(done, total),
  }),
);
