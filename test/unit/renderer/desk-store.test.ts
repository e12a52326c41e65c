import { describe, expect, it } from 'vitest';
import { createTypedClient } from '../../../src/renderer/api/typed-client';
import { acceptBlotter, createDeskStore } from '../../../src/renderer/stores/desk-store';
import type { BlotterSnapshot, HaltOutcome } from '../../../src/shared/domain/desk';
import type { IpcError } from '../../../src/shared/ipc/errors';
import { ScriptedBridge, settle } from './scripted-bridge';

const blotter = (revision: number): BlotterSnapshot => ({ orders: [], fills: [], positions: [], pnl: { realized: 0, unrealized: 0, costs: 0, total: 0 }, lastHalt: null, revision });
const halt: HaltOutcome = { id: 'h1', scope: 'global', actor: 'user', reason: null, requestedAt: 1, flatten: false, orders: [], nakedLegs: [], complete: true };

function setup(bridge: ScriptedBridge) {
  const notices: IpcError[] = [];
  const store = createDeskStore({ client: createTypedClient(bridge), notify: (error) => notices.push(error) });
  return { store, notices };
}

describe('desk store', () => {
  it('never lets an older blotter replace a newer one', () => {
    const newer = blotter(5);
    expect(acceptBlotter(null, blotter(1)).revision).toBe(1);
    expect(acceptBlotter(newer, blotter(4))).toBe(newer);
    expect(acceptBlotter(newer, blotter(6)).revision).toBe(6);
  });

  it('shows the desk as unavailable when main has no broker, without a toast', async () => {
    const { store, notices } = setup(new ScriptedBridge().fail('desk:blotter', { code: 'UNAVAILABLE', message: 'The desk has no broker in this profile' }));
    await store.getState().load();
    expect(store.getState().unavailable).toContain('no broker');
    expect(notices).toEqual([]);
  });

  it('places with the confirm flag, follows pushed blotters and halt outcomes, and flattens after confirmation', async () => {
    const bridge = new ScriptedBridge()
      .answer('desk:place', () => ({ pairOrderId: 'KO/PEP#1', orders: [], preview: null }))
      .answer('desk:flatten', () => ({ ...halt, flatten: true }));
    const { store } = setup(bridge);
    const stop = store.getState().start();
    await store.getState().place({ pair: 'KO/PEP', intent: 'open' });
    expect(bridge.payloadsOf('desk:place')).toEqual([{ pair: 'KO/PEP', intent: 'open', confirm: true }]);
    bridge.push('desk:blotter', blotter(3));
    bridge.push('desk:halt-outcome', halt);
    await settle();
    expect(store.getState().blotter?.revision).toBe(3);
    expect(store.getState().halt?.id).toBe('h1');
    await expect(store.getState().flatten('global')).resolves.toBe(true);
    expect(bridge.payloadsOf('desk:flatten')).toEqual([{ scope: 'global', confirm: true }]);
    stop();
  });
});
