import { describe, expect, it } from 'vitest';
import type { ScopeState } from '../../../src/shared/domain/trading';
import { tradingScopeSchema } from '../../../src/shared/domain/trading';
import { isAppError } from '../../../src/shared/ipc/errors';
import { activeState, applicableScopes, effectiveState, startupHaltReason, transition } from '../../../src/main/trading/trading-state';

const state = (scope: string, status: ScopeState['status'], since = 1): ScopeState => ({ scope, status, reason: `${status} ${scope}`, actor: 'user', since });

describe('effectiveState: the most restrictive applicable state wins', () => {
  const global = state('global', 'ACTIVE');
  const scoped = new Map<string, ScopeState>([
    ['strategy:meanrev', state('strategy:meanrev', 'REDUCE_ONLY')],
    ['pair:KO/PEP', state('pair:KO/PEP', 'HALTED')],
    ['pair:XOM/CVX', state('pair:XOM/CVX', 'REDUCE_ONLY')],
  ]);

  it('applies global, then the strategy, then the pair', () => {
    expect(applicableScopes({ strategy: 'meanrev', pair: 'KO/PEP' })).toEqual(['global', 'strategy:meanrev', 'pair:KO/PEP']);
    expect(effectiveState(global, scoped)).toBe(global);
    expect(effectiveState(global, scoped, { strategy: 'meanrev' }).scope).toBe('strategy:meanrev');
    expect(effectiveState(global, scoped, { strategy: 'meanrev', pair: 'KO/PEP' }).status).toBe('HALTED');
    expect(effectiveState(global, scoped, { strategy: 'other', pair: 'AAPL/MSFT' })).toBe(global);
  });

  it('ignores scopes that do not apply to the context', () => {
    expect(effectiveState(global, scoped, { pair: 'XOM/CVX' }).status).toBe('REDUCE_ONLY');
    expect(effectiveState(global, scoped, { strategy: 'trend' }).status).toBe('ACTIVE');
  });

  it('lets a global halt beat anything narrower, and keeps the broadest scope on a tie', () => {
    const halted = state('global', 'HALTED');
    expect(effectiveState(halted, scoped, { strategy: 'meanrev', pair: 'KO/PEP' })).toBe(halted);
    const reduce = state('global', 'REDUCE_ONLY');
    expect(effectiveState(reduce, scoped, { strategy: 'meanrev' })).toBe(reduce);
  });
});

describe('transition', () => {
  it('halts from any state, and repeats are no-ops', () => {
    expect(transition(activeState('global', 'system', 0), { kind: 'halt', reason: null }, 'user', 5)).toEqual({
      scope: 'global',
      status: 'HALTED',
      reason: null,
      actor: 'user',
      since: 5,
    });
    expect(transition(state('pair:KO/PEP', 'REDUCE_ONLY'), { kind: 'halt', reason: 'x' }, 'user', 5)?.status).toBe('HALTED');
    expect(transition(state('global', 'HALTED'), { kind: 'halt', reason: 'again' }, 'user', 9)).toBeNull();
  });

  it('refuses REDUCE_ONLY on a halted scope, since that would loosen the halt', () => {
    let caught: unknown;
    try {
      transition(state('global', 'HALTED'), { kind: 'reduce-only', reason: 'x' }, 'user', 2);
    } catch (error) {
      caught = error;
    }
    expect(isAppError(caught) && caught.code).toBe('CONFLICT');
    expect(transition(state('global', 'ACTIVE'), { kind: 'reduce-only', reason: 'drawdown' }, 'risk:drawdown', 2)).toMatchObject({
      status: 'REDUCE_ONLY',
      reason: 'drawdown',
      actor: 'risk:drawdown',
    });
  });

  it('annotates only a halt, keeping its time and actor', () => {
    const halted: ScopeState = { scope: 'global', status: 'HALTED', reason: null, actor: 'user', since: 7 };
    expect(transition(halted, { kind: 'annotate', reason: 'fat finger' }, 'someone-else', 99)).toEqual({ ...halted, reason: 'fat finger' });
    expect(() => transition(state('global', 'ACTIVE'), { kind: 'annotate', reason: 'x' }, 'user', 1)).toThrow(/not HALTED/);
  });

  it('resumes HALTED and REDUCE_ONLY to ACTIVE', () => {
    expect(transition(state('global', 'HALTED'), { kind: 'resume', reason: 'checked' }, 'user', 3)?.status).toBe('ACTIVE');
    expect(transition(state('strategy:x', 'REDUCE_ONLY'), { kind: 'resume', reason: 'ok' }, 'user', 3)?.status).toBe('ACTIVE');
    expect(transition(state('global', 'ACTIVE'), { kind: 'resume', reason: 'ok' }, 'user', 3)).toBeNull();
  });
});

describe('scopes and the startup rule', () => {
  it('accepts global, strategy:<id> and pair:<Y>/<X> with canonical symbols only', () => {
    for (const scope of ['global', 'strategy:meanrev-1', 'pair:KO/PEP', 'pair:BRK.B/BAC']) expect(tradingScopeSchema.safeParse(scope).success).toBe(true);
    for (const scope of ['', 'all', 'strategy:', 'pair:KO', 'pair:ko/pep', 'pair:KO/KO', 'pair:KO/PEP/X', 'strategy:has space']) {
      expect(tradingScopeSchema.safeParse(scope).success).toBe(false);
    }
  });

  it('names the last unclean session, and says nothing for a clean history', () => {
    const iso = (ms: number) => new Date(ms).toISOString();
    expect(startupHaltReason([], iso)).toBeNull();
    const reason = startupHaltReason(
      [
        { id: 1, pid: 10, startedAt: 0 },
        { id: 2, pid: 4242, startedAt: Date.UTC(2026, 0, 2) },
      ],
      iso,
    );
    expect(reason).toContain('Unclean shutdown');
    expect(reason).toContain('pid 4242');
    expect(reason).toContain('2026-01-02T00:00:00.000Z');
    expect(reason).toContain('1 earlier unclean session');
  });
});
