import type { Logger } from 'pino';
import type { EventName, EventPayload } from '../../shared/ipc/contract';

/** A listener for one event; it receives that event's payload type, not `unknown`. */
export type EventListener<E extends EventName> = (payload: EventPayload<E>) => void;

/** What a transport receives: every event, still unvalidated (see transport-events.ts). */
export interface PublishedEvent {
  readonly event: EventName;
  readonly payload: unknown;
}
export type AnyEventListener = (published: PublishedEvent) => void;

export interface EventBusOptions {
  /** Where a throwing listener is reported. Optional so pure tests need no logger. */
  readonly logger?: Logger;
  /** Counted in the metrics registry (listener failures by event). */
  readonly onListenerError?: (event: EventName, error: unknown) => void;
}

/**
 * The in-process event bus of main. Publishing is synchronous and never throws because of a
 * listener: the kill switch publishes `trading:state` before it persists the halt, so a
 * listener that throws must not skip the persist. Each listener runs in its own try/catch;
 * its failure is logged and counted, and the remaining listeners still run.
 *
 * Payloads are not parsed here. They are typed at compile time by the contract, and the
 * transports validate them with the contract's schema just before they leave the process
 * (src/main/events/transport-events.ts), so an in-process publisher pays no zod cost.
 */
export class EventBus {
  private readonly typed = new Map<EventName, Set<(payload: never) => void>>();
  private readonly all = new Set<AnyEventListener>();
  private reporting = false;

  constructor(private readonly options: EventBusOptions = {}) {}

  publish<E extends EventName>(event: E, payload: EventPayload<E>): void {
    const listeners = this.typed.get(event);
    if (listeners !== undefined) {
      for (const listener of [...listeners]) this.call(event, () => (listener as EventListener<E>)(payload));
    }
    if (this.all.size === 0) return;
    const published: PublishedEvent = { event, payload };
    for (const listener of [...this.all]) this.call(event, () => listener(published));
  }

  /** Listens to one event with its payload type. Returns the function that removes it. */
  subscribe<E extends EventName>(event: E, listener: EventListener<E>): () => void {
    let listeners = this.typed.get(event);
    if (listeners === undefined) {
      listeners = new Set();
      this.typed.set(event, listeners);
    }
    const entry = listener as (payload: never) => void;
    listeners.add(entry);
    return () => {
      listeners.delete(entry);
    };
  }

  /** Every event, for the transports that forward them to renderers. */
  subscribeAll(listener: AnyEventListener): () => void {
    this.all.add(listener);
    return () => {
      this.all.delete(listener);
    };
  }

  get listenerCount(): number {
    let count = this.all.size;
    for (const listeners of this.typed.values()) count += listeners.size;
    return count;
  }

  private call(event: EventName, run: () => void): void {
    try {
      run();
    } catch (error) {
      this.options.onListenerError?.(event, error);
      // Logging publishes `log:entry`; a listener of that event that throws would recurse.
      if (this.reporting) return;
      this.reporting = true;
      try {
        this.options.logger?.error({ err: error, event }, 'an event listener threw; the other listeners and the publisher carried on');
      } finally {
        this.reporting = false;
      }
    }
  }
}
