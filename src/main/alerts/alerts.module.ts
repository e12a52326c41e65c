import type Database from 'better-sqlite3';
import type { Logger } from 'pino';
import type { AlertsConfig } from '../../shared/domain/alerts-config';
import type { CapabilityModule } from '../app/capability-module';
import type { Clock } from '../core/time/clock';
import type { EventBus } from '../events/event-bus';
import { alertsMigration } from '../store/trading-migrations/0005-alerts';
import { createAlertsRepo, type AlertStore } from '../store/repos/alerts.repo';
import { readUserVersion } from '../store/migrate';
import { subscribeAlertSources } from './alert-sources';
import { createAlertsHandlers, type AlertsChannel } from './alerts.ipc';
import { AlertsService, type AlertForwarder } from './alerts.service';
import { createMemoryAlertStore } from './memory-alert-store';
import type { Keychain } from '../secrets/keychain';
import { WEBHOOK_ROUTING_KEY_ACCOUNT, WEBHOOK_URL_ACCOUNT, WebhookSender } from './webhook/webhook-sender';

export interface AlertsModule extends CapabilityModule<AlertsChannel> {
  /** The sink every area raises through. */
  readonly service: AlertsService;
}

export interface AlertsModuleDeps {
  readonly tradingDb: Database.Database;
  readonly events: EventBus;
  readonly clock: Clock;
  readonly config: AlertsConfig;
  readonly logger: Logger;
  readonly webhook?: AlertForwarder;
}

export function createAlertsModule(deps: AlertsModuleDeps): AlertsModule {
  const store = openAlertStore(deps.tradingDb, deps.logger);
  const service = new AlertsService({ store, events: deps.events, clock: deps.clock, config: () => deps.config, logger: deps.logger, ...(deps.webhook === undefined ? {} : { webhook: deps.webhook }) });
  let stopSources: (() => void) | null = null;
  return {
    name: 'alerts',
    service,
    handlers: createAlertsHandlers(service),
    async start() {
      stopSources = subscribeAlertSources(deps.events, service);
    },
    async stop() {
      stopSources?.();
      stopSources = null;
    },
  };
}

/** The alerts table once trading migration 0005 ran; until then alerts live for this run only. */
function openAlertStore(db: Database.Database, logger: Logger): AlertStore {
  if (readUserVersion(db) >= alertsMigration.version) return createAlertsRepo(db);
  logger.warn({ needs: alertsMigration.version }, 'the trading database has no alerts table yet: alerts are kept in memory for this run');
  return createMemoryAlertStore();
}

/** The webhook, its URL (and PagerDuty routing key) read from the OS keychain at each delivery. */
export function createWebhookSender(deps: { readonly config: AlertsConfig; readonly keychain: Pick<Keychain, 'getSecret'>; readonly logger: Logger }): WebhookSender {
  return new WebhookSender({
    config: () => deps.config.webhook,
    logger: deps.logger,
    target: async () => {
      const url = await deps.keychain.getSecret(WEBHOOK_URL_ACCOUNT);
      if (url === null) return null;
      return { url, routingKey: await deps.keychain.getSecret(WEBHOOK_ROUTING_KEY_ACCOUNT) };
    },
  });
}
