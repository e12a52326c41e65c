import { describe, expect, it } from 'vitest';
import { createTypedClient } from '../../../src/renderer/api/typed-client';
import { createRiskStore, shockPayload } from '../../../src/renderer/stores/risk-store';
import { ScriptedBridge, settle } from './scripted-bridge';

describe('the risk store', () => {
  it('turns the shock rows into the risk:stress payload, percent to fraction', () => {
    expect(
      shockPayload([
        { target: 'market', name: '', percent: '-10' },
        { target: 'sector', name: ' Energy ', percent: '-20' },
        { target: 'symbol', name: 'ko', percent: '5' },
      ]),
    ).toEqual({ ok: true, payload: { market: -0.1, sectors: [{ sector: 'Energy', shock: -0.2 }], symbols: [{ symbol: 'ko', shock: 0.05 }] } });
  });

  it('names the row that is wrong', () => {
    expect(shockPayload([{ target: 'symbol', name: '', percent: '5' }, { target: 'market', name: '', percent: 'abc' }])).toEqual({
      ok: false,
      errors: ['Row 1: name the symbol', 'Row 2: the move must be a percentage from −100 to 1000, got "abc"'],
    });
    expect(shockPayload([])).toEqual({ ok: false, errors: ['Add at least one shock'] });
  });

  it('keeps a failed snapshot as the page content and sends valid shocks only', async () => {
    const error = { code: 'UNAVAILABLE' as const, message: 'No broker is wired in the backtest profile (asked for broker:account)' };
    const stress = { id: 'user', name: 'User-defined shock', available: true, pnl: -10, pnlFraction: -0.001, byPair: [], lines: [], missingSymbols: [] };
    const bridge = new ScriptedBridge().fail('risk:analytics', error).answer('risk:stress', () => stress);
    const notices: string[] = [];
    const store = createRiskStore({ client: createTypedClient(bridge), notify: (failure) => notices.push(failure.message) });
    await store.getState().load();
    expect(store.getState()).toMatchObject({ snapshot: null, error: { code: 'UNAVAILABLE' }, loading: false });
    store.getState().setShocks([{ target: 'symbol', name: '', percent: '1' }]);
    await store.getState().runStress();
    expect(store.getState().shockErrors).toEqual(['Row 1: name the symbol']);
    expect(bridge.payloadsOf('risk:stress')).toEqual([]);
    store.getState().setShocks([{ target: 'market', name: '', percent: '-1' }]);
    await store.getState().runStress();
    await settle();
    expect(bridge.payloadsOf('risk:stress')).toEqual([{ market: -0.01, sectors: [], symbols: [] }]);
    expect(store.getState().userStress).toEqual(stress);
    expect(notices).toEqual([]);
  });
});
