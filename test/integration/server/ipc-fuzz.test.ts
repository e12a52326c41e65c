import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requestChannels, requests } from '../../../src/shared/ipc/contract';
import { MAX_REQUEST_BYTES } from '../../../src/shared/ipc/envelope';
import { errorCodes } from '../../../src/shared/ipc/errors';
import { databaseDigest } from '../../helpers/db-snapshot';
import { startInProcessApp, type InProcessApp } from '../../helpers/in-process-app';
import { connectRaw, type RawClient } from '../../helpers/ws-client';

let app: InProcessApp;
let client: RawClient;
beforeAll(async () => {
  app = await startInProcessApp();
  client = await connectRaw(app.server.port, { token: app.token });
});
afterAll(async () => {
  client.close();
  await app.close();
});

const requestId = fc.stringMatching(/^[A-Za-z0-9_-]{8,32}$/);
const envelope = (id: string, channel: string, payload: unknown): string => JSON.stringify({ type: 'request', id, channel, payload });

/** Messages that can never be valid requests, by construction. */
const notJson = fc.string({ maxLength: 300 }).filter((text) => {
  try {
    JSON.parse(text);
  } catch {
    return true;
  }
  return false;
});
const wrongShape = fc.oneof(
  fc.jsonValue().filter((value) => typeof value !== 'object' || value === null || Array.isArray(value)),
  fc.record({ type: fc.constantFrom('request', 'response', 'event', 'x'), id: fc.anything(), channel: fc.anything() }, { requiredKeys: [] }),
  fc.record({ type: fc.constant('request'), id: fc.string({ maxLength: 7 }), channel: fc.constantFrom(...requestChannels), payload: fc.constant({}) }),
);
const unknownChannel = fc
  .tuple(requestId, fc.string({ minLength: 1, maxLength: 64 }), fc.jsonValue())
  .filter(([, channel]) => !Object.hasOwn(requests, channel))
  .map(([id, channel, payload]) => envelope(id, channel, payload));
// Judged after a JSON round trip, since that is what the server parses.
const badPayload = fc
  .tuple(requestId, fc.constantFrom(...requestChannels), fc.anything({ withNullPrototype: false, maxDepth: 3 }))
  .map(([id, channel, payload]) => ({ channel, text: envelope(id, channel, payload) }))
  .filter(({ channel, text }) => !requests[channel].request.safeParse((JSON.parse(text) as { payload?: unknown }).payload).success)
  .map(({ text }) => text);
const oversized = fc
  .tuple(requestId, fc.integer({ min: 1, max: 4 }))
  .map(([id, times]) => envelope(id, 'trading:halt', { reason: 'x'.repeat(MAX_REQUEST_BYTES * times) }));

type Message = { text: string; binary: boolean };
const message: fc.Arbitrary<Message> = fc.oneof(
  { weight: 3, arbitrary: notJson.map((text) => ({ text, binary: false })) },
  { weight: 3, arbitrary: wrongShape.map((value) => ({ text: JSON.stringify(value) ?? 'undefined', binary: false })) },
  { weight: 3, arbitrary: unknownChannel.map((text) => ({ text, binary: false })) },
  { weight: 6, arbitrary: badPayload.map((text) => ({ text, binary: false })) },
  { weight: 1, arbitrary: oversized.map((text) => ({ text, binary: false })) },
  { weight: 1, arbitrary: fc.string({ maxLength: 100 }).map((text) => ({ text, binary: true })) },
);

describe('IPC over WebSocket under malformed input', () => {
  it('answers 1,500 malformed, oversized and unknown-channel messages with typed errors, stays up and writes nothing', async () => {
    const before = databaseDigest(app.core.store.db);
    const seenCodes = new Set<string>();
    let count = 0;
    await fc.assert(
      fc.asyncProperty(message, async ({ text, binary }) => {
        const response = await client.request(binary ? Buffer.from(text) : text, { binary });
        count += 1;
        expect(response.ok).toBe(false);
        if (response.ok) return;
        expect(errorCodes).toContain(response.error.code);
        expect(typeof response.error.message).toBe('string');
        expect(JSON.stringify(response)).not.toMatch(/\bat .+\(.+:\d+:\d+\)/); // no stack traces
        seenCodes.add(response.error.code);
      }),
      { numRuns: 1500 },
    );
    expect(count).toBeGreaterThanOrEqual(1500);
    expect([...seenCodes].sort()).toEqual(['BAD_REQUEST', 'PAYLOAD_TOO_LARGE', 'UNKNOWN_CHANNEL']);

    // Still up, same connection and a new one, and nothing was written.
    const alive = await client.request(envelope('alive-0001', 'trading:state', {}));
    expect(alive).toMatchObject({ ok: true, value: { global: { status: 'ACTIVE' } } });
    const fresh = await connectRaw(app.server.port, { token: app.token });
    await expect(fresh.request(envelope('alive-0002', 'system:info', {}))).resolves.toMatchObject({ ok: true });
    fresh.close();
    expect(databaseDigest(app.core.store.db)).toBe(before);
  });
});
