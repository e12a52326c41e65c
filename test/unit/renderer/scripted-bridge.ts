import type { ArbdeskBridge } from '../../../src/shared/ipc/bridge';
import type { EventEnvelope, RequestEnvelope, ResponseEnvelope } from '../../../src/shared/ipc/envelope';
import type { IpcError } from '../../../src/shared/ipc/errors';

type Answer = { ok: true; value: unknown } | { ok: false; error: IpcError };
type Handler = (payload: unknown) => Answer | Promise<Answer>;

/**
 * Stands in for main at the bridge (the process boundary): answers each channel with a
 * scripted function and pushes events on demand. Everything above it (typed client, stores)
 * is the real code.
 */
export class ScriptedBridge implements ArbdeskBridge {
  readonly sent: RequestEnvelope[] = [];
  private readonly handlers = new Map<string, Handler>();
  private readonly listeners = new Set<(envelope: EventEnvelope) => void>();

  answer(channel: string, handler: (payload: unknown) => unknown): this {
    this.handlers.set(channel, async (payload) => ({ ok: true, value: await handler(payload) }));
    return this;
  }

  fail(channel: string, error: IpcError): this {
    this.handlers.set(channel, () => ({ ok: false, error }));
    return this;
  }

  /** Holds the answer until the returned function is called, to interleave events. */
  hold(channel: string, value: unknown): () => void {
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    this.handlers.set(channel, async () => {
      await gate;
      return { ok: true, value };
    });
    return () => release();
  }

  async invoke(envelope: RequestEnvelope): Promise<ResponseEnvelope> {
    this.sent.push(envelope);
    const handler = this.handlers.get(envelope.channel);
    if (handler === undefined) {
      return { type: 'response', id: envelope.id, ok: false, error: { code: 'UNKNOWN_CHANNEL', message: envelope.channel } };
    }
    const answer = await handler(envelope.payload);
    return answer.ok
      ? { type: 'response', id: envelope.id, ok: true, value: answer.value }
      : { type: 'response', id: envelope.id, ok: false, error: answer.error };
  }

  onEvent(listener: (envelope: EventEnvelope) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  push(event: string, payload: unknown): void {
    for (const listener of [...this.listeners]) listener({ type: 'event', event, payload });
  }

  payloadsOf(channel: string): unknown[] {
    return this.sent.filter((envelope) => envelope.channel === channel).map((envelope) => envelope.payload);
  }
}

/** Lets pending promise callbacks run (the client and stores chain a few awaits). */
export async function settle(): Promise<void> {
  for (let i = 0; i < 10; i += 1) await Promise.resolve();
}
