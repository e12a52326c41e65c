#!/usr/bin/env node
// Standalone verifier for `arbdesk records export` files. Uses only Node built-ins, so an
// auditor can run it without ArbDesk: `node verify-records.mjs FILE`.
// Exit 0: every entry's hash, the chain, every signature and the head check out.
// Exit 1: the first problem is printed (entry id and what is wrong). Exit 2: usage or unreadable file.
//
// The hash rule is the one in src/main/store/repos/audit-record.ts (computeAuditHash):
// change both or neither.
import { createHash, createPublicKey, verify } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

const GENESIS = '0'.repeat(64);

export function hashOf(entry) {
  const content =
    entry.hash_version === 2
      ? JSON.stringify([
          2,
          entry.id,
          entry.at,
          entry.actor,
          entry.surface ?? null,
          entry.action,
          entry.subject,
          entry.reason ?? null,
          entry.before_state ?? null,
          entry.after_state ?? null,
          entry.details,
          entry.correlation_id,
          entry.key_id ?? null,
        ])
      : JSON.stringify([entry.id, entry.at, entry.actor, entry.action, entry.subject, entry.details, entry.correlation_id]);
  return createHash('sha256').update(entry.prev_hash).update('\n').update(content).digest('hex');
}

/** Returns { ok, entries, signed, firstBadId?, problem? } for the export's text. */
export function verifyRecords(text) {
  const lines = text.split('\n').filter((line) => line.length > 0);
  if (lines.length === 0) return { ok: false, entries: 0, signed: 0, problem: 'the file is empty' };
  let header;
  try {
    header = JSON.parse(lines[0]);
  } catch {
    return { ok: false, entries: 0, signed: 0, problem: 'the first line is not JSON' };
  }
  if (header.type !== 'header' || header.format !== 'arbdesk-records' || header.version !== 1) {
    return { ok: false, entries: 0, signed: 0, problem: 'not an ArbDesk records export (version 1)' };
  }
  const keys = new Map();
  for (const key of header.keys) keys.set(key.keyId, createPublicKey({ key: key.publicKey, format: 'pem' }));
  let expectedPrev = GENESIS;
  let sawVersion2 = false;
  let signed = 0;
  let last = null;
  const bad = (id, problem, count) => ({ ok: false, entries: count, signed, firstBadId: id, problem });
  for (let index = 1; index < lines.length; index += 1) {
    let entry;
    try {
      entry = JSON.parse(lines[index]);
    } catch {
      return bad(null, `line ${index + 1} is not JSON`, index - 1);
    }
    if (entry.type !== 'entry') return bad(null, `line ${index + 1} is not an entry`, index - 1);
    if (entry.prev_hash !== expectedPrev) return bad(entry.id, 'prev_hash does not match the entry before it: an entry was removed, inserted, reordered or rewritten', index);
    if (hashOf(entry) !== entry.hash) return bad(entry.id, 'the entry does not match its hash: it was modified', index);
    const version = entry.hash_version ?? 1;
    if (version === 1 && sawVersion2) return bad(entry.id, 'a version-1 entry follows version-2 entries', index);
    if (version === 2 && entry.key_id !== null && entry.key_id !== undefined) {
      const key = keys.get(entry.key_id);
      if (key === undefined) return bad(entry.id, `signed by key ${entry.key_id}, which the export does not include`, index);
      if (typeof entry.signature !== 'string') return bad(entry.id, 'names a signing key but has no signature', index);
      if (!verify(null, Buffer.from(entry.hash, 'hex'), key, Buffer.from(entry.signature, 'base64'))) {
        return bad(entry.id, `the signature does not verify with key ${entry.key_id}`, index);
      }
      signed += 1;
    }
    sawVersion2 ||= version === 2;
    expectedPrev = entry.hash;
    last = entry;
  }
  const count = lines.length - 1;
  if (count !== header.entries) return bad(null, `the header announces ${header.entries} entries but the file holds ${count}: entries were removed or added`, count);
  const head = header.head;
  if ((head === null) !== (last === null) || (head !== null && (head.id !== last.id || head.hash !== last.hash))) {
    return bad(last?.id ?? null, 'the last entry is not the head the export recorded: the tail was cut or replaced', count);
  }
  const fileHead = header.headFile;
  if (fileHead !== null && fileHead !== undefined && (last === null || fileHead.id > last.id)) {
    return bad(fileHead.id, `the head kept outside the database names entry ${fileHead.id}, beyond the last exported one: the tail was truncated`, count);
  }
  return { ok: true, entries: count, signed };
}

const isMain = process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href;
if (isMain) {
  const file = process.argv[2];
  if (file === undefined) {
    process.stderr.write('usage: node verify-records.mjs <export.jsonl>\n');
    process.exit(2);
  }
  let text;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    process.stderr.write(`verify-records: cannot read ${file}: ${error.message}\n`);
    process.exit(2);
  }
  const result = verifyRecords(text);
  if (result.ok) {
    process.stdout.write(`OK: ${result.entries} entries, ${result.signed} signed; hashes, chain, signatures and head verified.\n`);
    process.exit(0);
  }
  process.stdout.write(`BROKEN at entry ${result.firstBadId ?? '?'}: ${result.problem}\n`);
  process.exit(1);
}
