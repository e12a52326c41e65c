import { backtestStore, useBacktest } from '../../stores/app-stores';
import { EMPTY_BORROW_ROW, type BorrowRow } from '../../stores/backtest-form-model';
import { FieldError, errorId } from './form-field';

/**
 * The dated borrow table: hard-to-borrow rates, unavailable borrow (the short is rejected) and
 * recalls (a forced buy-in). Symbols without a row borrow at the general collateral rate.
 */
export function BorrowTableEditor() {
  const rows = useBacktest((state) => state.form.borrowTable);
  const error = useBacktest((state) => state.fieldErrors['costs.borrow.table']);
  const setRows = (borrowTable: readonly BorrowRow[]): void => backtestStore.getState().setForm({ borrowTable });
  const change = (index: number, patch: Partial<BorrowRow>): void => setRows(rows.map((row, i) => (i === index ? { ...row, ...patch } : row)));
  return (
    <div className="bt-borrow" role="group" aria-label="Borrow table" aria-describedby={error === undefined ? undefined : errorId('costs.borrow.table')}>
      {rows.length > 0 ? (
        <div className="table-scroll">
          <table className="grid">
            <caption>Borrow table (symbols not listed borrow at the GC rate)</caption>
            <thead>
              <tr>
                <th scope="col">Symbol</th>
                <th scope="col">From</th>
                <th scope="col">Rate (annual)</th>
                <th scope="col">Available</th>
                <th scope="col">Recall</th>
                <th scope="col" />
              </tr>
            </thead>
            <tbody>
              {rows.map((row, index) => (
                // Rows have no identity beyond their place (two may name one symbol), so the index is the key.
                <tr key={index}>
                  <td>
                    <input className="input-short" aria-label={`Borrow row ${index + 1} symbol`} value={row.symbol} onChange={(e) => change(index, { symbol: e.target.value })} />
                  </td>
                  <td>
                    <input className="input-short" aria-label={`Borrow row ${index + 1} from`} placeholder="YYYY-MM-DD" value={row.from} onChange={(e) => change(index, { from: e.target.value })} />
                  </td>
                  <td>
                    <input className="input-short" aria-label={`Borrow row ${index + 1} rate`} placeholder="GC" inputMode="decimal" value={row.rate} onChange={(e) => change(index, { rate: e.target.value })} />
                  </td>
                  <td>
                    <input type="checkbox" aria-label={`Borrow row ${index + 1} available`} checked={row.available} onChange={(e) => change(index, { available: e.target.checked })} />
                  </td>
                  <td>
                    <input type="checkbox" aria-label={`Borrow row ${index + 1} recall`} checked={row.recall} onChange={(e) => change(index, { recall: e.target.checked })} />
                  </td>
                  <td>
                    <button type="button" className="link-button" aria-label={`Remove borrow row ${index + 1}`} onClick={() => setRows(rows.filter((_, i) => i !== index))}>
                      Remove
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      <FieldError path="costs.borrow.table" error={error} />
      <button type="button" className="btn btn-small" onClick={() => setRows([...rows, EMPTY_BORROW_ROW])}>
        Add borrow row
      </button>
    </div>
  );
}
