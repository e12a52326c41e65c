import type { DataIssue } from '../../shared/domain/market-data';
import { formatLocation, humanizeKind } from '../lib/format';
import { SeverityTag } from './severity-tag';

export interface IssuesTableProps {
  /** The table's accessible name. */
  readonly label: string;
  readonly issues: readonly DataIssue[];
  readonly showSymbol?: boolean;
  readonly showLocation?: boolean;
  readonly testId?: string;
}

export function IssuesTable({ label, issues, showSymbol = true, showLocation = true, testId }: IssuesTableProps) {
  return (
    <table className="grid issues-table" aria-label={label} data-testid={testId}>
      <thead>
        <tr>
          <th scope="col">Date</th>
          {showSymbol ? <th scope="col">Symbol</th> : null}
          <th scope="col">Kind</th>
          <th scope="col">Severity</th>
          <th scope="col">Field</th>
          <th scope="col">Detail</th>
          {showLocation ? <th scope="col">Location</th> : null}
        </tr>
      </thead>
      <tbody>
        {issues.map((issue, index) => (
          <tr key={`${issue.datasetId ?? 'x'}-${issue.symbol ?? ''}-${issue.date ?? ''}-${issue.kind}-${index}`}>
            <td className="nowrap">{issue.date ?? '—'}</td>
            {showSymbol ? <td className="nowrap">{issue.symbol ?? '—'}</td> : null}
            <td className="nowrap">{humanizeKind(issue.kind)}</td>
            <td>
              <SeverityTag severity={issue.severity} />
            </td>
            <td className="mono nowrap">{issue.field ?? ''}</td>
            <td className="issue-detail">{issue.detail}</td>
            {showLocation ? <td className="mono nowrap">{formatLocation(issue.file, issue.line)}</td> : null}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
