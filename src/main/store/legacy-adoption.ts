import type Database from 'better-sqlite3';
import type { Logger } from 'pino';
import { z } from 'zod';
import { AppError } from '../../shared/ipc/errors';
import { AUDIT_GENESIS_HASH, computeAuditHash } from './repos/audit.repo';

/** trading_meta key recording that the research store's audit log and halt were adopted. */
export const LEGACY_ADOPTION_KEY = 'legacy.research-adopted';
/** The research store's app_state key the old kill switch wrote. */
const LEGACY_HALT_KEY = 'trading.halt';

const legacyHaltSchema = z.object({
  halted: z.boolean(),
  haltedAt: z.number().int().nullable(),
  haltReason: z.string().nullable(),
});

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

export interface AdoptionReport {
  readonly adopted: boolean;
  /** Audit rows copied verbatim (0 when already adopted or nothing to copy). */
  readonly auditRows: number;
  /** The global state written from the legacy row, or null when there was none. */
  readonly legacyHalt: 'HALTED' | 'ACTIVE' | null;
}

function tableExists(db: Database.Database, name: string): boolean {
  return db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(name) !== undefined;
}

/** The chain's first problem, or null; the same rule as AuditRepo.verifyChain. */
function chainProblem(records: readonly AuditRecord[]): string | null {
  let expectedPrev = AUDIT_GENESIS_HASH;
  for (const record of records) {
    if (record.prev_hash !== expectedPrev) return `row ${record.id}: prev_hash does not match the row before it`;
    if (computeAuditHash(record) !== record.hash) return `row ${record.id}: content does not match its hash`;
    expectedPrev = record.hash;
  }
  return null;
}

/**
 * One-off move of what the research store used to hold for trading into the trading
 * database, run on every open of the trading database until it has happened once:
 *
 * - audit_log rows are copied VERBATIM (ids, times, hashes), after verifying the research
 *   chain, and the copy is verified again inside the same transaction; history is never
 *   re-hashed. Research migration 0003 already stops appends there, so the copy is complete.
 * - the app_state row 'trading.halt' ({halted, haltedAt, haltReason}) becomes the global
 *   state: halted → HALTED with its reason and time; not halted → ACTIVE.
 *
 * All in ONE transaction on the trading database, recorded under LEGACY_ADOPTION_KEY; the
 * research store is only read. A trading database whose chain already has rows is accepted
 * only if the research rows are exactly its prefix; anything else is two chains, refused.
 */
export function adoptLegacyResearchState(trading: Database.Database, research: Database.Database, now: number, logger?: Logger): AdoptionReport {
  const done = trading.prepare('SELECT 1 FROM trading_meta WHERE key = ?');
  if (done.get(LEGACY_ADOPTION_KEY) !== undefined) return { adopted: false, auditRows: 0, legacyHalt: null };

  const legacyRows = tableExists(research, 'audit_log')
    ? research.prepare<[], AuditRecord>('SELECT id, at, actor, action, subject, details, correlation_id, prev_hash, hash FROM audit_log ORDER BY id').all()
    : [];
  const researchProblem = chainProblem(legacyRows);
  if (researchProblem !== null) {
    throw new AppError(
      'STORE_CORRUPT',
      `The audit log in ${research.name} fails its hash chain (${researchProblem}), so it was not moved to ${trading.name}. ` +
        'Restore the research database from a backup, then start again.',
      { research: research.name, trading: trading.name, problem: researchProblem },
    );
  }
  const legacyHalt = readLegacyHalt(research);

  const run = trading.transaction((): AdoptionReport => {
    if (done.get(LEGACY_ADOPTION_KEY) !== undefined) return { adopted: false, auditRows: 0, legacyHalt: null };
    const existing = trading.prepare<[], AuditRecord>('SELECT * FROM audit_log ORDER BY id').all();
    const insert = trading.prepare<AuditRecord>(
      `INSERT INTO audit_log (id, at, actor, action, subject, details, correlation_id, prev_hash, hash)
       VALUES (@id, @at, @actor, @action, @subject, @details, @correlation_id, @prev_hash, @hash)`,
    );
    let copied = 0;
    if (existing.length === 0) {
      for (const record of legacyRows) insert.run(record);
      copied = legacyRows.length;
    } else {
      const diverged = legacyRows.find((record, index) => existing[index]?.hash !== record.hash);
      if (diverged !== undefined) {
        throw new AppError(
          'CONFLICT',
          `${trading.name} already has an audit chain that does not start with the one in ${research.name} (first difference at row ${diverged.id}); ` +
            'they cannot be merged into one chain. Restore a matching pair of backups.',
          { research: research.name, trading: trading.name, firstDifferentId: diverged.id },
        );
      }
    }
    const afterCopy = trading.prepare<[], AuditRecord>('SELECT * FROM audit_log ORDER BY id').all();
    const copyProblem = chainProblem(afterCopy);
    if (copyProblem !== null) throw new AppError('STORE_CORRUPT', `The adopted audit chain in ${trading.name} does not verify (${copyProblem}).`, { problem: copyProblem });

    const hasGlobal = trading.prepare("SELECT 1 FROM trading_state WHERE scope = 'global'").get() !== undefined;
    let legacyStatus: AdoptionReport['legacyHalt'] = null;
    if (legacyHalt !== null && !hasGlobal) {
      legacyStatus = legacyHalt.halted ? 'HALTED' : 'ACTIVE';
      trading
        .prepare("INSERT INTO trading_state (scope, status, reason, actor, since) VALUES ('global', ?, ?, 'system', ?)")
        .run(legacyStatus, legacyHalt.halted ? legacyHalt.haltReason : null, legacyHalt.halted ? (legacyHalt.haltedAt ?? now) : now);
    }
    const head = afterCopy.at(-1);
    trading
      .prepare('INSERT INTO trading_meta (key, value, updated_at) VALUES (?, ?, ?)')
      .run(
        LEGACY_ADOPTION_KEY,
        JSON.stringify({ from: research.name, auditRows: copied, headId: head?.id ?? null, headHash: head?.hash ?? null, legacyHalt: legacyStatus }),
        now,
      );
    return { adopted: true, auditRows: copied, legacyHalt: legacyStatus };
  });
  const report = run.immediate();
  if (report.adopted) logger?.info({ research: research.name, trading: trading.name, ...report }, 'adopted the research store’s audit log and halt');
  return report;
}

function readLegacyHalt(research: Database.Database): z.infer<typeof legacyHaltSchema> | null {
  if (!tableExists(research, 'app_state')) return null;
  const row = research.prepare<[string], { value: string }>('SELECT value FROM app_state WHERE key = ?').get(LEGACY_HALT_KEY);
  if (row === undefined) return null;
  const parsed = legacyHaltSchema.safeParse(JSON.parse(row.value));
  if (!parsed.success) {
    // Unreadable must not become "not halted": start halted and say why.
    return { halted: true, haltedAt: null, haltReason: `The old persisted halt in ${research.name} could not be read; halted to be safe.` };
  }
  return parsed.data;
}
