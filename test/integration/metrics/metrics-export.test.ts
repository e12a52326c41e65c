import { randomBytes } from 'node:crypto';
import { request } from 'node:http';
import path from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EventBus } from '../../../src/main/events/event-bus';
import { createIpcRegistry, type Handlers } from '../../../src/main/ipc/handler-registry';
import { AppMetrics } from '../../../src/main/metrics/app-metrics';
import { createScrapeTokenSource, SCRAPE_TOKEN_ACCOUNT } from '../../../src/main/metrics/scrape-token';
import { createKeychain } from '../../../src/main/secrets/keychain';
import { createAccessToken } from '../../../src/main/server/access-token';
import { startBrowserServer, type BrowserServer } from '../../../src/main/server/browser-server';
import { metricsSnapshotSchema, scrapeAccessSchema } from '../../../src/shared/domain/metrics';
import { startInProcessApp, type InProcessApp } from '../../helpers/in-process-app';
import { connectRaw } from '../../helpers/ws-client';

const silent = pino({ level: 'silent' });

function get(port: number, pathname: string, headers: Record<string, string> = {}): Promise<{ status: number; type: string; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path: pathname, headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, type: String(res.headers['content-type'] ?? ''), body }));
    });
    req.on('error', reject);
    req.end();
  });
}

const requestText = (id: number, channel: string): string =>
  JSON.stringify({ type: 'request', id: `req-${String(id).padStart(8, '0')}`, channel, payload: {} });

describe('metrics registry through the real core', () => {
  let app: InProcessApp;
  beforeAll(async () => {
    app = await startInProcessApp();
  });
  afterAll(async () => app.close());

  it('N IPC calls count N in the latency histogram, in the snapshot and in the Prometheus text', async () => {
    const client = await connectRaw(app.server.port, { token: app.token });
    const calls = 7;
    try {
      for (let i = 0; i < calls; i += 1) expect((await client.request(requestText(i, 'trading:state'))).ok).toBe(true);
      // An unknown channel and a bad payload are errors by area and code, not latency samples.
      await client.request(requestText(100, 'nope:nothing'));
      await client.request(JSON.stringify({ type: 'request', id: 'req-00000101', channel: 'logs:tail', payload: { limit: -1 } }));
      const response = await client.request(requestText(200, 'system:metrics'));
      expect(response.ok).toBe(true);
      const snapshot = metricsSnapshotSchema.parse(response.ok ? response.value : null);
      expect(snapshot.ipc.find((entry) => entry.channel === 'trading:state')?.count).toBe(calls);
      expect(snapshot.errors).toEqual(
        expect.arrayContaining([
          { area: 'ipc', code: 'UNKNOWN_CHANNEL', count: 1 },
          { area: 'logs', code: 'BAD_REQUEST', count: 1 },
        ]),
      );
      expect(snapshot.jobs).toEqual({ queued: 0, running: 0 });
    } finally {
      client.close();
    }
    const text = await app.core.metrics.prometheusText();
    expect(text).toContain(`arbdesk_ipc_request_duration_seconds_count{channel="trading:state",outcome="ok"} ${calls}`);
    expect(text).toMatch(/arbdesk_event_loop_lag_seconds\{stat="p99"\} [0-9.e-]+/);
  });

  it('counts a throwing event listener under errors{area="events"} without disturbing the publisher', async () => {
    const unsubscribe = app.core.events.subscribe('alert', () => {
      throw new Error('listener bug');
    });
    app.core.events.publish('alert', { id: 'x', time: 1, severity: 'info', title: 't', message: 'm' });
    unsubscribe();
    const snapshot = await app.core.metrics.snapshot();
    expect(snapshot.errors).toContainEqual({ area: 'events', code: 'LISTENER_THREW', count: 1 });
  });
});

/*
 * The scrape token lives in the real OS keychain (see test/integration/secrets/keychain.test.ts
 * for how `npm test` provides one and makes its absence a failure on Linux).
 */
const required = process.env['ARBDESK_REQUIRE_KEYCHAIN'] === '1';
const serviceName = `ArbDesk-test-${randomBytes(6).toString('hex')}`;
const realKeychain = createKeychain({ logger: silent, serviceName });
const probe = await realKeychain.status();
if (!probe.available && !required) console.warn(`/metrics keychain test skipped: ${probe.detail}`);

