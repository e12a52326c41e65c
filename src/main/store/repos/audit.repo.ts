import type { KeyObject } from 'node:crypto';
import type Database from 'better-sqlite3';
import { z } from 'zod';
import { AppError } from '../../../shared/ipc/errors';
import { currentCorrelationId } from '../../logging/context';
import { AUDIT_GENESIS_HASH, canonicalJson, computeAuditHash, publicKeyFromPem, recordProblem, type AuditRecord, type AuditSigner } from './audit-record';

export { AUDIT_GENESIS_HASH, canonicalJson, computeAuditHash, type AuditRecord, type AuditSigner } from './audit-record';

const MAX_LIST_LIMIT = 1000;

const auditEntrySchema = z.object({
  /** 'user', 'system', 'strategy:<id>', 'user:cli', 'hand-edit', ... */
  actor: z.string().trim().min(1).max(200),
  /** ui, cli, system, file, control (the service defaults it from the actor). */
  surface: z.string().min(1).max(20).nullable().optional(),
  /** Dotted verb such as 'trading.halt' or 'config.write'. */
  action: z
    .string()
    .max(100)
    .regex(/^[a-z][a-zA-Z0-9_-]*(\.[a-zA-Z0-9_-]+)*$/, 'must be a dotted name such as trading.halt'),
  subject: z.string().max(500).nullable().optional(),
  reason: z.string().max(2000).nullable().optional(),
  before: z.json().optional(),
  after: z.json().optional(),
  details: z.record(z.string(), z.json()).optional(),
  /** Defaults to the correlation id of the request being handled, if any. */
  correlationId: z.string().max(200).nullable().optional(),
});
export type AuditEntryInput = z.input<typeof auditEntrySchema>;

const listQuerySchema = z.object({
  limit: z.number().int().min(1).max(MAX_LIST_LIMIT),
  /** Id cursor for paging backwards: only rows with id < before. */
  before: z.number().int().positive().optional(),
  action: z.string().min(1).max(100).optional(),
  actor: z.string().min(1).max(200).optional(),
  /** Exact subject, or a prefix when it ends with '*'. */
  subject: z.string().min(1).max(500).optional(),
  /** Epoch ms, inclusive. */
  since: z.number().int().optional(),
  /** Epoch ms, exclusive. */
  until: z.number().int().optional(),
});
export type AuditListQuery = z.input<typeof listQuerySchema>;

export interface AuditRow {
  readonly id: number;
  readonly at: number;
  readonly actor: string;
  readonly surface: string | null;
  readonly action: string;
  readonly subject: string | null;
  readonly reason: string | null;
  readonly before: unknown;
  readonly after: unknown;
  readonly details: Readonly<Record<string, unknown>>;
  readonly correlationId: string | null;
  readonly prevHash: string;
  readonly hash: string;
  readonly hashVersion: number;
  readonly keyId: string | null;
  readonly signature: string | null;
}

export interface AuditChainReport {
  readonly ok: boolean;
  /** Rows examined, including the first bad one. */
  readonly checked: number;
  /** Rows among them carrying a verified signature / carrying none. */
  readonly signed: number;
  readonly unsigned: number;
  readonly firstBadId?: number;
  readonly problem?: string;
}

export interface AuditHead {
  readonly id: number;
  readonly hash: string;
}

export interface AuditKeyRecord {
  readonly keyId: string;
  readonly publicKey: string;
  readonly createdAt: number;
}

export interface AuditRepo {
  /** Appends one entry, extending the hash chain (and signing it when a signer is set). */
  append(entry: AuditEntryInput): AuditRow;
  /**
   * Appends entries in order in one transaction: the chain's last row is read once and each
   * entry links to the one before it in memory (a tick's order events, without a savepoint
   * and a head read per entry). All or none are written.
   */
  appendMany(entries: readonly AuditEntryInput[]): AuditRow[];
  /** Newest first. */
  list(query: AuditListQuery): AuditRow[];
  /** Every row, oldest first, streamed (exports). */
  iterate(): IterableIterator<AuditRecord>;
  /** Recomputes the whole chain and every signature; the first row that does not match is reported. */
  verifyChain(): AuditChainReport;
  /** The newest row's id and hash, or null for an empty log (backups compare heads). */
  head(): AuditHead | null;
  /** The hash of row `id`, or null when there is no such row. */
  hashOf(id: number): string | null;
  /** Signs every later append with `signer` (null: unsigned); stores its public key once. */
  setSigner(signer: AuditSigner | null): void;
  readonly signing: boolean;
  keys(): AuditKeyRecord[];
}

