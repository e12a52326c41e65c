import type { Handlers } from '../ipc/handler-registry';
import type { RiskService } from './risk.service';

export type RiskChannel = 'risk:limits-get' | 'risk:limits-set' | 'risk:decisions' | 'risk:status' | 'risk:heartbeat';

export function createRiskHandlers(service: RiskService): Pick<Handlers, RiskChannel> {
  return {
    'risk:limits-get': () => service.limits(),
    'risk:limits-set': ({ risk, reason }) => service.setLimits(risk, 'user', reason),
    'risk:decisions': ({ limit }) => service.recentDecisions(limit),
    'risk:status': () => service.status(),
    'risk:heartbeat': () => service.heartbeat(),
  };
}
