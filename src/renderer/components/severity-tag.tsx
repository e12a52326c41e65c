import type { IssueSeverity } from '../../shared/domain/market-data';

export function SeverityTag({ severity }: { readonly severity: IssueSeverity }) {
  return <span className={`tag severity-${severity}`}>{severity}</span>;
}
