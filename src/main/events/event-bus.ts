import type { EventEnvelope } from '../../shared/ipc/envelope';
import { events, type EventName, type EventPayload } from '../../shared/ipc/contract';

export type EventListener = (envelope: EventEnvelope) => void;

/**
 * Pushes contract events to every connected renderer, whichever transport it uses.
 * Payloads are validated on the way out so a bug in main cannot send the UI garbage.
 */
export class EventBus {
  private readonly listeners = new Set<EventListener>();

  publish<E extends EventName>(event: E, payload: EventPayload<E>): void {
    const parsed = events[event].payload.parse(payload);
    const envelope: EventEnvelope = { type: 'event', event, payload: parsed };
    for (const listener of [...this.listeners]) listener(envelope);
  }

  /** Returns the function that removes the listener again. */
  subscribe(listener: EventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  get listenerCount(): number {
    return this.listeners.size;
  }
}
