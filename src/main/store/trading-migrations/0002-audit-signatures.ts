import type { Migration } from '../migrations/migration';

/**
 * Audit entries get the full envelope of audit 1.3 and a signature:
 * - surface, reason, before_state, after_state: the required fields every entry carries;
 * - hash_version: 1 for rows written before this migration (hashed over the old columns,
 *   never re-hashed), 2 for rows hashed over every column including key_id;
 * - key_id, signature: an Ed25519 signature of the row's hash, by the key whose public half
 *   is in audit_keys. key_id is inside the hash, so stripping a signature is detected.
 *
 * ADD COLUMN never fires the UPDATE trigger and never rewrites old rows, so the chain stands.
 */
export const auditSignatures: Migration = {
  version: 2,
  name: 'audit-signatures',
  up(db) {
    db.exec(`
      ALTER TABLE audit_log ADD COLUMN surface TEXT;
      ALTER TABLE audit_log ADD COLUMN reason TEXT;
      ALTER TABLE audit_log ADD COLUMN before_state TEXT CHECK (before_state IS NULL OR json_valid(before_state));
      ALTER TABLE audit_log ADD COLUMN after_state TEXT CHECK (after_state IS NULL OR json_valid(after_state));
      ALTER TABLE audit_log ADD COLUMN hash_version INTEGER NOT NULL DEFAULT 1 CHECK (hash_version IN (1, 2));
      ALTER TABLE audit_log ADD COLUMN key_id TEXT;
      ALTER TABLE audit_log ADD COLUMN signature TEXT;

      CREATE INDEX audit_log_actor_id ON audit_log (actor, id);
      CREATE INDEX audit_log_at ON audit_log (at);

      -- Public halves of the signing keys, by id. Append-only like the log: a verifier must
      -- be able to check every old signature with the key that made it.
      CREATE TABLE audit_keys (
        key_id     TEXT PRIMARY KEY NOT NULL CHECK (length(key_id) BETWEEN 8 AND 64),
        public_key TEXT NOT NULL CHECK (length(public_key) > 0),
        created_at INTEGER NOT NULL
      ) STRICT;

      CREATE TRIGGER audit_keys_no_update BEFORE UPDATE ON audit_keys
      BEGIN
        SELECT RAISE(ABORT, 'audit_keys is append-only: UPDATE is not allowed');
      END;

      CREATE TRIGGER audit_keys_no_delete BEFORE DELETE ON audit_keys
      BEGIN
        SELECT RAISE(ABORT, 'audit_keys is append-only: DELETE is not allowed');
      END;
    `);
  },
};
