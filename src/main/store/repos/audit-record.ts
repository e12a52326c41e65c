import { createHash, createPublicKey, verify as verifySignature, type KeyObject } from 'node:crypto';

/** prev_hash of the first row: the chain has to start from a fixed, known value. */
export const AUDIT_GENESIS_HASH = '0'.repeat(64);

/** One audit_log row as stored. The envelope columns exist from trading migration 2 on. */
export interface AuditRecord {
  id: number;
  at: number;
  actor: string;
  action: string;
  subject: string | null;
  details: string;
  correlation_id: string | null;
  prev_hash: string;
  hash: string;
  surface?: string | null;
  reason?: string | null;
  before_state?: string | null;
  after_state?: string | null;
  /** 1 (or absent): hashed over the first seven columns; 2: over every column but the signature. */
  hash_version?: number;
  key_id?: string | null;
  signature?: string | null;
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
 * hash = sha256(prev_hash, newline, canonical content). The content is a JSON array of the
 * hashed columns (the id included, so rows cannot be renumbered) with JSON columns as stored
 * text; JSON quoting makes the encoding unambiguous. Version 2 adds the envelope and key_id
 * (so a stripped signature breaks the hash); version 1 rows keep their original hash.
 * scripts/verify-records.mjs repeats this rule with node built-ins only: change both or neither.
 */
export function computeAuditHash(record: Omit<AuditRecord, 'hash'>): string {
  const content =
    record.hash_version === 2
      ? JSON.stringify([
          2,
          record.id,
          record.at,
          record.actor,
          record.surface ?? null,
          record.action,
          record.subject,
          record.reason ?? null,
          record.before_state ?? null,
          record.after_state ?? null,
          record.details,
          record.correlation_id,
          record.key_id ?? null,
        ])
      : JSON.stringify([record.id, record.at, record.actor, record.action, record.subject, record.details, record.correlation_id]);
  return createHash('sha256').update(record.prev_hash).update('\n').update(content).digest('hex');
}

/** Signs a row's hash. The private key stays inside the implementation (see audit-signer.ts). */
export interface AuditSigner {
  readonly keyId: string;
  /** SPKI PEM of the public half, stored in audit_keys so any verifier can check. */
  readonly publicKeyPem: string;
  /** Base64 Ed25519 signature of the 32 hash bytes. */
  sign(hash: string): string;
}

/** The key id of a public key: the first 16 hex digits of sha256 over its SPKI DER. */
export function auditKeyId(publicKey: KeyObject): string {
  return createHash('sha256').update(publicKey.export({ type: 'spki', format: 'der' })).digest('hex').slice(0, 16);
}

export function publicKeyFromPem(pem: string): KeyObject {
  return createPublicKey({ key: pem, format: 'pem' });
}

export function signatureValid(hash: string, signature: string, publicKey: KeyObject): boolean {
  return verifySignature(null, Buffer.from(hash, 'hex'), publicKey, Buffer.from(signature, 'base64'));
}

/**
 * The first problem with one row given the row before it, or null. Shared by the repo's
 * verify and the export check, so there is one rule.
 */
export function recordProblem(
  record: AuditRecord,
  expectedPrev: string,
  sawVersion2: boolean,
  keyFor: (keyId: string) => KeyObject | undefined,
): string | null {
  if (record.prev_hash !== expectedPrev) return 'prev_hash does not match the row before it: a row was removed, inserted, reordered or rewritten';
  if (computeAuditHash(record) !== record.hash) return 'row content does not match its hash: the row was modified';
  const version = record.hash_version ?? 1;
  if (version === 1 && sawVersion2) return 'a version-1 row follows version-2 rows: the row was rewritten to an older format';
  if (version === 2 && record.key_id !== null && record.key_id !== undefined) {
    const key = keyFor(record.key_id);
    if (key === undefined) return `the row names signing key ${record.key_id}, which is not among the known public keys`;
    if (record.signature === null || record.signature === undefined) return 'the row names a signing key but its signature is missing';
    if (!signatureValid(record.hash, record.signature, key)) return `the signature does not verify with key ${record.key_id}: the row or its signature was altered`;
  }
  return null;
}
