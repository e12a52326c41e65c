import { AppError } from '../../../shared/ipc/errors';
import type { BacktestConfig } from '../../backtest/backtest-config';
import type { CloseSeries } from '../../core/market/series';
import type { Store } from '../../store/db';
import { ModelRegistryRepo } from '../../store/repos/model-registry.repo';
import type { ModelForecastWorkerInput } from '../../workers/model-forecast.descriptor';
import { modelLabConfigSchema } from '../model-config';
import type { ModelForecastSet } from './model-forecast-task';

/** Runs one pair's forecast job: the model-forecast worker in the app and the CLI. */
export type ForecastRunner = (input: ModelForecastWorkerInput, options: { signal?: AbortSignal; onProgress?: (done: number, total: number | null, message?: string) => void }) => Promise<ModelForecastSet>;

export interface ModelForecastPreparerDeps {
  readonly store: Store;
  readonly series: (symbol: string) => Promise<CloseSeries>;
  readonly runForecast: ForecastRunner;
  readonly canaryRiskShare: () => number;
}

export interface PrepareContext {
  readonly signal?: AbortSignal;
  readonly onProgress?: (message: string) => void;
}

/**
 * The forecasts a `kind: 'model'` backtest needs, as plain data for its worker: for every
 * distinct pair of the config, the registered version's record is read here (one row) and the
 * walk-forward retraining and forecasting run as a worker job, so the main thread neither
 * trains nor predicts. Pairs run as separate jobs (the pool decides how many at once).
 */
export class ModelForecastPreparer {
  private readonly repo: ModelRegistryRepo;

  constructor(private readonly deps: ModelForecastPreparerDeps) {
    this.repo = new ModelRegistryRepo(deps.store.db);
  }

  async forBacktest(config: BacktestConfig, context: PrepareContext = {}): Promise<ModelForecastSet[]> {
    const strategy = config.strategy;
    if (strategy.kind !== 'model') return [];
    const pairs = new Map(config.pairs.map((pair) => [`${pair.y}/${pair.x}`, { y: pair.y, x: pair.x }]));
    return this.forPairs([...pairs.values()].map((pair) => ({ modelId: strategy.modelId, ...pair })), context);
  }

  async forPairs(requests: readonly { readonly modelId: string; readonly y: string; readonly x: string }[], context: PrepareContext = {}): Promise<ModelForecastSet[]> {
    return Promise.all(
      requests.map(async (request) => {
        const record = this.repo.get(parseModelId(request.modelId));
        if (record === null) throw new AppError('CONFIG_INVALID', `strategy.modelId: no registered model version ${request.modelId}.`, { field: 'strategy.modelId' });
        const config = modelLabConfigSchema.parse(record.hyperparameters);
        const [y, x] = await Promise.all([this.deps.series(request.y), this.deps.series(request.x)]);
        return this.deps.runForecast(
          {
            modelId: request.modelId,
            config,
            state: record.state,
            canaryRiskShare: this.deps.canaryRiskShare(),
            y: { symbol: request.y, days: y.days, closes: y.closes },
            x: { symbol: request.x, days: x.days, closes: x.closes },
          },
          {
            ...(context.signal === undefined ? {} : { signal: context.signal }),
            onProgress: (_done, _total, message) => context.onProgress?.(message ?? `forecasting ${request.y}/${request.x}`),
          },
        );
      }),
    );
  }
}

function parseModelId(modelId: string): number {
  const id = Number(modelId);
  if (!Number.isSafeInteger(id) || id <= 0) throw new AppError('CONFIG_INVALID', `strategy.modelId: "${modelId}" is not a model version id.`, { field: 'strategy.modelId' });
  return id;
}
