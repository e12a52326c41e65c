import { z } from 'zod';

/**
 * The registry of audit event kinds (audit 1.3: required fields, a schema per kind). Every
 * entry carries the same envelope (UTC time, actor, surface, action, subject, reason,
 * before/after); what a kind adds is the shape of its subject, before/after and details.
 * The audit service refuses an action that is not registered here, so a new kind of event
 * is a reviewed change to this file plus its schema test (test/unit/audit/audit-actions.test.ts).
 */

/** Where the request came from. 'file' is a change found on disk (a hand-edited config.json). */
export const auditSurfaces = ['ui', 'cli', 'system', 'file', 'control'] as const;
export const auditSurfaceSchema = z.enum(auditSurfaces);
export type AuditSurface = z.infer<typeof auditSurfaceSchema>;

const status = z.enum(['ACTIVE', 'REDUCE_ONLY', 'HALTED']);
const scopeStatus = z.object({ status, reason: z.string().nullable() });
const scope = z.string().min(1).max(100);
const path = z.string().min(1).max(4096);
const sha256 = z.string().regex(/^[0-9a-f]{64}$/);
const none = z.null();
const noDetails = z.object({}).strict();
/** A model version as "name vN" (name is the pair, e.g. "KO/PEP v3"). */
const modelSubject = z.string().regex(/^[^\s]{1,80} v[1-9][0-9]*$/);
const modelState = z.enum(['candidate', 'challenger', 'canary', 'champion', 'retired']);
const modelDisplacement = z.object({ modelId: z.number().int(), version: z.number().int(), from: modelState, to: modelState }).strict();

interface AuditKind {
  readonly doc: string;
  readonly subject: z.ZodType;
  /** Whether `reason` must be a non-empty string (true) or may be null (false). */
  readonly reasonRequired: boolean;
  readonly before: z.ZodType;
  readonly after: z.ZodType;
  readonly details: z.ZodType;
}

function kind(spec: AuditKind): AuditKind {
  return spec;
}

const stateChange = {
  subject: scope,
  before: scopeStatus.extend({ since: z.number().int().optional() }).strict(),
  after: scopeStatus.strict(),
  // Kept for readers of entries written before before/after existed (same facts, old names).
  details: z.object({ reason: z.string().nullable(), previousStatus: status, previousReason: z.string().nullable(), previousSince: z.number().int().optional() }).strict(),
};

/**
 * Order events at the broker boundary (issue 14: "every order event"; audit 1.3). The subject
 * is the order id; details name the account, pair, leg and symbol, and `brokerAt` is the
 * broker's own time of the event (the replayed exchange time in market replay), which may
 * differ from the entry's `at` (wall time).
 */
const orderSubject = z.string().min(1).max(200);
const orderStatus = z.enum(['new', 'submitted', 'accepted', 'partially_filled', 'filled', 'pending_cancel', 'cancelled', 'pending_replace', 'replaced', 'rejected', 'expired', 'unknown']);
const orderState = z.object({ status: orderStatus, filledQuantity: z.number().int().nonnegative() }).strict();
const orderRef = {
  accountId: z.string().min(1).max(64),
  pairId: z.string(),
  leg: z.enum(['y', 'x']),
  symbol: z.string().min(1).max(32),
  brokerAt: z.number().int(),
};
const orderTransition = (reasonRequired: boolean, doc: string, extra: z.ZodRawShape = {}): AuditKind =>
  kind({ doc, subject: orderSubject, reasonRequired, before: orderState, after: orderState, details: z.object({ ...orderRef, ...extra }).strict() });
const money = z.number().finite();

