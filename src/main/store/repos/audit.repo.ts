import { createHash } from 'node:crypto';
import type Database from 'better-sqlite3';
import { z } from 'zod';
import { AppError } from '../../../shared/ipc/errors';
import { currentCorrelationId } from '../../logging/context';

/** prev_hash of the first row: the chain has to start from a fixed, known value. */
export const AUDIT_GENESIS_HASH = '0'.repeat(64);

const MAX_LIST_LIMIT = 1000;

const auditEntrySchema = z.object({
  /** 'user', 'system', 'strategy:<id>', 'cli', ... */
  actor: z.string().trim().min(1).max(200),
  /** Dotted verb such as 'trading.halt' or 'config.update'. */
  action: z
    .string()
    .max(100)
    .regex(/^[a-z][a-zA-Z0-9_-]*(\.[a-zA-Z0-9_-]+)*$/, 'must be a dotted name such as trading.halt'),
  subject: z.string().max(500).nullable().optional(),
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
});
export type AuditListQuery = z.input<typeof listQuerySchema>;

export interface AuditRow {
  readonly id: number;
  readonly at: number;
  readonly actor: string;
  readonly action: string;
  readonly subject: string | null;
  readonly details: Readonly<Record<string, unknown>>;
  readonly correlationId: string | null;
  readonly prevHash: string;
  readonly hash: string;
}

export interface AuditChainReport {
  readonly ok: boolean;
  /** Rows examined, including the first bad one. */
  readonly checked: number;
  readonly firstBadId?: number;
  readonly problem?: string;
}

export interface AuditRepo {
  /** Appends one entry, extending the hash chain, and returns the stored row. */
  append(entry: AuditEntryInput): AuditRow;
  /** Newest first. */
  list(query: AuditListQuery): AuditRow[];
  /** Recomputes the whole chain; the first row that does not match is reported. */
  verifyChain(): AuditChainReport;
  /** The newest row's id and hash, or null for an empty log (backups compare heads). */
  head(): AuditHead | null;
}

export interface AuditHead {
  readonly id: number;
  readonly hash: string;
}

interface AuditRecord {
  id: number;
  at: number;
  actor: string;
  action: string;
  subject: string | null;
  details: string;
  correlation_id: string | null;
  prev_hash: string;
  hash: string;
}

/**
 * JSON with object keys sorted at every level, so the same details always produce the same
 * text, hence the same hash, whatever order the caller built the object in.
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, inner: unknown) => {
    if (inner === null || typeof inner !== 'object' || Array.isArray(inner)) return inner;
    // fromEntries defines own properties, so a "__proto__" key stays data, not a prototype.
    return Object.fromEntries(Object.keys(inner).sort().map((key) => [key, (inner as Record<string, unknown>)[key]]));
  });
}

/**
 * hash = sha256(prev_hash, newline, canonical content). The content is a JSON array of every
 * column (the id included, so rows cannot be renumbered) with details as the stored text;
 * JSON quoting makes the encoding unambiguous, so no two different rows hash the same input.
 */
export function computeAuditHash(record: Omit<AuditRecord, 'hash'>): string {
  const content = JSON.stringify([
    record.id,
    record.at,
    record.actor,
    record.action,
    record.subject,
    record.details,
    record.correlation_id,
  ]);
  return createHash('sha256').update(record.prev_hash).update('\n').update(content).digest('hex');
}

function toRow(record: AuditRecord): AuditRow {
  return {
    id: record.id,
    at: record.at,
    actor: record.actor,
    action: record.action,
    subject: record.subject,
    details: JSON.parse(record.details) as Record<string, unknown>,
    correlationId: record.correlation_id,
    prevHash: record.prev_hash,
    hash: record.hash,
  };
}

function invalid(what: string, error: z.ZodError): AppError {
  return new AppError('VALIDATION_FAILED', `Invalid ${what}: ${z.prettifyError(error)}`, {
    issues: error.issues.slice(0, 20).map((issue) => ({ path: issue.path.map(String).join('.') || '(root)', message: issue.message })),
  });
}

