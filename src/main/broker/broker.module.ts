import type { Profile } from '../../shared/domain/system';
import type { CapabilityModule } from '../app/capability-module';
import type { BrokerStatusHolder } from './broker-status';
import type { BrokerDesk } from './broker-desk';
import { createBrokerHandlers, type BrokerHandlers } from './broker.ipc';
import { unwiredBrokerDesk } from './unwired-desk';

export interface BrokerModuleDeps {
  readonly profile: Profile;
  readonly status: BrokerStatusHolder;
}

export interface BrokerModule extends CapabilityModule<keyof BrokerHandlers> {
  readonly desk: BrokerDesk;
}

/** The broker area: the Broker port's adapter for the profile, its feeds and replay, and their channels. */
export function createBrokerModule(deps: BrokerModuleDeps): BrokerModule {
  const desk = unwiredBrokerDesk(deps.profile);
  return {
    name: 'broker',
    desk,
    handlers: createBrokerHandlers(deps.status, desk),
    async start() {},
    async stop() {},
  };
}
