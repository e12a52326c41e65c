import { AppError } from '../../shared/ipc/errors';
import { matrixProbeWorker } from './matrix-probe.descriptor';
import { defineWorkerTask } from './worker-runtime';

export default defineWorkerTask(matrixProbeWorker, async (input, context) => {
  const { closes, symbols, days } = context.inputs.closeMatrix;
  const width = symbols.length;
  if (input.from < 0 || input.to > width || input.from > input.to) {
    throw new AppError('VALIDATION_FAILED', `Columns ${input.from}..${input.to} are outside the matrix's ${width} symbols.`, { from: input.from, to: input.to, width });
  }
  const sums = new Float64Array(input.to - input.from);
  for (let column = input.from; column < input.to; column += 1) {
    if (context.signal.aborted) throw new AppError('CANCELLED', `Stopped at column ${column}.`);
    let sum = 0;
    for (let day = 0; day < days.length; day += 1) {
      const value = closes[day * width + column] as number;
      if (!Number.isNaN(value)) sum += value;
    }
    sums[column - input.from] = sum;
    if (input.mark === true) closes[column] = -(column + 1);
    context.progress(column - input.from + 1, input.to - input.from);
  }
  return { sums, shared: closes.buffer instanceof SharedArrayBuffer };
});
