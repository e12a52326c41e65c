import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { connectRaw } from '../../helpers/ws-client';
import { startInProcessApp, type InProcessApp } from '../../helpers/in-process-app';

let app: InProcessApp;
beforeEach(async () => {
  app = await startInProcessApp();
});
afterEach(async () => app.close());

describe("the dead-man's UI heartbeat over a real socket", () => {
  it('watches the UI while a renderer is connected and something runs, and stops when the socket closes', async () => {
    app.core.risk.monitor.setActivity(true);
    expect(app.core.risk.service.status().watching).toEqual([]);
    const client = await connectRaw(app.server.port, { token: app.token });
    const beat = await client.request(JSON.stringify({ type: 'request', id: 'beat-0000001', channel: 'risk:heartbeat', payload: {} }));
    expect(beat).toMatchObject({ ok: true, value: { at: expect.any(Number) as unknown } });
    expect(app.core.risk.service.status().watching).toEqual(['ui']);
    client.close();
    await expect.poll(() => app.core.risk.service.status().watching, { timeout: 5_000 }).toEqual([]);
    expect(app.core.killSwitch.current().global.status).toBe('ACTIVE');
  });
});
