import { useMemo } from 'react';
import { heatmapLevel, monthlyHeatmap, type MonthlyReturn } from './equity-model';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

function percent(value: number | null): string {
  return value === null ? '' : `${(value * 100).toFixed(2)}%`;
}

/** Monthly returns as a year × month grid, coloured by sign and size, with each year's total. */
export function MonthlyHeatmap({ months }: { readonly months: readonly MonthlyReturn[] }) {
  const grid = useMemo(() => monthlyHeatmap(months), [months]);
  if (grid.rows.length === 0) return <p className="muted">No full trading month in this run.</p>;
  return (
    <table className="grid bt-heatmap" aria-label="Monthly returns" data-testid="monthly-heatmap">
      <thead>
        <tr>
          <th scope="col">Year</th>
          {MONTHS.map((month) => (
            <th scope="col" key={month} className="num">
              {month}
            </th>
          ))}
          <th scope="col" className="num">
            Year
          </th>
        </tr>
      </thead>
      <tbody>
        {grid.rows.map((row) => (
          <tr key={row.year}>
            <th scope="row">{row.year}</th>
            {row.cells.map((cell, index) => (
              <td key={MONTHS[index]} className={`num heat heat-${heatmapLevel(cell, grid.maxAbs)}`} data-value={cell ?? ''}>
                {percent(cell)}
              </td>
            ))}
            <td className="num heat-total">{percent(row.total)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
