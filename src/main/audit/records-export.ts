import { closeSync, openSync, writeSync } from 'node:fs';
import { AppError } from '../../shared/ipc/errors';
import type { AuditService } from './audit.service';
import { readAuditHeadFile } from './audit-head-file';

/** The first line of a records export; scripts/verify-records.mjs reads exactly this. */
export interface RecordsExportHeader {
  readonly type: 'header';
  readonly format: 'arbdesk-records';
  readonly version: 1;
  readonly exportedAt: string;
  /** Public halves of every signing key the log knows (SPKI PEM). */
  readonly keys: ReadonlyArray<{ keyId: string; publicKey: string }>;
  /** The database's newest entry at export time. */
  readonly head: { id: number; hash: string } | null;
  /** The head kept outside the database, as read at export time (null when none is kept). */
  readonly headFile: { id: number; hash: string } | null;
  readonly entries: number;
}

function openForExport(file: string): number {
  try {
    // 'wx': an export never overwrites an earlier one (a record is kept, not replaced).
    return openSync(file, 'wx', 0o600);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new AppError(code === 'EEXIST' ? 'CONFLICT' : 'UNAVAILABLE', `Cannot write the export ${file}: ${code === 'EEXIST' ? 'the file already exists' : (error as Error).message}`, { file }, { cause: error });
  }
}

/**
 * Writes a self-contained, verifiable export: a header line (keys, heads, count), then every
 * audit row exactly as stored, oldest first, one JSON object a line. Anyone can check it with
 * `node scripts/verify-records.mjs FILE` (node built-ins only): hashes, chain, signatures, and
 * that it ends at the head. Returns the number of entries written.
 */
export function exportRecords(audit: AuditService, file: string, headFile: string | null, now: () => number = Date.now): RecordsExportHeader {
  const fileHead = headFile === null ? null : readAuditHeadFile(headFile);
  const records = [...audit.records()];
  const head = audit.head();
  const header: RecordsExportHeader = {
    type: 'header',
    format: 'arbdesk-records',
    version: 1,
    exportedAt: new Date(now()).toISOString(),
    keys: audit.keys().map((key) => ({ keyId: key.keyId, publicKey: key.publicKey })),
    head: head === null ? null : { id: head.id, hash: head.hash },
    headFile: fileHead === null ? null : { id: fileHead.id, hash: fileHead.hash },
    entries: records.length,
  };
  const fd = openForExport(file);
  try {
    writeSync(fd, `${JSON.stringify(header)}\n`);
    for (const record of records) writeSync(fd, `${JSON.stringify({ type: 'entry', ...record })}\n`);
  } finally {
    closeSync(fd);
  }
  return header;
}

/** `arbdesk audit export`: the rows for reading (ISO UTC time, parsed JSON), one a line. */
export function exportAuditJsonl(audit: AuditService, file: string): number {
  const fd = openForExport(file);
  let count = 0;
  try {
    for (const record of audit.records()) {
      const json = (text: string | null | undefined): unknown => (text === null || text === undefined ? null : JSON.parse(text));
      writeSync(
        fd,
        `${JSON.stringify({
          id: record.id,
          time: new Date(record.at).toISOString(),
          actor: record.actor,
          surface: record.surface ?? null,
          action: record.action,
          subject: record.subject,
          reason: record.reason ?? null,
          before: json(record.before_state),
          after: json(record.after_state),
          details: json(record.details),
          correlationId: record.correlation_id,
          hash: record.hash,
          prevHash: record.prev_hash,
          keyId: record.key_id ?? null,
          signature: record.signature ?? null,
        })}\n`,
      );
      count += 1;
    }
  } finally {
    closeSync(fd);
  }
  return count;
}
