import { useState } from 'react';
import type { BacktestCsvFile } from '../../../shared/ipc/sections/backtest';
import { backtestStore, useBacktest } from '../../stores/app-stores';

const CSV_FILES: readonly BacktestCsvFile[] = ['equity.csv', 'trades.csv', 'fills.csv', 'accruals.csv'];

/** Exports of the open run: one CSV of the set, summary.json, or the self-contained report. */
export function ExportBar() {
  const exporting = useBacktest((state) => state.exporting);
  const [file, setFile] = useState<BacktestCsvFile>('equity.csv');
  const store = backtestStore.getState();
  return (
    <div className="bt-export" role="group" aria-label="Export">
      <span className="field-inline">
        <label htmlFor="bt-export-csv-file">CSV file</label>
        <select
          id="bt-export-csv-file"
          name="csvFile"
          value={file}
          onChange={(e) => {
            const chosen = CSV_FILES.find((name) => name === e.target.value);
            if (chosen !== undefined) setFile(chosen);
          }}
        >
          {CSV_FILES.map((name) => (
            <option key={name} value={name}>
              {name}
            </option>
          ))}
        </select>
      </span>
      <button type="button" className="btn btn-small" disabled={exporting} onClick={() => void store.exportRun('csv', file)}>
        Export CSV
      </button>
      <button type="button" className="btn btn-small" disabled={exporting} onClick={() => void store.exportRun('json')}>
        Export JSON
      </button>
      <button type="button" className="btn btn-small" disabled={exporting} onClick={() => void store.exportRun('html')}>
        Export HTML report
      </button>
    </div>
  );
}
