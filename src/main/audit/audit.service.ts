import type Database from 'better-sqlite3';
import { AppError } from '../../shared/ipc/errors';
import {
  createAuditRepo,
  type AuditChainReport,
  type AuditEntryInput,
  type AuditHead,
  type AuditKeyRecord,
  type AuditListQuery,
  type AuditRecord,
  type AuditRow,
  type AuditSigner,
} from '../store/repos/audit.repo';

export type { AuditRow } from '../store/repos/audit.repo';
import { auditEventProblems, surfaceOf, type AuditEvent } from './core/audit-actions';
import { readAuditHeadFile, writeAuditHeadFile } from './audit-head-file';

export interface AuditSigningStatus {
  readonly enabled: boolean;
  readonly keyId: string | null;
  readonly detail: string;
}

/** What `audit verify` reports: the chain and signatures, then the head kept outside the database. */
export interface AuditVerifyReport extends AuditChainReport {
  readonly head: {
    /** ok: the file's entry is in the database with that hash; off: no head file is kept (tests). */
    readonly state: 'ok' | 'off' | 'missing' | 'ahead' | 'mismatch' | 'empty';
    readonly file: string | null;
    readonly fileHead: { id: number; hash: string } | null;
    readonly dbHead: AuditHead | null;
  };
  readonly signing: AuditSigningStatus;
}

/**
 * The one way any area records an audit entry. There is one hash chain, in the trading
 * database; the composition root builds this service once over that database and passes it
 * to every area (data, CLI commands, the kill switch) instead of the repository.
 *
 * `append` checks the entry against its kind's schema (core/audit-actions.ts), then is its
 * own short BEGIN IMMEDIATE transaction; called inside a transaction on the same connection
 * (the kill switch saving a state change), it joins that transaction, so the change and its
 * entry commit together or not at all. The head file is written only after a commit, so a
 * rolled-back entry never lands there: inside a transaction the caller calls `syncHead()`
 * once it has committed.
 */
export interface AuditService {
  append(entry: AuditEvent): AuditRow;
  /** Appends events in order in one transaction (all or none), e.g. the order events of one broker tick. */
  appendMany(entries: readonly AuditEvent[]): AuditRow[];
  list(query: AuditListQuery): AuditRow[];
  /** Every row, oldest first, as stored (exports and the standalone verifier). */
  records(): IterableIterator<AuditRecord>;
  keys(): AuditKeyRecord[];
  /** The chain and signatures only (db check, backups). */
  verifyChain(): AuditChainReport;
  /** Chain, signatures and the head file: what `arbdesk audit verify` and the UI report. */
  verify(): AuditVerifyReport;
  head(): AuditHead | null;
  /** Writes the database's newest entry to the head file (after a caller's transaction commits). */
  syncHead(): void;
  /** Signs later entries with `signer`; null (no keychain) leaves them unsigned, with `detail` saying why. */
  setSigner(signer: AuditSigner | null, detail: string): void;
  signingStatus(): AuditSigningStatus;
}

export interface AuditServiceOptions {
  readonly now?: () => number;
  /** `<home>/audit-head.json`; null or absent keeps no head (unit tests of other areas). */
  readonly headFile?: string | null;
}

export function invalidAuditEvent(event: AuditEvent, problems: readonly string[]): AppError {
  return new AppError('VALIDATION_FAILED', `Invalid audit entry "${String(event.action)}": ${problems.join('; ')}`, { action: event.action, problems: problems.slice(0, 20) });
}

