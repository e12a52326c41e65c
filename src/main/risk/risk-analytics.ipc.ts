import type { Handlers } from '../ipc/handler-registry';
import { monteCarloToWire, snapshotToWire, stressToWire } from './risk-analytics-wire';
import type { RiskAnalyticsService, RiskAnalyticsSettings } from './risk-analytics.service';

export type RiskAnalyticsHandlers = Pick<Handlers, 'risk:analytics' | 'risk:stress' | 'risk:montecarlo'>;

/** One service call per channel, plus the domain → wire mapping. */
export function createRiskAnalyticsHandlers(service: RiskAnalyticsService, settings: () => RiskAnalyticsSettings): RiskAnalyticsHandlers {
  return {
    'risk:analytics': async () => snapshotToWire(await service.snapshot(), settings()),
    'risk:stress': async (shocks) =>
      stressToWire(
        await service.stress({
          ...(shocks.name !== undefined ? { name: shocks.name } : {}),
          ...(shocks.market !== undefined ? { market: shocks.market } : {}),
          sectors: Object.fromEntries(shocks.sectors.map((entry) => [entry.sector, entry.shock])),
          symbols: Object.fromEntries(shocks.symbols.map((entry) => [entry.symbol, entry.shock])),
        }),
      ),
    'risk:montecarlo': async (request) =>
      monteCarloToWire(
        await service.monteCarlo({
          ...(request.horizonDays !== undefined ? { horizonDays: request.horizonDays } : {}),
          ...(request.paths !== undefined ? { paths: request.paths } : {}),
          ...(request.blockLength !== undefined ? { blockLength: request.blockLength } : {}),
          ...(request.seed !== undefined ? { seed: request.seed } : {}),
        }),
      ),
  };
}