/**
 * The audit trail's only gateway. Rows are written with an explicit id (last + 1) because the
 * id is part of the hashed content and must be known before the insert; the read of the last
 * row and the insert share a BEGIN IMMEDIATE transaction, so a second process appending at the
 * same moment waits instead of forking the chain.
 *
 * What the chain proves: no row was edited, inserted or removed before the newest one. It
 * cannot show that the newest rows were cut off; anchoring the head hash elsewhere (logs,
 * backups) covers that.
 */
export function createAuditRepo(db: Database.Database, options: { now?: () => number } = {}): AuditRepo {
  const now = options.now ?? Date.now;
  const lastStatement = db.prepare<[], Pick<AuditRecord, 'id' | 'hash'>>('SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1');
  const insertStatement = db.prepare<AuditRecord>(
    `INSERT INTO audit_log (id, at, actor, action, subject, details, correlation_id, prev_hash, hash)
     VALUES (@id, @at, @actor, @action, @subject, @details, @correlation_id, @prev_hash, @hash)`,
  );
  // A missing cursor is passed as MAX_SAFE_INTEGER rather than NULL so both statements stay
  // plain range scans (on the rowid, or on the (action, id) index).
  const listStatement = db.prepare<{ limit: number; before: number }, AuditRecord>(
    'SELECT * FROM audit_log WHERE id < @before ORDER BY id DESC LIMIT @limit',
  );
  const listByActionStatement = db.prepare<{ limit: number; before: number; action: string }, AuditRecord>(
    'SELECT * FROM audit_log WHERE action = @action AND id < @before ORDER BY id DESC LIMIT @limit',
  );
  const allStatement = db.prepare<[], AuditRecord>('SELECT * FROM audit_log ORDER BY id');

  const appendTransaction = db.transaction((record: Omit<AuditRecord, 'id' | 'prev_hash' | 'hash'>): AuditRecord => {
    const last = lastStatement.get();
    const unhashed = { ...record, id: (last?.id ?? 0) + 1, prev_hash: last?.hash ?? AUDIT_GENESIS_HASH };
    const full: AuditRecord = { ...unhashed, hash: computeAuditHash(unhashed) };
    insertStatement.run(full);
    return full;
  });

  return {
    append(entry) {
      const parsed = auditEntrySchema.safeParse(entry);
      if (!parsed.success) throw invalid('audit entry', parsed.error);
      const record = appendTransaction.immediate({
        at: now(),
        actor: parsed.data.actor,
        action: parsed.data.action,
        subject: parsed.data.subject ?? null,
        details: canonicalJson(parsed.data.details ?? {}),
        correlation_id: parsed.data.correlationId ?? currentCorrelationId() ?? null,
      });
      return toRow(record);
    },

    list(query) {
      const parsed = listQuerySchema.safeParse(query);
      if (!parsed.success) throw invalid('audit list query', parsed.error);
      const { limit, action } = parsed.data;
      const before = parsed.data.before ?? Number.MAX_SAFE_INTEGER;
      const records =
        action === undefined ? listStatement.all({ limit, before }) : listByActionStatement.all({ limit, action, before });
      return records.map(toRow);
    },

    head() {
      return lastStatement.get() ?? null;
    },

    verifyChain() {
      let expectedPrev = AUDIT_GENESIS_HASH;
      let checked = 0;
      // iterate() streams rows, so a long history is verified without loading it all.
      for (const record of allStatement.iterate()) {
        checked += 1;
        if (record.prev_hash !== expectedPrev) {
          return {
            ok: false,
            checked,
            firstBadId: record.id,
            problem: 'prev_hash does not match the row before it: a row was removed, inserted, reordered or rewritten',
          };
        }
        if (computeAuditHash(record) !== record.hash) {
          return { ok: false, checked, firstBadId: record.id, problem: 'row content does not match its hash: the row was modified' };
        }
        expectedPrev = record.hash;
      }
      return { ok: true, checked };
    },
  };
}
