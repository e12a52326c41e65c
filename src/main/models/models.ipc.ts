import { formatIsoDate } from '../core/time/epoch-day';
import type { Handlers } from '../ipc/handler-registry';
import { searchConfigSchema } from './hyperparameter-search';
import { driftToWire, modelToWire } from './models-wire';
import type { ModelsService } from './models.service';

export type ModelsHandlers = Pick<
  Handlers,
  'models:train' | 'models:search' | 'models:list' | 'models:test-forecast' | 'models:promote' | 'models:rollback' | 'models:retire' | 'models:drift' | 'models:drift-check' | 'models:predict' | 'models:shadow-report' | 'models:search-trials'
>;

/**
 * Thin adapters from the channels to the models service; domain → wire happens here. The
 * renderer acts as 'user'; `confirmed` is a literal true in the schema, so an unconfirmed
 * change never reaches the service.
 */
export function createModelsHandlers(service: ModelsService, canaryRiskShare: () => number): ModelsHandlers {
  const wire = (record: Parameters<typeof modelToWire>[0]) => modelToWire(record, canaryRiskShare());
  return {
    'models:train': (request) => service.launchTraining(request, 'user'),
    'models:search': ({ method, trials, budgetSeconds, ...train }) =>
      service.launchSearch({ ...train, search: searchConfigSchema.parse({ method, trials, budgetMs: budgetSeconds * 1000 }) }, 'user'),
    'models:list': () => service.list().map(wire),
    'models:test-forecast': ({ modelId }) => {
      const forecast = service.testForecast(modelId);
      return { dates: forecast.days.map(formatIsoDate), predicted: forecast.predicted, actual: forecast.actual, target: service.registry.get(modelId).target };
    },
    'models:promote': ({ modelId, confirmed, reason }) => wire(service.promote(modelId, { actor: 'user', confirmed, reason: reason ?? null })),
    'models:rollback': ({ name, confirmed, reason }) => wire(service.rollback(name, { actor: 'user', confirmed, reason })),
    'models:retire': ({ modelId, confirmed, reason }) => wire(service.retire(modelId, { actor: 'user', confirmed, reason: reason ?? null })),
    'models:drift': ({ modelId, limit }) => service.driftChecks(modelId, limit).map(driftToWire),
    'models:predict': async ({ name }) =>
      (await service.predictDeployed(name)).map((row) => ({ modelId: row.modelId, date: formatIsoDate(row.day), mode: row.mode, inputHash: row.inputHash, prediction: row.prediction, actual: row.actual })),
    'models:search-trials': ({ modelId }) => service.searchTrials(modelId),
    'models:shadow-report': ({ challengerId }) => {
      const report = service.shadowReport(challengerId);
      const finite = (value: number): number | null => (Number.isFinite(value) ? value : null);
      return {
        championId: report.championId,
        challengerId: report.challengerId,
        dates: report.days.map(formatIsoDate),
        championMse: finite(report.championMse),
        challengerMse: finite(report.challengerMse),
        dieboldMariano: report.dieboldMariano,
      };
    },
    'models:drift-check': async ({ modelId }) => driftToWire(await service.checkDriftRecord(modelId)),
  };
}
