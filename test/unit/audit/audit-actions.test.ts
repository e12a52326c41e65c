import { describe, expect, it } from 'vitest';
import { auditActionNames, auditEventProblems, surfaceOf, type AuditAction, type AuditEvent } from '../../../src/main/audit/core/audit-actions';

const hash = 'a'.repeat(64);

/**
 * One valid entry per registered kind. The first test fails when a kind is added without a
 * sample here, so every kind's schema is exercised.
 */
const samples: Record<AuditAction, AuditEvent> = {
  'trading.initialize': {
    actor: 'system',
    action: 'trading.initialize',
    subject: 'global',
    reason: 'fresh install',
    after: { status: 'ACTIVE', reason: null },
    details: { status: 'ACTIVE', profile: 'paper', reason: 'fresh install' },
  },
  'trading.halt': {
    actor: 'user',
    action: 'trading.halt',
    subject: 'global',
    reason: null,
    before: { status: 'ACTIVE', reason: null },
    after: { status: 'HALTED', reason: null },
    details: { reason: null, previousStatus: 'ACTIVE', previousReason: null },
  },
  'trading.reduce-only': {
    actor: 'user',
    action: 'trading.reduce-only',
    subject: 'pair:KO/PEP',
    reason: 'earnings',
    before: { status: 'ACTIVE', reason: null },
    after: { status: 'REDUCE_ONLY', reason: 'earnings' },
    details: { reason: 'earnings', previousStatus: 'ACTIVE', previousReason: null },
  },
  'trading.resume': {
    actor: 'user',
    action: 'trading.resume',
    subject: 'global',
    reason: 'checked',
    before: { status: 'HALTED', reason: 'x', since: 1 },
    after: { status: 'ACTIVE', reason: 'checked' },
    details: { reason: 'checked', previousStatus: 'HALTED', previousReason: 'x', previousSince: 1 },
  },
  'trading.annotate-halt': {
    actor: 'user',
    action: 'trading.annotate-halt',
    subject: 'global',
    reason: 'fat finger',
    before: { status: 'HALTED', reason: null },
    after: { status: 'HALTED', reason: 'fat finger' },
    details: { reason: 'fat finger', previousStatus: 'HALTED', previousReason: null },
  },
  'trading.halt-requested': {
    actor: 'user:cli',
    surface: 'control',
    action: 'trading.halt-requested',
    subject: 'global',
    reason: null,
    details: { flatten: true, outcome: 'halted', flattened: false },
  },
  'session.unclean-shutdown': { actor: 'system', action: 'session.unclean-shutdown', reason: 'crash', details: { reason: 'crash', sessions: [1, 2] } },
  'instance.takeover': {
    actor: 'system',
    action: 'instance.takeover',
    subject: '/home/u/ArbDesk/instance.lock',
    reason: 'gone',
    before: { pid: 10, startedAt: 5 },
    after: { pid: 11 },
  },
  'risk.auto-halt': {
    actor: 'risk:daily-loss',
    action: 'risk.auto-halt',
    subject: 'global',
    reason: 'daily loss 3.20% of start-of-day equity reached the limit 3.00%',
    details: { trigger: 'daily-loss', value: 0.032, limit: 0.03, action: 'cancel' },
  },
  'config.write': {
    actor: 'hand-edit',
    action: 'config.write',
    subject: '/home/u/ArbDesk/config.json',
    before: { sha256: null, config: null },
    after: { sha256: hash, config: { profile: 'paper' } },
    details: { changedKeys: ['profile'] },
  },
  'profile.switch': { actor: 'user:cli', action: 'profile.switch', subject: '/c.json', before: { profile: 'paper' }, after: { profile: 'live' } },
  'db.backup': {
    actor: 'user',
    action: 'db.backup',
    subject: '/b/x.sqlite',
    details: { tradingPath: '/b/x.trading.sqlite', bytes: 10, schemaVersion: 4, tradingSchemaVersion: 2, auditHeadId: 3, auditHeadHash: hash },
  },
  'db.restore': { actor: 'user:cli', action: 'db.restore', subject: '/b/x.sqlite', details: { tradingBackup: null, rewound: false } },
  'audit.rewind': {
    actor: 'user:cli',
    action: 'audit.rewind',
    subject: '/b/x.trading.sqlite',
    before: { headId: 5, headHash: hash },
    after: { headId: 3, headHash: hash },
    details: { discardedHeadId: 5, discardedHeadHash: hash, restoredHeadId: 3, restoredHeadHash: hash },
  },
  'audit.signing-key': { actor: 'system', action: 'audit.signing-key', subject: 'abcdef0123456789', reason: 'first use', after: { keyId: 'abcdef0123456789', publicKey: 'PEM' } },
  'desk.strategy-start': { actor: 'user', action: 'desk.strategy-start', subject: 'zscore', details: { kind: 'zscore', pairs: ['KO/PEP'], sessionId: 'paper-1', from: '2015-01-02', to: '2015-06-30' } },
  'desk.strategy-stop': { actor: 'user', action: 'desk.strategy-stop', subject: 'zscore', reason: 'done', details: { pairs: ['KO/PEP'] } },
  'data.import': { actor: 'user', action: 'data.import', subject: '/data', details: { datasetId: 1, version: 1, noOp: false, rowsAccepted: 3, rowsRejected: 0, barsChanged: 0 } },
  'data.actions.import': { actor: 'user:cli', action: 'data.actions.import', subject: '/a.csv', details: { saved: 1, replaced: 0, symbols: 1, rejected: 0 } },
  'data.conflict.resolve': {
    actor: 'user',
    action: 'data.conflict.resolve',
    subject: 'NKE',
    details: { choice: 'keep', heldDatasetId: 2, source: 'vendor', datasetId: 3, version: 2, barsInserted: 0, barsChanged: 0, factor: 2, classification: 'basis_mismatch' },
  },
  'model.register': {
    actor: 'user',
    action: 'model.register',
    subject: 'KO/PEP v1',
    after: { state: 'candidate' },
    details: { modelId: 1, sha256: hash, dataSha256: hash, backend: 'wasm', codeVersion: 'arbdesk 0.1.0' },
  },
  'model.promote': {
    actor: 'user',
    action: 'model.promote',
    subject: 'KO/PEP v2',
    before: { state: 'canary' },
    after: { state: 'champion' },
    details: { modelId: 2, sha256: hash, displaced: [{ modelId: 1, version: 1, from: 'champion', to: 'retired' }] },
  },
  'model.rollback': {
    actor: 'user',
    action: 'model.rollback',
    subject: 'KO/PEP v2',
    reason: 'worse than v1 live',
    before: { championId: 2, version: 2 },
    after: { championId: 1, version: 1 },
    details: { sha256: hash },
  },
  'model.demote': {
    actor: 'system:drift-monitor',
    action: 'model.demote',
    subject: 'KO/PEP v2',
    reason: 'PSI 0.41 on zscore',
    before: { state: 'champion' },
    after: { state: 'challenger' },
    details: { modelId: 2, driftCheckId: 7 },
  },
  'model.retire': {
    actor: 'user',
    action: 'model.retire',
    subject: 'KO/PEP v1',
    before: { state: 'challenger' },
    after: { state: 'retired' },
    details: { modelId: 1 },
  },
  'credential.set': { actor: 'user', action: 'credential.set', subject: 'schwab:refresh-token', before: { existed: false }, after: { existed: true } },
  'credential.delete': { actor: 'user', action: 'credential.delete', subject: 'schwab:refresh-token', before: { existed: true }, after: { existed: false } },
  'order.placed': {
    actor: 'system:paper-broker',
    action: 'order.placed',
    subject: 'KO/PEP-1-y',
    after: { status: 'submitted', filledQuantity: 0 },
    details: { accountId: 'paper', pairId: 'KO/PEP', leg: 'y' as const, symbol: 'KO', brokerAt: 1_709_600_000_000, side: 'BUY', quantity: 100, type: 'LIMIT', limitPrice: 60.5, timeInForce: 'DAY', forSession: 19787, decidedOn: 19786, replaces: null },
  },
  'order.accepted': { actor: 'system:paper-broker', action: 'order.accepted', subject: 'o1', reason: 'paper broker accepted', before: { status: 'submitted', filledQuantity: 0 }, after: { status: 'accepted', filledQuantity: 0 }, details: { accountId: 'paper', pairId: 'KO/PEP', leg: 'y' as const, symbol: 'KO', brokerAt: 1_709_600_000_000 } },
  'order.rejected': { actor: 'system:paper-broker', action: 'order.rejected', subject: 'o1', reason: 'borrow unavailable for KO', before: { status: 'submitted', filledQuantity: 0 }, after: { status: 'rejected', filledQuantity: 0 }, details: { accountId: 'paper', pairId: 'KO/PEP', leg: 'y' as const, symbol: 'KO', brokerAt: 1_709_600_000_000 } },
  'order.fill': {
    actor: 'system:paper-broker',
    action: 'order.fill',
    subject: 'o1',
    before: { status: 'accepted', filledQuantity: 0 },
    after: { status: 'partially_filled', filledQuantity: 40 },
    details: { accountId: 'paper', pairId: 'KO/PEP', leg: 'y' as const, symbol: 'KO', brokerAt: 1_709_600_000_000, quantity: 40, price: 60.12, tradedPrice: 60.12, tradedQuantity: 40, fillDay: 19787, signalDay: 19786, costs: { commission: 0, secFee: 0, finraTaf: 0, slippage: 0.4, impact: 0.1 }, totalCost: 0.5 },
  },
  'order.cancel-requested': { actor: 'system:paper-broker', action: 'order.cancel-requested', subject: 'o1', reason: 'halt', before: { status: 'accepted', filledQuantity: 0 }, details: { accountId: 'paper', pairId: 'KO/PEP', leg: 'y' as const, symbol: 'KO', brokerAt: 1_709_600_000_000 } },
  'order.cancelled': { actor: 'system:paper-broker', action: 'order.cancelled', subject: 'o1', reason: 'halt', before: { status: 'accepted', filledQuantity: 0 }, after: { status: 'cancelled', filledQuantity: 0 }, details: { accountId: 'paper', pairId: 'KO/PEP', leg: 'y' as const, symbol: 'KO', brokerAt: 1_709_600_000_000 } },
  'order.cancel-rejected': { actor: 'system:paper-broker', action: 'order.cancel-rejected', subject: 'o1', reason: 'order is filled, not working', before: { status: 'filled', filledQuantity: 100 }, after: { status: 'filled', filledQuantity: 100 }, details: { accountId: 'paper', pairId: 'KO/PEP', leg: 'y' as const, symbol: 'KO', brokerAt: 1_709_600_000_000 } },
  'order.replaced': { actor: 'system:paper-broker', action: 'order.replaced', subject: 'o1', reason: 'replaced by o2', before: { status: 'pending_replace', filledQuantity: 0 }, after: { status: 'replaced', filledQuantity: 0 }, details: { accountId: 'paper', pairId: 'KO/PEP', leg: 'y' as const, symbol: 'KO', brokerAt: 1_709_600_000_000, newOrderId: 'o2' } },
  'order.expired': { actor: 'system:paper-broker', action: 'order.expired', subject: 'o1', reason: 'DAY order expired at the close', before: { status: 'accepted', filledQuantity: 0 }, after: { status: 'expired', filledQuantity: 0 }, details: { accountId: 'paper', pairId: 'KO/PEP', leg: 'y' as const, symbol: 'KO', brokerAt: 1_709_600_000_000 } },
  'order.unknown': { actor: 'system:paper-broker', action: 'order.unknown', subject: 'o1', reason: 'timeout', before: { status: 'submitted', filledQuantity: 0 }, after: { status: 'unknown', filledQuantity: 0 }, details: { accountId: 'paper', pairId: 'KO/PEP', leg: 'y' as const, symbol: 'KO', brokerAt: 1_709_600_000_000 } },
  'paper.reset': {
    actor: 'user:cli',
    action: 'paper.reset',
    subject: 'paper',
    before: { epoch: 1, storageId: 'paper', cash: 98_000, equity: 99_000, openPositions: 0, orders: 12 },
    after: { epoch: 2, storageId: 'paper~2', cash: 100_000 },
  },
};