function toRow(record: AuditRecord): AuditRow {
  const json = (text: string | null | undefined): unknown => (text === null || text === undefined ? null : JSON.parse(text));
  return {
    id: record.id,
    at: record.at,
    actor: record.actor,
    surface: record.surface ?? null,
    action: record.action,
    subject: record.subject,
    reason: record.reason ?? null,
    before: json(record.before_state),
    after: json(record.after_state),
    details: JSON.parse(record.details) as Record<string, unknown>,
    correlationId: record.correlation_id,
    prevHash: record.prev_hash,
    hash: record.hash,
    hashVersion: record.hash_version ?? 1,
    keyId: record.key_id ?? null,
    signature: record.signature ?? null,
  };
}

function invalid(what: string, error: z.ZodError): AppError {
  return new AppError('VALIDATION_FAILED', `Invalid ${what}: ${z.prettifyError(error)}`, {
    issues: error.issues.slice(0, 20).map((issue) => ({ path: issue.path.map(String).join('.') || '(root)', message: issue.message })),
  });
}

function hasColumn(db: Database.Database, table: string, column: string): boolean {
  return (db.prepare(`PRAGMA table_info(${table})`).all() as Array<{ name: string }>).some((info) => info.name === column);
}

/**
 * The audit trail's only gateway. Rows are written with an explicit id (last + 1) because the
 * id is part of the hashed content and must be known before the insert; the read of the last
 * row and the insert share a BEGIN IMMEDIATE transaction, so a second process appending at the
 * same moment waits instead of forking the chain.
 *
 * What the chain proves: no row was edited, inserted or removed before the newest one. That
 * the newest rows were not cut off is proven against the head kept outside the database
 * (audit-head-file.ts); that rows were not re-hashed wholesale, by the signatures.
 *
 * A table from before trading migration 2 (the legacy research store) gets version-1 rows.
 */
