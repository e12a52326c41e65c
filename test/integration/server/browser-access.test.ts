import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { request } from 'node:http';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBrowserServer } from '../../../src/main/server/browser-server';
import { connectRaw } from '../../helpers/ws-client';
import { startInProcessApp, type InProcessApp } from '../../helpers/in-process-app';

let app: InProcessApp;
beforeAll(async () => {
  app = await startInProcessApp();
});
afterAll(async () => app.close());

const validRequest = JSON.stringify({ type: 'request', id: 'req-00000001', channel: 'trading:state', payload: {} });

describe('browser mode access control', () => {
  it('accepts the right token, Origin and Host and answers a typed request', async () => {
    const client = await connectRaw(app.server.port, { token: app.token });
    const response = await client.request(validRequest);
    client.close();
    expect(response).toMatchObject({ id: 'req-00000001', ok: true, value: { profile: 'paper', global: { status: 'ACTIVE' } } });
  });

  it('refuses an upgrade without a token', async () => {
    await expect(connectRaw(app.server.port, {})).rejects.toThrow('HTTP 401');
  });

  it('refuses an upgrade with a wrong token, even one differing in a single character', async () => {
    const last = app.token.at(-1) === 'A' ? 'B' : 'A';
    await expect(connectRaw(app.server.port, { token: app.token.slice(0, -1) + last })).rejects.toThrow('HTTP 401');
    await expect(connectRaw(app.server.port, { token: `${app.token}x` })).rejects.toThrow('HTTP 401');
  });

  it('refuses a foreign Origin even with the right token (cross-site WebSocket hijacking)', async () => {
    await expect(connectRaw(app.server.port, { token: app.token, origin: 'https://evil.example' })).rejects.toThrow('HTTP 403');
    await expect(connectRaw(app.server.port, { token: app.token, origin: 'null' })).rejects.toThrow('HTTP 403');
  });

  it('refuses a foreign Host header even with the right token (DNS rebinding)', async () => {
    const host = `attacker.example:${app.server.port}`;
    await expect(
      connectRaw(app.server.port, { token: app.token, host, origin: `http://attacker.example:${app.server.port}` }),
    ).rejects.toThrow('HTTP 403');
  });

  it('refuses plain HTTP requests whose Host is foreign', async () => {
    const status = await new Promise<number>((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port: app.server.port, path: '/', headers: { host: 'rebound.example' } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      req.end();
    });
    expect(status).toBe(421);
  });

  it('refuses to bind a non-loopback address', async () => {
    for (const host of ['0.0.0.0', '192.168.1.10', '::', 'example.com']) {
      await expect(
        startBrowserServer({
          host,
          port: 0,
          token: 'x'.repeat(43),
          staticRoot: '/nonexistent',
          registry: app.core.registry,
          events: app.core.events,
          logger: app.core.logger,
        }),
      ).rejects.toMatchObject({ code: 'CONFIG_INVALID' });
    }
  });

  it("carries each request's id into main's log lines as the correlation id", async () => {
    const correlationId = `corr-${randomBytes(8).toString('hex')}`;
    const client = await connectRaw(app.server.port, { token: app.token });
    const response = await client.request(
      JSON.stringify({ type: 'request', id: correlationId, channel: 'trading:halt', payload: { reason: 'correlation check' } }),
    );
    client.close();
    expect(response).toMatchObject({ id: correlationId, ok: true, value: { global: { status: 'HALTED', reason: 'correlation check' } } });
    app.core.killSwitch.resume('correlation check done', 'test');
    await app.core.logs.flush();
    const lines = readdirSync(app.core.paths.logDir)
      .flatMap((name) => readFileSync(path.join(app.core.paths.logDir, name), 'utf8').split('\n'))
      .filter((line) => line.includes(correlationId))
      .map((line) => JSON.parse(line) as { correlationId?: string; msg?: string });
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.every((line) => line.correlationId === correlationId)).toBe(true);
    expect(lines.map((line) => line.msg)).toContain('TRADING HALTED (kill switch engaged)');
  });

  it('pushes events to connected renderers', async () => {
    const client = await connectRaw(app.server.port, { token: app.token });
    const pushed = new Promise<unknown>((resolve) =>
      client.socket.on('message', (data) => {
        const message = JSON.parse(String(data)) as { type: string; event?: string; payload?: unknown };
        if (message.type === 'event' && message.event === 'trading:state') resolve(message.payload);
      }),
    );
    app.core.killSwitch.halt('test push', 'test');
    await expect(pushed).resolves.toMatchObject({ global: { status: 'HALTED', reason: 'test push' } });
    app.core.killSwitch.resume('test done', 'test');
    client.close();
  });
});
