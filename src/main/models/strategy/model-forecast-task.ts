import { AppError } from '../../../shared/ipc/errors';
import type { ModelState } from '../core/model-registry-types';
import { riskShareOf } from '../core/model-states';
import { walkForwardFitting } from '../data-splits';
import { predictLstm, trainLstm } from '../lstm-training';
import type { ModelLabConfig } from '../model-config';
import type { ExperimentOptions } from '../model-experiment';
import { alignPair } from '../pair-alignment';
import type { DayForecast } from './walk-forward-forecasts';
import { walkForwardForecasts } from './walk-forward-forecasts';

/** One leg's stored closes, ascending by epoch day. */
export interface ForecastLeg {
  readonly symbol: string;
  readonly days: Int32Array;
  readonly closes: Float64Array;
}

/** What a model-forecast worker job is given: a registered version's hyperparameters and one pair's stored closes. */
export interface ModelForecastInput {
  readonly modelId: string;
  /** The version's stored hyperparameters (the registry record's), as a full model-lab config. */
  readonly config: ModelLabConfig;
  /** The version's state when the run was prepared: the canary cap is applied from it. */
  readonly state: ModelState;
  readonly canaryRiskShare: number;
  readonly y: ForecastLeg;
  readonly x: ForecastLeg;
}

/**
 * A pair's out-of-sample forecasts as plain data (it crosses to the backtest worker): the
 * decision day of each forecast, P(up), the threshold chosen in sample on that forecast's
 * fold, and the fold. `riskShare` scales the sizing of every entry the strategy takes.
 */
export interface ModelForecastSet {
  readonly modelId: string;
  readonly y: string;
  readonly x: string;
  readonly riskShare: number;
  readonly days: Int32Array;
  readonly probabilityUp: Float64Array;
  readonly threshold: Float64Array;
  readonly fold: Int32Array;
}

/**
 * The share of the risk budget a backtest sizes a version's entries with. A canary trades
 * its capped share (audit 4.2) and a champion all of it, as when deployed. A version that
 * trades nothing live (candidate, challenger in shadow, retired) is backtested as research
 * on the full budget: a backtest places no orders, and a zero share would only hide what the
 * version would do once promoted.
 */
export function backtestRiskShare(state: ModelState, canaryRiskShare: number): number {
  return state === 'canary' || state === 'champion' ? riskShareOf(state, canaryRiskShare) : 1;
}

/**
 * The body of a model-forecast job (a worker thread in the app; in-process only in tests):
 * the version's hyperparameters are retrained on purged walk-forward folds of the pair
 * (sequentially, in this thread) and every forecast comes from a fold model that never saw
 * its day, so a backtest on them is out of sample.
 */
export async function runModelForecast(input: ModelForecastInput, options: ExperimentOptions): Promise<ModelForecastSet> {
  const stored = input.config;
  const pair = alignPair(input.y, input.x, stored.features.maxForwardFillRows);
  const needed = stored.features.window * 4;
  if (pair.days.length < needed) {
    throw new AppError('VALIDATION_FAILED', `strategy.modelId: ${input.y.symbol}/${input.x.symbol} has ${pair.days.length} aligned rows; model ${input.modelId}'s window of ${stored.features.window} needs at least ${needed}.`, { field: 'strategy.modelId', rows: pair.days.length });
  }
  const config = { ...stored, walkForward: walkForwardFitting(pair.days.length, stored.walkForward) };
  // walkForwardForecasts asks for every fold at once (a pool would run them in parallel); one
  // thread and one TensorFlow.js instance train them one after another.
  let queue: Promise<unknown> = Promise.resolve();
  const forecasts = await walkForwardForecasts(
    pair,
    config,
    (training) => {
      const next = queue.then(() => trainLstm(training, options));
      queue = next.catch(() => undefined);
      return next;
    },
    (model, weights, data) => predictLstm(options.runtime, model, weights, data),
  );
  return toForecastSet(input, forecasts);
}

function toForecastSet(input: ModelForecastInput, forecasts: ReadonlyMap<number, DayForecast>): ModelForecastSet {
  const days = Int32Array.from([...forecasts.keys()].sort((a, b) => a - b));
  const at = (day: number): DayForecast => {
    const forecast = forecasts.get(day);
    if (forecast === undefined) throw new AppError('INTERNAL', `no forecast for day ${day} of its own key set`);
    return forecast;
  };
  return {
    modelId: input.modelId,
    y: input.y.symbol,
    x: input.x.symbol,
    riskShare: backtestRiskShare(input.state, input.canaryRiskShare),
    days,
    probabilityUp: Float64Array.from(days, (day) => at(day).probabilityUp),
    threshold: Float64Array.from(days, (day) => at(day).threshold),
    fold: Int32Array.from(days, (day) => at(day).fold),
  };
}

/** The forecast sets back as the maps the strategy reads (in the backtest worker). */
export function forecastsOf(set: ModelForecastSet): Map<number, DayForecast> {
  const map = new Map<number, DayForecast>();
  set.days.forEach((day, index) => {
    map.set(day, { probabilityUp: set.probabilityUp[index] as number, threshold: set.threshold[index] as number, fold: set.fold[index] as number });
  });
  return map;
}
