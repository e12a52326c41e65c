import { afterEach, beforeEach, describe, expect, it, onTestFinished } from 'vitest';
import { makeTempHome } from '../../helpers/temp-home';
import { riskKit, type RiskKit } from './risk-kit';

let home: ReturnType<typeof makeTempHome>;
let kit: RiskKit;

beforeEach(() => {
  home = makeTempHome('arbdesk-deadman-');
});

afterEach(() => {
  kit.close();
  home.cleanup();
});

const deadman = { engineLoopMs: 30_000, brokerSessionMs: 60_000, uiHeartbeatMs: 45_000 };

function state(): { status: string; actor: string; reason: string | null } {
  return kit.killSwitch.stateOf('global');
}

describe("dead-man's switch (injected clock)", () => {
  it('halts when the engine loop stops beating for longer than configured, and cancels', async () => {
    kit = riskKit(home.dir, { deadman });
    kit.risk.monitor.tick();
    kit.clock.advance(10 * 60_000);
    kit.risk.monitor.tick();
    expect(state().status).toBe('ACTIVE'); // no engine has run yet: nothing to lose
    kit.risk.monitor.beat('engine');
    kit.clock.advance(30_000);
    kit.risk.monitor.tick();
    expect(state().status).toBe('ACTIVE');
    kit.clock.advance(1);
    kit.risk.monitor.tick();
    await kit.risk.monitor.idle();
    expect(state()).toMatchObject({ status: 'HALTED', actor: 'risk:deadman-engine', reason: "dead-man's switch: the engine loop was silent for 30 s (limit 30 s)" });
    expect(kit.flattener.calls.map((call) => call.op)).toEqual(['cancel']);
    expect(kit.alerts.find((alert) => alert.kind === 'deadman')).toMatchObject({ severity: 'critical', dedupKey: 'halt:deadman-engine' });
    expect(kit.risk.service.status()).toMatchObject({ watching: ['engine'], halts: [{ trigger: 'deadman-engine' }] });
  });

  it('halts when the broker session goes silent, and cancels and flattens when configured so', async () => {
    kit = riskKit(home.dir, { deadman: { ...deadman, action: 'cancel-and-flatten' } });
    kit.risk.monitor.beat('broker');
    kit.clock.advance(59_000);
    kit.risk.monitor.beat('broker');
    kit.clock.advance(60_001);
    kit.risk.monitor.tick();
    await kit.risk.monitor.idle();
    expect(state()).toMatchObject({ status: 'HALTED', actor: 'risk:deadman-broker' });
    expect(kit.flattener.calls.map((call) => call.op)).toEqual(['flatten']);
  });

  it('counts the UI heartbeat only while a UI is connected and a strategy or working order exists', () => {
    // Stale data would halt first while a strategy runs without quotes; this test is about the UI.
    kit = riskKit(home.dir, { deadman, halts: { staleDataMs: 86_400_000 } });
    kit.risk.monitor.setUiConnected(true);
    kit.clock.advance(5 * 60_000);
    kit.risk.monitor.tick();
    expect(state().status).toBe('ACTIVE'); // connected but idle
    kit.risk.monitor.setActivity(true);
    kit.risk.monitor.setUiConnected(false);
    kit.clock.advance(5 * 60_000);
    kit.risk.monitor.tick();
    expect(state().status).toBe('ACTIVE'); // a strategy runs, but no UI is connected
    kit.risk.monitor.setUiConnected(true);
    expect(kit.risk.service.status().watching).toEqual(['ui']);
    kit.clock.advance(40_000);
    kit.risk.service.heartbeat(); // the shell's risk:heartbeat
    kit.clock.advance(45_000);
    kit.risk.monitor.tick();
    expect(state().status).toBe('ACTIVE');
    kit.clock.advance(1);
    kit.risk.monitor.tick();
    expect(state()).toMatchObject({ status: 'HALTED', actor: 'risk:deadman-ui', reason: "dead-man's switch: the UI heartbeat was silent for 45 s (limit 45 s)" });
  });

  it('trips a source once, re-arms it on its next beat, and does nothing when disabled', () => {
    kit = riskKit(home.dir, { deadman: { ...deadman, enabled: false } });
    kit.risk.monitor.beat('engine');
    kit.clock.advance(10 * 60_000);
    kit.risk.monitor.tick();
    expect(state().status).toBe('ACTIVE');
    kit.close();
    const second = makeTempHome('arbdesk-deadman-2-');
    onTestFinished(() => second.cleanup());
    kit = riskKit(second.dir, { deadman });
    kit.risk.monitor.beat('engine');
    kit.clock.advance(31_000);
    kit.risk.monitor.tick();
    kit.killSwitch.resume('engine restarted', 'user');
    kit.clock.advance(31_000);
    kit.risk.monitor.tick();
    expect(state().status).toBe('ACTIVE'); // still the same silence: not halted twice
    kit.risk.monitor.beat('engine');
    kit.clock.advance(31_000);
    kit.risk.monitor.tick();
    expect(state()).toMatchObject({ status: 'HALTED', actor: 'risk:deadman-engine' });
  });

  it('stops watching a source that ended cleanly', () => {
    kit = riskKit(home.dir, { deadman });
    kit.risk.monitor.beat('broker');
    kit.risk.monitor.endHeartbeat('broker');
    kit.clock.advance(10 * 60_000);
    kit.risk.monitor.tick();
    expect(state().status).toBe('ACTIVE');
    expect(kit.risk.service.status().watching).toEqual([]);
  });
});
