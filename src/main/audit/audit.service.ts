import type Database from 'better-sqlite3';
import { createAuditRepo, type AuditChainReport, type AuditEntryInput, type AuditHead, type AuditListQuery, type AuditRow } from '../store/repos/audit.repo';

/**
 * The one way any area records an audit entry. There is one hash chain, in the trading
 * database; the composition root builds this service once over that database and passes it
 * to every area (data, CLI commands, the kill switch) instead of the repository.
 *
 * `append` is its own short BEGIN IMMEDIATE transaction; called inside a transaction on the
 * same connection (the kill switch saving a state change), it joins that transaction, so the
 * change and its entry commit together or not at all.
 */
export interface AuditService {
  append(entry: AuditEntryInput): AuditRow;
  list(query: AuditListQuery): AuditRow[];
  verifyChain(): AuditChainReport;
  head(): AuditHead | null;
}

export function createAuditService(tradingDb: Database.Database, options: { now?: () => number } = {}): AuditService {
  const repo = createAuditRepo(tradingDb, options);
  return {
    append: (entry) => repo.append(entry),
    list: (query) => repo.list(query),
    verifyChain: () => repo.verifyChain(),
    head: () => repo.head(),
  };
}
