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
    // The desk's loop beats the engine and broker sessions (watched from their first beat); the UI is not watched yet.
    expect(app.core.risk.service.status().watching).not.toContain('ui');
    const client = await connectRaw(app.server.port, { token: app.token });
    const beat = await client.request(JSON.stringify({ type: 'request', id: 'beat-0000001', channel: 'risk:heartbeat', payload: {} }));
    expect(beat).toMatchObject({ ok: true, value: { at: expect.any(Number) as unknown } });
    expect(app.core.risk.service.status().watching).toContain('ui');
    client.close();
    await expect.poll(() => app.core.risk.service.status().watching.includes('ui'), { timeout: 5_000 }).toBe(false);
    expect(app.core.killSwitch.current().global.status).toBe('ACTIVE');
  });
});
