import type { RiskSnapshotWire } from '../../../shared/domain/risk-analytics';
import { formatMoney, formatPercent } from './risk-format';

type ExposureRow = RiskSnapshotWire['exposure']['bySymbol'][number];

/** One exposure table with a long/short bar per row, scaled to the largest gross in it. */
function ExposureTable({ title, rows, testId }: { readonly title: string; readonly rows: readonly ExposureRow[]; readonly testId: string }) {
  const widest = Math.max(...rows.map((row) => Math.max(row.long, row.short)), 1);
  return (
    <table className="grid risk-exposure" aria-label={`Exposure by ${title}`} data-testid={testId}>
      <thead>
        <tr>
          <th scope="col">{title}</th>
          <th scope="col" className="num">Long</th>
          <th scope="col" className="num">Short</th>
          <th scope="col" className="num">Gross</th>
          <th scope="col" className="num">Net</th>
          <th scope="col" className="num">Share</th>
          <th scope="col">Short | Long</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={row.key}>
            <td className="nowrap">{row.key}</td>
            <td className="num">{formatMoney(row.long)}</td>
            <td className="num">{formatMoney(row.short)}</td>
            <td className="num">{formatMoney(row.gross)}</td>
            <td className="num">{formatMoney(row.net)}</td>
            <td className="num">{formatPercent(row.grossShare, 1)}</td>
            <td className="bar-cell" aria-hidden="true">
              <span className="half short-half">
                <span className="bar short" style={{ width: `${(row.short / widest) * 100}%` }} />
              </span>
              <span className="half">
                <span className="bar long" style={{ width: `${(row.long / widest) * 100}%` }} />
              </span>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function ExposureView({ exposure, equity }: { readonly exposure: RiskSnapshotWire['exposure']; readonly equity: number }) {
  const { totals } = exposure;
  return (
    <div className="risk-section" data-testid="risk-exposure">
      <dl className="risk-totals">
        <div>
          <dt>Equity</dt>
          <dd>{formatMoney(equity)}</dd>
        </div>
        <div>
          <dt>Gross</dt>
          <dd data-testid="risk-gross">{formatMoney(totals.gross)}</dd>
        </div>
        <div>
          <dt>Net</dt>
          <dd>{formatMoney(totals.net)}</dd>
        </div>
        <div>
          <dt>Gross leverage</dt>
          <dd>{totals.grossLeverage.toFixed(2)}×</dd>
        </div>
        <div>
          <dt>Net leverage</dt>
          <dd>{totals.netLeverage.toFixed(2)}×</dd>
        </div>
      </dl>
      <div className="risk-columns">
        <ExposureTable title="Pair" rows={exposure.byPair} testId="exposure-by-pair" />
        <ExposureTable title="Sector" rows={exposure.bySector} testId="exposure-by-sector" />
      </div>
      <ExposureTable title="Symbol" rows={exposure.bySymbol} testId="exposure-by-symbol" />
    </div>
  );
}
