import type { AppCore } from '../../src/main/app/create-app-core';
import type { PublishedEvent } from '../../src/main/events/event-bus';
import type { ResponseEnvelope } from '../../src/shared/ipc/envelope';

/**
 * The contract through the app's real registry (envelope and payload validation, handler,
 * response validation), minus the socket: what the IPC integration tests call. `core` is a
 * getter because the tests start their app in `beforeAll`.
 */
export interface RegistryClient {
  call(channel: string, payload: unknown): Promise<ResponseEnvelope>;
  /** The answer's value; a refused request throws with its code and message. */
  value<T>(channel: string, payload: unknown): Promise<T>;
}

export function registryClient(core: () => Pick<AppCore, 'registry'>, idPrefix: string): RegistryClient {
  let sequence = 0;
  const call = async (channel: string, payload: unknown): Promise<ResponseEnvelope> => {
    sequence += 1;
    return core().registry.dispatch({ type: 'request', id: `${idPrefix}-${String(sequence).padStart(6, '0')}`, channel, payload }, 'browser');
  };
  return {
    call,
    async value<T>(channel: string, payload: unknown): Promise<T> {
      const response = await call(channel, payload);
      if (!response.ok) throw new Error(`${channel} failed: ${response.error.code} ${response.error.message}`);
      return response.value as T;
    },
  };
}

/** The next event `name` on the app's bus whose payload passes `predicate`. */
export function nextAppEvent(core: Pick<AppCore, 'events'>, name: string, predicate: (payload: unknown) => boolean = () => true): Promise<PublishedEvent> {
  return new Promise((resolve) => {
    const unsubscribe = core.events.subscribeAll((envelope) => {
      if (envelope.event === name && predicate(envelope.payload)) {
        unsubscribe();
        resolve(envelope);
      }
    });
  });
}