export const auditActions = {
  'trading.initialize': kind({
    doc: 'A fresh trading database got its first global state.',
    subject: scope,
    reasonRequired: true,
    before: none,
    after: scopeStatus.strict(),
    details: z.object({ status, profile: z.enum(['backtest', 'paper', 'live']), reason: z.string() }).strict(),
  }),
  'trading.halt': kind({ doc: 'A scope was halted (the reason may follow in trading.annotate-halt).', reasonRequired: false, ...stateChange }),
  'trading.reduce-only': kind({ doc: 'A scope was set to REDUCE_ONLY.', reasonRequired: true, ...stateChange }),
  'trading.resume': kind({ doc: 'A scope was released back to ACTIVE.', reasonRequired: true, ...stateChange }),
  'trading.annotate-halt': kind({ doc: 'A reason was added to a halt that stands.', reasonRequired: true, ...stateChange }),
  'trading.halt-requested': kind({
    doc: 'A halt request arrived over the control channel or was written by the CLI (what it asked for, e.g. flatten).',
    subject: scope,
    reasonRequired: false,
    before: none,
    after: none,
    details: z.object({ flatten: z.boolean(), outcome: z.enum(['halted', 'already-halted', 'written-by-cli']), flattened: z.boolean() }).strict(),
  }),
  'session.unclean-shutdown': kind({
    doc: 'A start found earlier sessions that never shut down cleanly (kept halted).',
    subject: none,
    reasonRequired: true,
    before: none,
    after: none,
    details: z.object({ reason: z.string(), sessions: z.array(z.number().int()) }).strict(),
  }),
  'instance.takeover': kind({
    doc: 'A start took over the instance lock of a process that is gone.',
    subject: path,
    reasonRequired: true,
    before: z.object({ pid: z.number().int(), startedAt: z.number().int() }).strict(),
    after: z.object({ pid: z.number().int() }).strict(),
    details: noDetails,
  }),
  'risk.auto-halt': kind({
    doc: 'The risk monitor halted trading on its own (daily loss, drawdown, stale data, broker errors, reconciliation, dead-man), with the numbers and what it did next.',
    subject: scope,
    reasonRequired: true,
    before: none,
    after: none,
    details: z
      .object({
        trigger: z.enum(['daily-loss', 'drawdown', 'stale-data', 'broker-error-burst', 'circuit-open', 'reconciliation', 'deadman-engine', 'deadman-broker', 'deadman-ui']),
        /** NaN (not usable) is recorded as null. */
        value: z.number().nullable(),
        limit: z.number().nullable(),
        action: z.enum(['none', 'cancel', 'cancel-and-flatten']),
      })
      .strict(),
  }),
  'config.write': kind({
    doc: 'config.json changed: written by ArbDesk (UI/CLI) or found hand-edited at start.',
    subject: path,
    reasonRequired: false,
    before: z.object({ sha256: sha256.nullable(), config: z.json().nullable() }).strict(),
    after: z.object({ sha256, config: z.json().nullable() }).strict(),
    details: z.object({ changedKeys: z.array(z.string()) }).strict(),
  }),
  'profile.switch': kind({
    doc: 'The trading profile changed (backtest, paper, live).',
    subject: path,
    reasonRequired: false,
    before: z.object({ profile: z.string() }).strict(),
    after: z.object({ profile: z.string() }).strict(),
    details: noDetails,
  }),
  'db.backup': kind({
    doc: 'Both databases were backed up.',
    subject: path,
    reasonRequired: false,
    before: none,
    after: none,
    details: z
      .object({
        tradingPath: path.nullable(),
        bytes: z.number().int().nonnegative(),
        schemaVersion: z.number().int(),
        tradingSchemaVersion: z.number().int().nullable(),
        auditHeadId: z.number().int().nullable(),
        auditHeadHash: sha256.nullable(),
      })
      .strict(),
  }),
  'db.restore': kind({
    doc: 'The databases were restored from a backup.',
    subject: path,
    reasonRequired: false,
    before: none,
    after: none,
    details: z.object({ tradingBackup: path.nullable(), rewound: z.boolean() }).strict(),
  }),
  'audit.rewind': kind({
    doc: 'A restore discarded newer audit entries (recorded in the restored log).',
    subject: path,
    reasonRequired: false,
    before: z.object({ headId: z.number().int(), headHash: sha256 }).strict(),
    after: z.object({ headId: z.number().int().nullable(), headHash: sha256.nullable() }).strict(),
    details: z.object({ discardedHeadId: z.number().int(), discardedHeadHash: sha256, restoredHeadId: z.number().int().nullable(), restoredHeadHash: sha256.nullable() }).strict(),
  }),
  'audit.signing-key': kind({
    doc: 'The audit signing key was created in the OS keychain (its public half and id only).',
    subject: z.string().min(1).max(64),
    reasonRequired: true,
    before: none,
    after: z.object({ keyId: z.string(), publicKey: z.string() }).strict(),
    details: noDetails,
  }),
  'desk.strategy-start': kind({
    doc: 'A strategy was started on the desk for one or more pairs (its decisions are recorded in the session).',
    subject: z.string().min(1).max(40),
    reasonRequired: false,
    before: none,
    after: none,
    details: z.object({ kind: z.string(), pairs: z.array(z.string()), sessionId: z.string(), from: z.string(), to: z.string() }).strict(),
  }),
  'desk.strategy-stop': kind({
    doc: 'A strategy was stopped on the desk for the listed pairs.',
    subject: z.string().min(1).max(40),
    reasonRequired: false,
    before: none,
    after: none,
    details: z.object({ pairs: z.array(z.string()) }).strict(),
  }),
  'data.import': kind({
    doc: 'A price import finished.',
    subject: path,
    reasonRequired: false,
    before: none,
    after: none,
    details: z
      .object({
        datasetId: z.number().int(),
        version: z.number().int(),
        noOp: z.boolean(),
        rowsAccepted: z.number().int().optional(),
        rowsRejected: z.number().int().optional(),
        barsChanged: z.number().int().optional(),
        /** Symbols whose bars were held as cross-source conflicts, not applied. */
        heldSymbols: z.array(z.string()).optional(),
        /** Symbols refused because their basis could not be converted. */
        refusedSymbols: z.array(z.string()).optional(),
      })
      .strict(),
  }),
  'data.actions.import': kind({
    doc: 'Corporate actions were imported.',
    subject: path,
    reasonRequired: false,
    before: none,
    after: none,
    details: z.object({ saved: z.number().int(), replaced: z.number().int(), symbols: z.number().int(), rejected: z.number().int() }).strict(),
  }),
  'data.conflict.resolve': kind({
    doc: 'Held bars of a second source were resolved for one symbol: the stored series kept, or the new one taken.',
    subject: z.string().min(1).max(32),
    reasonRequired: false,
    before: none,
    after: none,
    details: z
      .object({
        choice: z.enum(['keep', 'take']),
        heldDatasetId: z.number().int(),
        source: z.string(),
        datasetId: z.number().int(),
        version: z.number().int(),
        barsInserted: z.number().int(),
        barsChanged: z.number().int(),
        factor: z.number().nullable(),
        classification: z.string(),
      })
      .strict(),
  }),
  'model.register': kind({
    doc: 'A trained model version was registered as a candidate (its artifact hash and what it was trained on).',
    subject: modelSubject,
    reasonRequired: false,
    before: none,
    after: z.object({ state: modelState }).strict(),
    details: z.object({ modelId: z.number().int(), sha256, dataSha256: sha256, backend: z.string(), codeVersion: z.string() }).strict(),
  }),
  'model.promote': kind({
    doc: 'A model version moved up the ladder (candidate → challenger → canary → champion); a displaced champion or canary is listed.',
    subject: modelSubject,
    reasonRequired: false,
    before: z.object({ state: modelState }).strict(),
    after: z.object({ state: modelState }).strict(),
    details: z.object({ modelId: z.number().int(), sha256, displaced: z.array(modelDisplacement) }).strict(),
  }),
  'model.rollback': kind({
    doc: 'The champion was retired and the previous champion reinstated.',
    subject: modelSubject,
    reasonRequired: true,
    before: z.object({ championId: z.number().int(), version: z.number().int() }).strict(),
    after: z.object({ championId: z.number().int(), version: z.number().int() }).strict(),
    details: z.object({ sha256 }).strict(),
  }),
  'model.demote': kind({
    doc: 'A champion or canary went back to shadow (challenger): by a trader, or by the drift monitor on an alarm.',
    subject: modelSubject,
    reasonRequired: true,
    before: z.object({ state: modelState }).strict(),
    after: z.object({ state: z.literal('challenger') }).strict(),
    details: z.object({ modelId: z.number().int(), driftCheckId: z.number().int().nullable() }).strict(),
  }),
  'model.retire': kind({
    doc: 'A model version was retired (it predicts and trades no more).',
    subject: modelSubject,
    reasonRequired: false,
    before: z.object({ state: modelState }).strict(),
    after: z.object({ state: z.literal('retired') }).strict(),
    details: z.object({ modelId: z.number().int() }).strict(),
  }),
  'credential.set': kind({
    doc: 'A credential was stored in the OS keychain. Never the secret: only its account name.',
    subject: z.string().regex(/^[a-z0-9:._-]{1,128}$/),
    reasonRequired: false,
    before: z.object({ existed: z.boolean() }).strict(),
    after: z.object({ existed: z.literal(true) }).strict(),
    details: noDetails,
  }),
  'credential.delete': kind({
    doc: 'A credential was removed from the OS keychain.',
    subject: z.string().regex(/^[a-z0-9:._-]{1,128}$/),
    reasonRequired: false,
    before: z.object({ existed: z.boolean() }).strict(),
    after: z.object({ existed: z.literal(false) }).strict(),
    details: noDetails,
  }),
  'order.placed': kind({
    doc: 'An order reached the broker (before its answer): the full order as sent.',
    subject: orderSubject,
    reasonRequired: false,
    before: none,
    after: orderState,
    details: z
      .object({
        ...orderRef,
        side: z.enum(['BUY', 'SELL', 'SELL_SHORT', 'BUY_TO_COVER']),
        quantity: z.number().int().positive(),
        type: z.enum(['MARKET', 'LIMIT']),
        limitPrice: z.number().positive().nullable(),
        timeInForce: z.enum(['DAY', 'GTC']),
        forSession: z.number().int(),
        decidedOn: z.number().int(),
        /** The order this one replaces, when it was placed by a replace. */
        replaces: z.string().nullable(),
      })
      .strict(),
  }),
  'order.accepted': orderTransition(false, 'The broker accepted an order.'),
  'order.rejected': orderTransition(true, "The broker refused an order; the reason is the broker's."),
  'order.fill': orderTransition(false, 'An order (partly) filled: quantity, price and itemized costs of this fill.', {
    quantity: z.number().int().positive(),
    price: money,
    tradedPrice: money,
    tradedQuantity: money,
    fillDay: z.number().int(),
    signalDay: z.number().int(),
    costs: z.object({ commission: money, secFee: money, finraTaf: money, slippage: money, impact: money }).strict(),
    totalCost: money,
  }),
  'order.cancel-requested': kind({
    doc: 'A cancel was asked of the broker (its outcome follows as order.cancelled or order.cancel-rejected).',
    subject: orderSubject,
    reasonRequired: true,
    before: orderState,
    after: orderState.nullable(),
    details: z.object(orderRef).strict(),
  }),
  'order.cancelled': orderTransition(false, 'The broker confirmed a cancel.'),
  'order.cancel-rejected': orderTransition(true, 'The broker refused a cancel (the order was no longer working).'),
  'order.replaced': orderTransition(false, 'An order was replaced by a new one (placed under newOrderId).', { newOrderId: orderSubject }),
  'order.expired': orderTransition(false, 'A DAY order still working at the close expired.'),
  'order.unknown': orderTransition(true, "The broker's answer about an order is unknown (to be reconciled)."),
  'paper.reset': kind({
    doc: 'The paper account was reset: a new account epoch with fresh cash; the old epoch\'s records stay.',
    subject: z.string().min(1).max(64),
    reasonRequired: false,
    before: z.object({ epoch: z.number().int().positive(), storageId: z.string(), cash: money, equity: money, openPositions: z.number().int().nonnegative(), orders: z.number().int().nonnegative() }).strict(),
    after: z.object({ epoch: z.number().int().positive(), storageId: z.string(), cash: money }).strict(),
    details: noDetails,
  }),
} as const satisfies Record<string, AuditKind>;