export function createAuditRepo(db: Database.Database, options: { now?: () => number; signer?: AuditSigner | null } = {}): AuditRepo {
  const now = options.now ?? Date.now;
  const envelope = hasColumn(db, 'audit_log', 'hash_version');
  let signer: AuditSigner | null = null;
  const lastStatement = db.prepare<[], Pick<AuditRecord, 'id' | 'hash'>>('SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1');
  const hashOfStatement = db.prepare<[number], { hash: string }>('SELECT hash FROM audit_log WHERE id = ?');
  const insertStatement = envelope
    ? db.prepare<AuditRecord>(
        `INSERT INTO audit_log (id, at, actor, surface, action, subject, reason, before_state, after_state, details, correlation_id, prev_hash, hash, hash_version, key_id, signature)
         VALUES (@id, @at, @actor, @surface, @action, @subject, @reason, @before_state, @after_state, @details, @correlation_id, @prev_hash, @hash, @hash_version, @key_id, @signature)`,
      )
    : db.prepare<AuditRecord>(
        `INSERT INTO audit_log (id, at, actor, action, subject, details, correlation_id, prev_hash, hash)
         VALUES (@id, @at, @actor, @action, @subject, @details, @correlation_id, @prev_hash, @hash)`,
      );
  // Every filter is optional: a NULL parameter switches its condition off. A missing cursor is
  // MAX_SAFE_INTEGER so the scan stays a range on the rowid.
  const listStatement = db.prepare<Record<string, string | number | null>, AuditRecord>(
    `SELECT * FROM audit_log
     WHERE id < @before
       AND (@action IS NULL OR action = @action)
       AND (@actor IS NULL OR actor = @actor)
       AND (@subject IS NULL OR subject = @subject)
       AND (@subjectPrefix IS NULL OR substr(subject, 1, length(@subjectPrefix)) = @subjectPrefix)
       AND (@since IS NULL OR at >= @since)
       AND (@until IS NULL OR at < @until)
     ORDER BY id DESC LIMIT @limit`,
  );
  const allStatement = db.prepare<[], AuditRecord>('SELECT * FROM audit_log ORDER BY id');
  const keysStatement = envelope ? db.prepare<[], { key_id: string; public_key: string; created_at: number }>('SELECT key_id, public_key, created_at FROM audit_keys ORDER BY created_at, key_id') : null;
  const insertKeyStatement = envelope ? db.prepare('INSERT OR IGNORE INTO audit_keys (key_id, public_key, created_at) VALUES (?, ?, ?)') : null;

  const link = (record: Omit<AuditRecord, 'id' | 'prev_hash' | 'hash'>, last: Pick<AuditRecord, 'id' | 'hash'> | undefined): AuditRecord => {
    const unhashed = { ...record, id: (last?.id ?? 0) + 1, prev_hash: last?.hash ?? AUDIT_GENESIS_HASH };
    const hash = computeAuditHash(unhashed);
    const full: AuditRecord = envelope ? { ...unhashed, hash, signature: signer === null ? null : signer.sign(hash) } : { ...unhashed, hash };
    insertStatement.run(full);
    return full;
  };
  const appendTransaction = db.transaction((record: Omit<AuditRecord, 'id' | 'prev_hash' | 'hash'>): AuditRecord => link(record, lastStatement.get()));
  const appendManyTransaction = db.transaction((records: readonly Omit<AuditRecord, 'id' | 'prev_hash' | 'hash'>[]): AuditRecord[] => {
    let last = lastStatement.get();
    const written: AuditRecord[] = [];
    for (const record of records) {
      const full = link(record, last);
      written.push(full);
      last = full;
    }
    return written;
  });

  const loadKeys = (): Map<string, KeyObject> => new Map((keysStatement?.all() ?? []).map((key) => [key.key_id, publicKeyFromPem(key.public_key)]));

  const toRecord = (entry: AuditEntryInput): Omit<AuditRecord, 'id' | 'prev_hash' | 'hash'> => {
      const parsed = auditEntrySchema.safeParse(entry);
      if (!parsed.success) throw invalid('audit entry', parsed.error);
      const e = parsed.data;
      return {
        at: now(),
        actor: e.actor,
        action: e.action,
        subject: e.subject ?? null,
        details: canonicalJson(e.details ?? {}),
        correlation_id: e.correlationId ?? currentCorrelationId() ?? null,
        ...(envelope
          ? {
              surface: e.surface ?? null,
              reason: e.reason ?? null,
              before_state: e.before === undefined || e.before === null ? null : canonicalJson(e.before),
              after_state: e.after === undefined || e.after === null ? null : canonicalJson(e.after),
              hash_version: 2,
              key_id: signer?.keyId ?? null,
            }
          : {}),
      };
  };

  return {
    append(entry) {
      return toRow(appendTransaction.immediate(toRecord(entry)));
    },

    appendMany(entries) {
      if (entries.length === 0) return [];
      // Every entry is checked before anything is written.
      const records = entries.map(toRecord);
      return appendManyTransaction.immediate(records).map(toRow);
    },

    list(query) {
      const parsed = listQuerySchema.safeParse(query);
      if (!parsed.success) throw invalid('audit list query', parsed.error);
      const q = parsed.data;
      const prefix = q.subject?.endsWith('*') === true ? q.subject.slice(0, -1) : null;
      return listStatement
        .all({
          limit: q.limit,
          before: q.before ?? Number.MAX_SAFE_INTEGER,
          action: q.action ?? null,
          actor: q.actor ?? null,
          subject: prefix === null ? (q.subject ?? null) : null,
          subjectPrefix: prefix,
          since: q.since ?? null,
          until: q.until ?? null,
        })
        .map(toRow);
    },

    iterate: () => allStatement.iterate(),

    head() {
      return lastStatement.get() ?? null;
    },

    hashOf(id) {
      return hashOfStatement.get(id)?.hash ?? null;
    },

    setSigner(next) {
      if (next !== null) {
        if (insertKeyStatement === null) throw new AppError('CONFLICT', `The audit log in ${db.name} predates signatures; it cannot be signed.`, { db: db.name });
        insertKeyStatement.run(next.keyId, next.publicKeyPem, now());
      }
      signer = next;
    },

    get signing() {
      return signer !== null;
    },

    keys() {
      return (keysStatement?.all() ?? []).map((key) => ({ keyId: key.key_id, publicKey: key.public_key, createdAt: key.created_at }));
    },

    verifyChain() {
      const keys = loadKeys();
      let expectedPrev = AUDIT_GENESIS_HASH;
      let checked = 0;
      let signed = 0;
      let sawVersion2 = false;
      // iterate() streams rows, so a long history is verified without loading it all.
      for (const record of allStatement.iterate()) {
        checked += 1;
        const problem = recordProblem(record, expectedPrev, sawVersion2, (id) => keys.get(id));
        if (problem !== null) return { ok: false, checked, signed, unsigned: checked - 1 - signed, firstBadId: record.id, problem };
        if (record.signature !== null && record.signature !== undefined) signed += 1;
        sawVersion2 ||= record.hash_version === 2;
        expectedPrev = record.hash;
      }
      return { ok: true, checked, signed, unsigned: checked - signed };
    },
  };
}