export function createAuditService(tradingDb: Database.Database, options: AuditServiceOptions = {}): AuditService {
  const repo = createAuditRepo(tradingDb, options.now === undefined ? {} : { now: options.now });
  const now = options.now ?? Date.now;
  const headFile = options.headFile ?? null;
  let signing: AuditSigningStatus = { enabled: false, keyId: null, detail: 'Audit signing is off: no signing key has been loaded yet.' };

  const syncHead = (): void => {
    if (headFile === null) return;
    const head = repo.head();
    if (head === null) return;
    writeAuditHeadFile(headFile, { id: head.id, hash: head.hash, keyId: signing.keyId, writtenAt: now() });
  };

  // A database with entries but no head file yet (the first start with this release) gets
  // one now; from then on a missing file is reported by verify, never silently recreated.
  const adoptionKey = 'audit.head-file';
  if (headFile !== null && readAuditHeadFile(headFile) === null && repo.head() !== null) {
    const adopted = tradingDb.prepare('SELECT 1 FROM trading_meta WHERE key = ?').get(adoptionKey) !== undefined;
    if (!adopted) syncHead();
  }
  if (headFile !== null) {
    tradingDb.prepare('INSERT OR IGNORE INTO trading_meta (key, value, updated_at) VALUES (?, ?, ?)').run(adoptionKey, JSON.stringify({ file: headFile }), now());
  }

  const headState = (): AuditVerifyReport['head'] => {
    const dbHead = repo.head();
    if (headFile === null) return { state: 'off', file: null, fileHead: null, dbHead };
    const fileHead = readAuditHeadFile(headFile);
    const fileView = fileHead === null ? null : { id: fileHead.id, hash: fileHead.hash };
    if (fileHead === null) return { state: dbHead === null ? 'empty' : 'missing', file: headFile, fileHead: null, dbHead };
    if (dbHead === null || fileHead.id > dbHead.id) return { state: 'ahead', file: headFile, fileHead: fileView, dbHead };
    return { state: repo.hashOf(fileHead.id) === fileHead.hash ? 'ok' : 'mismatch', file: headFile, fileHead: fileView, dbHead };
  };

  const toInput = (entry: AuditEvent): AuditEntryInput => {
      const problems = auditEventProblems(entry);
      if (problems.length > 0) throw invalidAuditEvent(entry, problems);
      // The kind's schema accepted these; the repository checks again that they are plain JSON.
      return {
        actor: entry.actor,
        surface: entry.surface ?? surfaceOf(entry.actor),
        action: entry.action,
        subject: entry.subject ?? null,
        reason: entry.reason ?? null,
        before: (entry.before ?? null) as AuditEntryInput['before'],
        after: (entry.after ?? null) as AuditEntryInput['after'],
        details: (entry.details ?? {}) as AuditEntryInput['details'],
        ...(entry.correlationId === undefined ? {} : { correlationId: entry.correlationId }),
      };
  };

  return {
    append(entry) {
      const row = repo.append(toInput(entry));
      if (!tradingDb.inTransaction) syncHead();
      return row;
    },
    appendMany(entries) {
      const rows = repo.appendMany(entries.map(toInput));
      if (!tradingDb.inTransaction && rows.length > 0) syncHead();
      return rows;
    },
    list: (query) => repo.list(query),
    records: () => repo.iterate(),
    keys: () => repo.keys(),
    verifyChain: () => repo.verifyChain(),
    verify() {
      const chain = repo.verifyChain();
      const head = headState();
      const report = { ...chain, head, signing };
      if (!chain.ok) return report;
      switch (head.state) {
        case 'ok':
        case 'off':
        case 'empty':
          return report;
        case 'missing':
          return { ...report, ok: false, firstBadId: head.dbHead?.id ?? 0, problem: `the audit head file ${head.file ?? ''} is missing, so a cut-off tail cannot be ruled out` };
        case 'ahead':
          return {
            ...report,
            ok: false,
            firstBadId: (head.dbHead?.id ?? 0) + 1,
            problem: `the head file names entry ${head.fileHead?.id ?? '?'} but the database ends at ${head.dbHead?.id ?? 'nothing'}: the newest entries were removed (truncated tail)`,
          };
        case 'mismatch':
          return { ...report, ok: false, firstBadId: head.fileHead?.id ?? 0, problem: `entry ${head.fileHead?.id ?? '?'} does not have the hash the head file recorded: the tail was rewritten` };
      }
    },
    head: () => repo.head(),
    syncHead,
    setSigner(signer, detail) {
      repo.setSigner(signer);
      signing = { enabled: signer !== null, keyId: signer?.keyId ?? null, detail };
    },
    signingStatus: () => signing,
  };
}
