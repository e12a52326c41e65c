import type { Migration } from './migration';

/**
 * The audit log moved to the trading database (trading.sqlite). The rows already here stay
 * as they were (the trading database adopts them verbatim, hashes included, on its first
 * open), and from this version on nothing can append here: one chain, in one place.
 */
export const retireAuditLog: Migration = {
  version: 3,
  name: 'retire-audit-log',
  up(db) {
    db.exec(`
      CREATE TRIGGER audit_log_retired BEFORE INSERT ON audit_log
      BEGIN
        SELECT RAISE(ABORT, 'audit_log moved to trading.sqlite: append through the audit service');
      END;
    `);
  },
};
