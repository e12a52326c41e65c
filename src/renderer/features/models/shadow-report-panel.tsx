import { useModels } from '../../stores/app-stores';

const number = (value: number | null, digits = 4): string => (value === null ? '—' : value.toPrecision(digits));

/**
 * Champion vs the selected challenger (or canary) over the shadow period: both forecast
 * errors on the days both logged with a known outcome, and the Diebold-Mariano test of equal
 * accuracy (a positive statistic favours the challenger). Shown only for a version in shadow
 * with a champion to compare with.
 */
export function ShadowReportPanel() {
  const report = useModels((state) => state.shadow);
  if (report === null) return null;
  const dm = report.dieboldMariano;
  return (
    <section className="shadow-report" aria-label="Shadow report" data-testid="shadow-report">
      <h3>Shadow report: champion #{report.championId} vs challenger #{report.challengerId}</h3>
      <p className="muted" data-testid="shadow-days">
        {report.dates.length === 0
          ? 'No shadow day with a known outcome yet: both versions log a prediction at every close (market replay or models:predict), and the next close settles it.'
          : `${report.dates.length} shadow day(s) from ${report.dates[0] ?? ''} to ${report.dates.at(-1) ?? ''}.`}
      </p>
      <table className="data-table" aria-label="Champion vs challenger">
        <thead>
          <tr>
            <th scope="col">Champion MSE</th>
            <th scope="col">Challenger MSE</th>
            <th scope="col">Diebold-Mariano statistic</th>
            <th scope="col">p-value</th>
            <th scope="col">Days</th>
          </tr>
        </thead>
        <tbody>
          <tr>
            <td>{number(report.championMse)}</td>
            <td>{number(report.challengerMse)}</td>
            <td data-testid="dm-statistic">{number(dm?.statistic ?? null, 3)}</td>
            <td data-testid="dm-p-value">{number(dm?.pValue ?? null, 3)}</td>
            <td>{dm?.samples ?? report.dates.length}</td>
          </tr>
        </tbody>
      </table>
    </section>
  );
}