describe('the audit action registry', () => {
  it('has a valid sample for every registered kind, and every sample passes its schema', () => {
    expect(Object.keys(samples).sort()).toEqual([...auditActionNames].sort());
    for (const name of auditActionNames) expect(auditEventProblems(samples[name]), name).toEqual([]);
  });

  it.each(auditActionNames)('%s refuses an unknown details field, and a wrong subject/before/after', (name) => {
    const sample = samples[name];
    expect(auditEventProblems({ ...sample, details: { ...sample.details, surprise: 1 } }).join('\n')).toMatch(/details/);
    expect(auditEventProblems({ ...sample, subject: 42 as unknown as string }).join('\n')).toMatch(/^subject/m);
    expect(auditEventProblems({ ...sample, before: { bogus: true } }).join('\n')).toMatch(/^before/m);
    expect(auditEventProblems({ ...sample, after: { bogus: true } }).join('\n')).toMatch(/^after/m);
  });

  it('requires a reason where the kind says so, and never for a one-click halt', () => {
    expect(auditEventProblems({ ...samples['trading.resume'], reason: null })).toEqual([expect.stringMatching(/^reason/)]);
    expect(auditEventProblems({ ...samples['trading.resume'], reason: '   ' })).toEqual([expect.stringMatching(/^reason/)]);
    expect(auditEventProblems({ ...samples['trading.halt'], reason: null })).toEqual([]);
  });

  it('refuses an unregistered action', () => {
    expect(auditEventProblems({ actor: 'x', action: 'order.teleport' as AuditAction })).toEqual([expect.stringContaining('not a registered audit kind')]);
  });

  it('never carries a secret value for a credential: the subject is the account name only', () => {
    expect(auditEventProblems({ ...samples['credential.set'], subject: 'Bearer abc.def/ghi==' }).join('\n')).toMatch(/^subject/m);
    expect(auditEventProblems({ ...samples['credential.set'], details: { value: 'hunter2' } }).join('\n')).toMatch(/details/);
  });

  it('derives the surface from the actor when the caller does not name one', () => {
    expect([surfaceOf('system'), surfaceOf('risk:drawdown'), surfaceOf('user:cli'), surfaceOf('hand-edit'), surfaceOf('user'), surfaceOf('control')]).toEqual([
      'system',
      'system',
      'cli',
      'file',
      'ui',
      'control',
    ]);
  });
});
