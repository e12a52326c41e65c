import { describe, expect, it } from 'vitest';
import { createTypedClient } from '../../../src/renderer/api/typed-client';
import { acceptTradingState, createTradingStore } from '../../../src/renderer/stores/trading-store';
import type { ErrorNoticeOptions } from '../../../src/renderer/stores/store-deps';
import type { TradingState } from '../../../src/shared/domain/trading';
import type { IpcError } from '../../../src/shared/ipc/errors';
import { ScriptedBridge, settle } from './scripted-bridge';
import { tradingStateWith } from '../../helpers/trading-state';

const base: TradingState = tradingStateWith({ revision: 5 });
const halted = (reason: string | null, revision: number): TradingState => tradingStateWith({ status: 'HALTED', reason, revision });

function setup(bridge: ScriptedBridge) {
  const notices: Array<{ error: IpcError; options?: ErrorNoticeOptions }> = [];
  const client = createTypedClient(bridge);
  const store = createTradingStore({ client, notify: (error, options) => notices.push({ error, options }) });
  return { store, notices };
}

describe('acceptTradingState', () => {
  it('takes the first state, newer and equal revisions, and ignores older ones', () => {
    expect(acceptTradingState(null, base)).toBe(base);
    const newer = halted(null, 6);
    expect(acceptTradingState(base, newer)).toBe(newer);
    const same = { ...base, scopes: [{ ...base.global, scope: 'pair:KO/PEP', status: 'REDUCE_ONLY' as const }] };
    expect(acceptTradingState(base, same)).toBe(same);
    expect(acceptTradingState(newer, base)).toBe(newer);
  });
});

describe('trading store', () => {
  it('halts in one call without a reason, then annotates the halt', async () => {
    const bridge = new ScriptedBridge()
      .answer('trading:halt', () => halted(null, 6))
      .answer('trading:annotate-halt', (payload) => halted((payload as { reason: string }).reason, 7));
    const { store } = setup(bridge);
    const halting = store.getState().halt();
    expect(store.getState().pending).toBe('halt');
    await expect(halting).resolves.toBe(true);
    expect(bridge.payloadsOf('trading:halt')).toEqual([{}]);
    expect(store.getState()).toMatchObject({ pending: null, state: { global: { status: 'HALTED', reason: null } } });
    await expect(store.getState().annotate('fat finger on KO')).resolves.toBe(true);
    expect(bridge.payloadsOf('trading:annotate-halt')).toEqual([{ reason: 'fat finger on KO' }]);
    expect(store.getState().state).toMatchObject({ revision: 7, global: { status: 'HALTED', reason: 'fat finger on KO' } });
  });

  it('raises a critical notice when the halt fails, and keeps the previous state', async () => {
    const bridge = new ScriptedBridge()
      .answer('trading:state', () => base)
      .fail('trading:halt', { code: 'UNAVAILABLE', message: 'main is not answering' });
    const { store, notices } = setup(bridge);
    await store.getState().load();
    await expect(store.getState().halt('panic')).resolves.toBe(false);
    expect(store.getState().state).toEqual(base);
    expect(notices).toHaveLength(1);
    expect(notices[0]?.error.code).toBe('UNAVAILABLE');
    expect(notices[0]?.options?.critical).toBe(true);
  });

  it('sends the typed confirmation word when resuming', async () => {
    const bridge = new ScriptedBridge().answer('trading:resume', () => ({ ...base, revision: 9 }));
    const { store } = setup(bridge);
    await store.getState().resume('checked positions');
    expect(bridge.payloadsOf('trading:resume')).toEqual([{ confirm: 'RESUME', reason: 'checked positions' }]);
  });

  it('applies pushes and ignores one older than what it shows', async () => {
    const bridge = new ScriptedBridge();
    const { store } = setup(bridge);
    const stop = store.getState().start();
    bridge.push('trading:state', halted('risk', 7));
    bridge.push('trading:state', { ...base, revision: 6 });
    await settle();
    expect(store.getState().state).toMatchObject({ revision: 7, global: { status: 'HALTED' } });
    stop();
    bridge.push('trading:state', { ...base, revision: 8 });
    expect(store.getState().state?.revision).toBe(7);
  });

  it('does not let a slow load answer overwrite a newer push', async () => {
    const bridge = new ScriptedBridge();
    const release = bridge.hold('trading:state', { ...base, revision: 3 });
    const { store } = setup(bridge);
    store.getState().start();
    const loading = store.getState().load();
    bridge.push('trading:state', halted('x', 4));
    release();
    await loading;
    expect(store.getState().state).toMatchObject({ revision: 4, global: { status: 'HALTED' } });
  });
});
