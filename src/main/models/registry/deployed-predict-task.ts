import { AppError } from '../../../shared/ipc/errors';
import type { Clock } from '../../core/time/clock';
import type { Store } from '../../store/db';
import { ModelRegistryRepo } from '../../store/repos/model-registry.repo';
import { predictLstm } from '../lstm-training';
import { alignPair } from '../pair-alignment';
import { computeFeatures } from '../spread-features';
import type { TfRuntime } from '../tf-backend';
import { forecastFromOutput, inputWindowAt, outcomeAfter } from './deployed-predictor';
import { ModelRegistry } from './model-registry';

/** One leg's stored closes, ascending by epoch day. */
export interface PredictLeg {
  readonly days: Int32Array;
  readonly closes: Float64Array;
}

/** One deployed version's forecast for a day: what a model-predict worker job is given. */
export interface DeployedPredictInput {
  readonly modelId: number;
  readonly y: PredictLeg;
  readonly x: PredictLeg;
  /** The decision day (a replayed session's close); rows after it are never read. Null: the newest stored row. */
  readonly asOfDay: number | null;
  /** Days this version predicted whose outcome is still unknown. */
  readonly pendingDays: readonly number[];
}

export interface DeployedPredictOutput {
  readonly modelId: number;
  readonly day: number;
  /** The scaled input window the network saw (the log hashes it). */
  readonly inputs: Float32Array;
  readonly prediction: number;
  /** Outcomes of pending days now known from rows up to `day`. */
  readonly outcomes: { readonly day: number; readonly actual: number }[];
}

/**
 * The body of a model-predict job (a worker thread in the app): the version is loaded from
 * SQLite through the TensorFlow.js IO handler (SHA-256 checked), its features recomputed with
 * the hedge and look-backs stored with it on rows up to the decision day only, and the
 * window ending there forecast. The registry here only reads; nothing is written.
 */
export async function predictDeployedDay(store: Store, runtime: TfRuntime, clock: Clock, input: DeployedPredictInput): Promise<DeployedPredictOutput> {
  const readOnly = new ModelRegistry(
    new ModelRegistryRepo(store.db),
    {
      append: () => {
        throw new AppError('INTERNAL', 'A prediction job never changes the registry.');
      },
    },
    clock,
  );
  const record = readOnly.get(input.modelId);
  const loaded = await readOnly.load(runtime, input.modelId);
  const { metadata } = loaded;
  const asOf = input.asOfDay;
  const upTo = (leg: PredictLeg): PredictLeg => {
    if (asOf === null) return leg;
    let end = leg.days.length;
    while (end > 0 && (leg.days[end - 1] as number) > asOf) end -= 1;
    return { days: leg.days.subarray(0, end), closes: leg.closes.subarray(0, end) };
  };
  const pair = alignPair(upTo(input.y), upTo(input.x), metadata.features.maxForwardFillRows);
  const table = computeFeatures(pair, metadata.hedge, metadata.features);
  const t = table.rows - 1;
  const day = pair.days[t];
  if (day === undefined || (asOf !== null && day !== asOf)) {
    throw new AppError('VALIDATION_FAILED', `${record.name} v${record.version}: no aligned row for the decision day ${asOf ?? 'newest'}; no prediction logged.`, { modelId: record.id, day: asOf });
  }
  const inputs = inputWindowAt(table, metadata.scaler, metadata.features.window, t);
  if (inputs === null) throw new AppError('VALIDATION_FAILED', `${record.name} v${record.version}: the input window ending ${day} has missing values; no prediction logged.`, { modelId: record.id, day });
  const output = predictLstm(runtime, metadata.model, loaded.weights, { count: 1, window: metadata.features.window, features: metadata.featureNames.length, inputs })[0] ?? Number.NaN;
  const rowOf = new Map(Array.from(pair.days, (d, row) => [d, row]));
  const outcomes: { day: number; actual: number }[] = [];
  for (const pending of input.pendingDays) {
    const row = rowOf.get(pending);
    const actual = row === undefined ? null : outcomeAfter(table, record.target, row);
    if (actual !== null) outcomes.push({ day: pending, actual });
  }
  return { modelId: record.id, day, inputs, prediction: forecastFromOutput(record.target, metadata.scaler, output), outcomes };
}