async function metricsServer(keychain: ReturnType<typeof createKeychain>): Promise<{ server: BrowserServer; token: string; metrics: AppMetrics }> {
  const metrics = new AppMetrics({ jobDepth: () => ({ queued: 2, running: 1 }) });
  const token = createAccessToken();
  const registry = createIpcRegistry({} as Handlers, silent);
  const server = await startBrowserServer({
    host: '127.0.0.1',
    port: 0,
    token,
    staticRoot: path.join(process.cwd(), 'dist', 'renderer'),
    registry,
    events: new EventBus(),
    logger: silent,
    metrics: { metrics, scrapeToken: createScrapeTokenSource(keychain, silent) },
  });
  return { server, token, metrics };
}

describe.skipIf(!probe.available && !required)('GET /metrics behind the keychain scrape token', () => {
  let served: Awaited<ReturnType<typeof metricsServer>>;
  beforeAll(async () => {
    served = await metricsServer(realKeychain);
  });
  afterAll(async () => {
    await served.server.close();
    served.metrics.stop();
    await realKeychain.deleteSecret(SCRAPE_TOKEN_ACCOUNT);
  });

  it('refuses a scrape without a token (401), with a wrong one or the per-launch token (403), and serves text with the right one', async () => {
    const port = served.server.port;
    const missing = await get(port, '/metrics');
    expect(missing.status).toBe(401);

    const scrape = await createScrapeTokenSource(realKeychain, silent).current();
    expect(scrape.enabled).toBe(true);
    const token = scrape.enabled ? scrape.token : '';
    // Created on first use and stored: a second source (a restart) reads the same token.
    expect(await realKeychain.getSecret(SCRAPE_TOKEN_ACCOUNT)).toBe(token);

    expect((await get(port, '/metrics', { authorization: `Bearer ${token.slice(0, -1)}x` })).status).toBe(403);
    expect((await get(port, '/metrics', { authorization: `Bearer ${served.token}` })).status).toBe(403);
    expect((await get(port, '/metrics', { authorization: token })).status).toBe(401);

    const ok = await get(port, '/metrics', { authorization: `Bearer ${token}` });
    expect(ok.status).toBe(200);
    expect(ok.type).toBe('text/plain; version=0.0.4; charset=utf-8');
    expect(ok.body).toContain('# TYPE arbdesk_ipc_request_duration_seconds histogram');
    expect(ok.body).toContain('arbdesk_job_queue_depth{state="queued"} 2');
    expect(served.server.metricsUrl).toBe(`http://127.0.0.1:${port}/metrics`);
  });
});

describe('GET /metrics without a keychain', () => {
  it('is disabled and says why, for every request, and Settings is told the same', async () => {
    // The keychain module itself is missing: the external boundary, replaced.
    const keychain = createKeychain({ logger: silent, serviceName, loadBackend: () => Promise.reject(new Error('keytar is not installed')) });
    const served = await metricsServer(keychain);
    try {
      const refused = await get(served.server.port, '/metrics', { authorization: 'Bearer anything' });
      expect(refused.status).toBe(503);
      expect(refused.body).toContain('The /metrics export is disabled because its scrape token must live in the OS keychain.');
      expect(refused.body).toContain('keytar is not installed');
    } finally {
      await served.server.close();
      served.metrics.stop();
    }
  });
});

describe('system:metrics-access in Settings', () => {
  // The core uses the real "ArbDesk" keychain service; only touch it in npm test's throwaway keyring.
  const ownKeyring = process.env['ARBDESK_TEST_SESSION'] === '1';
  it.skipIf(probe.available && !ownKeyring)('reports the scrape address of this server, and the token or why there is none', async () => {
    const app = await startInProcessApp();
    try {
      const client = await connectRaw(app.server.port, { token: app.token });
      const response = await client.request(requestText(1, 'system:metrics-access'));
      client.close();
      const access = scrapeAccessSchema.parse(response.ok ? response.value : null);
      expect(access.url).toBe(`http://127.0.0.1:${app.server.port}/metrics`);
      expect(access.enabled).toBe(probe.available);
      if (access.enabled) {
        expect(access.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
        await app.core.keychain.deleteSecret(SCRAPE_TOKEN_ACCOUNT);
      } else expect(access.detail).toContain('disabled');
    } finally {
      await app.close();
    }
  });
});
