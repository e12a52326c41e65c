import type { Handlers } from '../ipc/handler-registry';
import type { AlertsService } from './alerts.service';

export type AlertsChannel = 'alerts:list' | 'alerts:acknowledge';

export function createAlertsHandlers(service: AlertsService): Pick<Handlers, AlertsChannel> {
  return {
    'alerts:list': (query) => service.list(query),
    'alerts:acknowledge': ({ ids }) => ({ acknowledged: service.acknowledge(ids, 'user') }),
  };
}
