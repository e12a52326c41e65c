import type { BrokerStatusHolder } from '../../broker/broker-status';
import type { Handlers } from '../handler-registry';

export function createBrokerHandlers(status: BrokerStatusHolder): Pick<Handlers, 'broker:status'> {
  return { 'broker:status': () => status.current() };
}