export type AuditAction = keyof typeof auditActions;
export const auditActionNames = Object.keys(auditActions) as AuditAction[];

export function isAuditAction(action: string): action is AuditAction {
  return Object.hasOwn(auditActions, action);
}

/** What a caller hands the audit service. `surface` defaults from the actor (see surfaceOf). */
export interface AuditEvent {
  readonly actor: string;
  readonly surface?: AuditSurface;
  readonly action: AuditAction;
  readonly subject?: string | null;
  readonly reason?: string | null;
  readonly before?: unknown;
  readonly after?: unknown;
  readonly details?: Readonly<Record<string, unknown>>;
  readonly correlationId?: string | null;
}

/**
 * The surface an actor string implies when the caller does not say: 'system…' → system,
 * '…:cli' or 'cli' → cli, 'hand-edit' → file, 'control…' → control, anything else → ui
 * (the renderer's handlers act as 'user').
 */
export function surfaceOf(actor: string): AuditSurface {
  if (actor === 'system' || actor.startsWith('system:') || actor.startsWith('risk:')) return 'system';
  if (actor === 'cli' || actor.endsWith(':cli')) return 'cli';
  if (actor === 'hand-edit') return 'file';
  if (actor.startsWith('control')) return 'control';
  return 'ui';
}

/** One problem per field that does not fit the kind's schema; empty when the event is valid. */
export function auditEventProblems(event: AuditEvent): string[] {
  if (!isAuditAction(event.action)) return [`action "${String(event.action)}" is not a registered audit kind (src/main/audit/core/audit-actions.ts)`];
  const spec: AuditKind = auditActions[event.action];
  const problems: string[] = [];
  const check = (field: string, schema: z.ZodType, value: unknown): void => {
    const result = schema.safeParse(value);
    if (!result.success) problems.push(...result.error.issues.map((issue) => `${[field, ...issue.path.map(String)].join('.')}: ${issue.message}`));
  };
  check('subject', spec.subject, event.subject ?? null);
  check('reason', spec.reasonRequired ? z.string().trim().min(1).max(2000) : z.string().max(2000).nullable(), event.reason ?? null);
  check('before', spec.before, event.before ?? null);
  check('after', spec.after, event.after ?? null);
  check('details', spec.details, event.details ?? {});
  return problems;
}
