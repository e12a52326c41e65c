import { createConnection } from 'node:net';
import { controlReplySchema, MAX_CONTROL_LINE, type ControlReply, type ControlRequest } from './core/control-protocol';

export type ControlOutcome =
  | { readonly kind: 'reply'; readonly reply: ControlReply }
  /** Connected (or connecting) but no full answer within the time limit: a hung instance. */
  | { readonly kind: 'timeout' }
  /** Nothing listens there (no socket, connection refused): no instance, or a crashed one. */
  | { readonly kind: 'unreachable'; readonly detail: string };

/**
 * Sends one request over the control channel and waits at most `timeoutMs` for the one-line
 * reply. Never throws for the other side's failures: the caller decides what "no answer" means
 * (for `arbdesk halt`, writing HALTED itself).
 */
export function sendControlRequest(endpoint: string, request: ControlRequest, timeoutMs: number): Promise<ControlOutcome> {
  return new Promise((resolve) => {
    let settled = false;
    let buffer = '';
    const socket = createConnection(endpoint);
    const finish = (outcome: ControlOutcome): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      resolve(outcome);
    };
    const timer = setTimeout(() => finish({ kind: 'timeout' }), timeoutMs);
    socket.setEncoding('utf8');
    socket.on('connect', () => socket.write(`${JSON.stringify(request)}\n`));
    socket.on('data', (chunk: string) => {
      buffer += chunk;
      const newline = buffer.indexOf('\n');
      if (newline === -1) {
        if (buffer.length > MAX_CONTROL_LINE) finish({ kind: 'unreachable', detail: 'the control endpoint answered with something that is not ArbDesk' });
        return;
      }
      const parsed = controlReplySchema.safeParse(parseJson(buffer.slice(0, newline)));
      finish(parsed.success ? { kind: 'reply', reply: parsed.data } : { kind: 'unreachable', detail: 'the control endpoint answered with something that is not ArbDesk' });
    });
    socket.on('error', (error: NodeJS.ErrnoException) => finish({ kind: 'unreachable', detail: `${error.code ?? 'error'}: ${error.message}` }));
    socket.on('close', () => finish({ kind: 'unreachable', detail: 'the instance closed the connection without answering' }));
  });
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    // Not JSON: the schema check that follows reports it as a foreign answer.
    return undefined;
  }
}
