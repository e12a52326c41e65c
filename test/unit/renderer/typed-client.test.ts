import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ArbdeskBridge } from '../../../src/shared/ipc/bridge';
import type { EventEnvelope, RequestEnvelope, ResponseEnvelope } from '../../../src/shared/ipc/envelope';
import { createTypedClient, newRandomRequestId, type ClientDiagnostics } from '../../../src/renderer/api/typed-client';
import type { TradingState } from '../../../src/shared/domain/trading';
import { tradingStateWith } from '../../helpers/trading-state';

/** A stand-in for the preload bridge: records what was sent and answers on demand. */
class FakeBridge implements ArbdeskBridge {
  readonly sent: RequestEnvelope[] = [];
  private readonly waiting = new Map<string, (response: unknown) => void>();
  private readonly listeners = new Set<(envelope: EventEnvelope) => void>();

  invoke(envelope: RequestEnvelope): Promise<ResponseEnvelope> {
    this.sent.push(envelope);
    return new Promise((resolve) => this.waiting.set(envelope.id, resolve as (response: unknown) => void));
  }

  onEvent(listener: (envelope: EventEnvelope) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  get listenerCount(): number {
    return this.listeners.size;
  }

  answer(id: string, response: unknown): void {
    const resolve = this.waiting.get(id);
    if (resolve === undefined) throw new Error(`no request ${id} waiting`);
    this.waiting.delete(id);
    resolve(response);
  }

  push(event: string, payload: unknown): void {
    for (const listener of this.listeners) listener({ type: 'event', event, payload });
  }
}

const tradingState: TradingState = tradingStateWith({ revision: 3 });
const haltedState: TradingState = tradingStateWith({ status: 'HALTED', reason: 'Manual halt from UI', revision: 4 });

function sequentialIds(): () => string {
  let next = 0;
  return () => `request-${String(++next).padStart(4, '0')}`;
}

function quietDiagnostics(): ClientDiagnostics & { invalid: string[]; failed: string[] } {
  const invalid: string[] = [];
  const failed: string[] = [];
  return {
    invalid,
    failed,
    invalidEvent: (event) => invalid.push(event),
    listenerFailed: (event) => failed.push(event),
  };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('typed client invoke', () => {
  it('sends a request envelope and resolves the parsed value of the matching response', async () => {
    const bridge = new FakeBridge();
    const client = createTypedClient(bridge, { newRequestId: sequentialIds() });
    const pending = client.invoke('trading:halt', { reason: 'Manual halt from UI' });
    expect(bridge.sent).toEqual([
      { type: 'request', id: 'request-0001', channel: 'trading:halt', payload: { reason: 'Manual halt from UI' } },
    ]);
    bridge.answer('request-0001', {
      type: 'response',
      id: 'request-0001',
      ok: true,
      value: haltedState,
    });
    const result = await pending;
    expect(result).toEqual({ ok: true, value: haltedState });
  });

  it('matches concurrent answers to their own requests when they arrive out of order', async () => {
    const bridge = new FakeBridge();
    const client = createTypedClient(bridge, { newRequestId: sequentialIds() });
    const first = client.invoke('jobs:cancel', { jobId: 'job-a' });
    const second = client.invoke('jobs:cancel', { jobId: 'job-b' });
    const progress = (jobId: string) => ({
      jobId,
      kind: 'import',
      state: 'cancelled',
      done: 1,
      total: 2,
      startedAt: 1,
      updatedAt: 2,
    });
    bridge.answer('request-0002', { type: 'response', id: 'request-0002', ok: true, value: progress('job-b') });
    bridge.answer('request-0001', { type: 'response', id: 'request-0001', ok: true, value: progress('job-a') });
    const [a, b] = await Promise.all([first, second]);
    expect(a.ok && a.value.jobId).toBe('job-a');
    expect(b.ok && b.value.jobId).toBe('job-b');
  });

  it('returns a server-side error as a value, untouched', async () => {
    const bridge = new FakeBridge();
    const client = createTypedClient(bridge, { newRequestId: sequentialIds() });
    const pending = client.invoke('data:bars', { symbol: 'ZZZZ' });
    const error = { code: 'NOT_FOUND', message: 'No bars for ZZZZ.', details: { symbol: 'ZZZZ' } };
    bridge.answer('request-0001', { type: 'response', id: 'request-0001', ok: false, error });
    await expect(pending).resolves.toEqual({ ok: false, error });
  });

  it('turns a response that breaks the contract into an INTERNAL error naming the field', async () => {
    const bridge = new FakeBridge();
    const client = createTypedClient(bridge, { newRequestId: sequentialIds() });
    const pending = client.invoke('trading:state', {});
    bridge.answer('request-0001', {
      type: 'response',
      id: 'request-0001',
      ok: true,
      value: { ...tradingState, revision: 'three' },
    });
    const result = await pending;
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe('INTERNAL');
    expect(result.error.details?.['issues']).toEqual([expect.objectContaining({ path: 'revision' })]);
  });

  it('refuses an answer that carries another request id', async () => {
    const bridge = new FakeBridge();
    const client = createTypedClient(bridge, { newRequestId: sequentialIds() });
    const pending = client.invoke('trading:state', {});
    bridge.answer('request-0001', { type: 'response', id: 'someone-else', ok: true, value: tradingState });
    const result = await pending;
    expect(!result.ok && result.error.code).toBe('INTERNAL');
  });

  it('rejects an invalid request locally with BAD_REQUEST and sends nothing', async () => {
    const bridge = new FakeBridge();
    const client = createTypedClient(bridge, { newRequestId: sequentialIds() });
    const result = await client.invoke('trading:halt', { reason: '   ' });
    expect(!result.ok && result.error.code).toBe('BAD_REQUEST');
    expect(bridge.sent).toEqual([]);
  });

  it('answers TIMEOUT when main stays silent past the deadline, and ignores the late answer', async () => {
    vi.useFakeTimers();
    const bridge = new FakeBridge();
    const client = createTypedClient(bridge, { newRequestId: sequentialIds(), timeoutMs: 5000 });
    const pending = client.invoke('system:info', {});
    await vi.advanceTimersByTimeAsync(5000);
    const result = await pending;
    expect(result).toEqual({
      ok: false,
      error: {
        code: 'TIMEOUT',
        message: 'system:info did not answer within 5000 ms.',
        details: { channel: 'system:info', timeoutMs: 5000, requestId: 'request-0001' },
      },
    });
    expect(() =>
      bridge.answer('request-0001', { type: 'response', id: 'request-0001', ok: true, value: tradingState }),
    ).not.toThrow();
  });

  it('maps a rejected bridge call (transport failure) to UNAVAILABLE instead of throwing', async () => {
    const bridge: ArbdeskBridge = {
      invoke: () => Promise.reject(new Error('IPC channel closed')),
      onEvent: () => () => undefined,
    };
    const client = createTypedClient(bridge, { newRequestId: sequentialIds() });
    const result = await client.invoke('system:info', {});
    expect(!result.ok && result.error).toEqual({
      code: 'UNAVAILABLE',
      message: 'Could not reach ArbDesk to call system:info: IPC channel closed',
      details: { channel: 'system:info', requestId: 'request-0001' },
    });
  });
});

describe('typed client events', () => {
  it('delivers validated payloads to listeners of that event only', () => {
    const bridge = new FakeBridge();
    const client = createTypedClient(bridge, { diagnostics: quietDiagnostics() });
    const states: TradingState[] = [];
    const jobs: string[] = [];
    client.on('trading:state', (state) => states.push(state));
    client.on('job:progress', (progress) => jobs.push(progress.jobId));
    bridge.push('trading:state', tradingState);
    expect(states).toEqual([tradingState]);
    expect(jobs).toEqual([]);
  });

  it('drops and reports a payload that breaks the contract', () => {
    const bridge = new FakeBridge();
    const diagnostics = quietDiagnostics();
    const client = createTypedClient(bridge, { diagnostics });
    const states: TradingState[] = [];
    client.on('trading:state', (state) => states.push(state));
    bridge.push('trading:state', { ...tradingState, global: { ...tradingState.global, status: 'PAUSED' } });
    expect(states).toEqual([]);
    expect(diagnostics.invalid).toEqual(['trading:state']);
  });

  it('keeps delivering to other listeners when one throws', () => {
    const bridge = new FakeBridge();
    const diagnostics = quietDiagnostics();
    const client = createTypedClient(bridge, { diagnostics });
    const seen: number[] = [];
    client.on('trading:state', () => {
      throw new Error('broken view');
    });
    client.on('trading:state', (state) => seen.push(state.revision));
    bridge.push('trading:state', tradingState);
    expect(seen).toEqual([3]);
    expect(diagnostics.failed).toEqual(['trading:state']);
  });

  it('stops delivering after unsubscribe and releases the bridge when nobody listens', () => {
    const bridge = new FakeBridge();
    const client = createTypedClient(bridge, { diagnostics: quietDiagnostics() });
    const seen: number[] = [];
    const off = client.on('trading:state', (state) => seen.push(state.revision));
    expect(bridge.listenerCount).toBe(1);
    off();
    off();
    bridge.push('trading:state', tradingState);
    expect(seen).toEqual([]);
    expect(bridge.listenerCount).toBe(0);
  });
});

describe('request ids', () => {
  it('are url-safe and within the envelope length limits', () => {
    const id = newRandomRequestId();
    expect(id).toMatch(/^[A-Za-z0-9_-]{8,64}$/);
    expect(newRandomRequestId()).not.toBe(id);
  });
});
