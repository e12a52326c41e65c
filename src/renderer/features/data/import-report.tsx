import { IssuesTable } from '../../components/issues-table';
import { formatInteger, humanizeKind, sortIssueSummary } from '../../lib/format';
import { dataImportStore, useDataImport } from '../../stores/app-stores';

/** The result of an import: counts, issues by kind, and the first rejected rows with file:line. */
export function ImportReportView() {
  const outcome = useDataImport((state) => state.outcome);
  const store = dataImportStore.getState;
  if (outcome === null) return null;
  const { report, error } = outcome;

  return (
    <section className="import-report" aria-label="Import report">
      {error !== null ? (
        <p className="error-text" data-testid="import-error">
          <code>{error.code}</code> {error.message}
        </p>
      ) : null}
      {report !== null ? (
        <>
          {report.noOp ? (
            <p data-testid="import-noop">This file was imported before and nothing changed; no new dataset version was made.</p>
          ) : null}
          {report.dataset !== null ? (
            <dl className="facts report-counts">
              <dt>Dataset</dt>
              <dd>
                {report.dataset.source} v{report.dataset.version} ({report.dataset.format})
              </dd>
              <dt>Rows read</dt>
              <dd className="num">{formatInteger(report.dataset.rowsRead)}</dd>
              <dt>Accepted</dt>
              <dd className="num">{formatInteger(report.dataset.rowsAccepted)}</dd>
              <dt>Rejected</dt>
              <dd className="num">{formatInteger(report.dataset.rowsRejected)}</dd>
              <dt>Bars inserted</dt>
              <dd className="num">{formatInteger(report.dataset.barsInserted)}</dd>
              <dt>Bars changed</dt>
              <dd className="num">{formatInteger(report.dataset.barsChanged)}</dd>
              <dt>Bars unchanged</dt>
              <dd className="num">{formatInteger(report.dataset.barsUnchanged)}</dd>
              <dt>Symbols</dt>
              <dd className="num">{formatInteger(report.dataset.symbolCount)}</dd>
            </dl>
          ) : null}
          <h3>Issues by kind</h3>
          {sortIssueSummary(report.issueSummary).length === 0 ? (
            <p className="muted">No issues found.</p>
          ) : (
            <table className="grid summary-table" aria-label="Issues by kind">
              <tbody>
                {sortIssueSummary(report.issueSummary).map((row) => (
                  <tr key={row.kind}>
                    <th scope="row">{humanizeKind(row.kind)}</th>
                    <td className="num">{formatInteger(row.count)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {report.rejectedSample.length > 0 ? (
            <>
              <h3>First rejected rows</h3>
              <div className="table-scroll dialog-table">
                <IssuesTable label="Rejected rows" issues={report.rejectedSample} />
              </div>
            </>
          ) : null}
        </>
      ) : null}
      <div className="dialog-actions">
        <button type="button" className="btn" onClick={() => store().startOver()}>
          Import another
        </button>
        <button type="button" className="btn btn-primary" onClick={() => store().closeDialog()}>
          Done
        </button>
      </div>
    </section>
  );
}
