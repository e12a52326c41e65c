import { useEffect } from 'react';
import { EmptyState } from '../../components/empty-state';
import { auditStore, useAudit } from '../../stores/app-stores';
import type { AuditVerifyReport } from '../../../shared/domain/audit';

function verifyText(report: AuditVerifyReport): string {
  const counts = `${report.checked} entries, ${report.signed} signed, ${report.unsigned} unsigned`;
  return report.ok ? `Verified: ${counts}; head ${report.head.state}.` : `BROKEN at entry ${report.firstBadId ?? '?'}: ${report.problem ?? 'unknown problem'} (${counts}).`;
}

/** The audit log, newest first, with filters and a verify button (audit 1.3: how to investigate). */
export function AuditSection() {
  const entries = useAudit((state) => state.entries);
  const actions = useAudit((state) => state.actions);
  const signing = useAudit((state) => state.signing);
  const filters = useAudit((state) => state.filters);
  const loading = useAudit((state) => state.loading);
  const verifying = useAudit((state) => state.verifying);
  const report = useAudit((state) => state.report);
  const { setFilters, load, verify } = auditStore.getState();

  useEffect(() => {
    void auditStore.getState().load();
  }, []);

  return (
    <section className="panel panel-wide" aria-labelledby="audit-title" data-testid="audit-section">
      <div className="panel-header">
        <h2 id="audit-title">Audit log</h2>
        <button type="button" className="btn" disabled={verifying} onClick={() => void verify()}>
          {verifying ? 'Verifying…' : 'Verify'}
        </button>
      </div>
      {signing !== null ? (
        <p className={signing.enabled ? 'audit-signing' : 'audit-signing audit-signing-off'} role={signing.enabled ? undefined : 'status'} data-testid="audit-signing">
          {signing.enabled ? `Signing is on (key ${signing.keyId ?? '?'}).` : signing.detail}
        </p>
      ) : null}
      {report !== null ? (
        <p className={report.ok ? 'audit-verify audit-verify-ok' : 'audit-verify audit-verify-bad'} role="status" data-testid="audit-verify-result">
          {verifyText(report)}
        </p>
      ) : null}
      <form
        className="audit-filters"
        aria-label="Audit filters"
        onSubmit={(event) => {
          event.preventDefault();
          void load();
        }}
      >
        <label>
          Action
          <select value={filters.action} onChange={(event) => setFilters({ action: event.target.value })}>
            <option value="">All</option>
            {actions.map((action) => (
              <option key={action} value={action}>
                {action}
              </option>
            ))}
          </select>
        </label>
        <label>
          Actor
          <input value={filters.actor} placeholder="user, system, hand-edit…" onChange={(event) => setFilters({ actor: event.target.value })} />
        </label>
        <label>
          Subject
          <input value={filters.subject} placeholder="global, pair:*…" onChange={(event) => setFilters({ subject: event.target.value })} />
        </label>
        <label>
          Since (UTC)
          <input type="date" value={filters.since} onChange={(event) => setFilters({ since: event.target.value })} />
        </label>
        <label>
          Until (UTC)
          <input type="date" value={filters.until} onChange={(event) => setFilters({ until: event.target.value })} />
        </label>
        <button type="submit" className="btn" disabled={loading}>
          {loading ? 'Loading…' : 'Apply'}
        </button>
      </form>
      {entries.length === 0 ? (
        <EmptyState>{loading ? 'Loading the audit log…' : 'No audit entries match.'}</EmptyState>
      ) : (
        <table className="audit-table" aria-label="Audit entries">
          <thead>
            <tr>
              <th scope="col">#</th>
              <th scope="col">Time (UTC)</th>
              <th scope="col">Actor</th>
              <th scope="col">Action</th>
              <th scope="col">Subject</th>
              <th scope="col">Reason</th>
              <th scope="col">Signed</th>
            </tr>
          </thead>
          <tbody>
            {entries.map((entry) => (
              <tr key={entry.id} title={JSON.stringify({ before: entry.before, after: entry.after, details: entry.details })}>
                <td>{entry.id}</td>
                <td>{new Date(entry.at).toISOString().replace('T', ' ').slice(0, 19)}</td>
                <td>
                  {entry.actor}
                  {entry.surface !== null ? ` (${entry.surface})` : ''}
                </td>
                <td>{entry.action}</td>
                <td>{entry.subject ?? ''}</td>
                <td>{entry.reason ?? ''}</td>
                <td>{entry.signed ? 'yes' : 'no'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
