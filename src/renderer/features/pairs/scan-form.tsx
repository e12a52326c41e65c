import type { FormEvent } from 'react';
import { scannerStore, useScanner } from '../../stores/app-stores';

/** Parameters of a new scan; the formation window is the only statistic's input. */
export function ScanForm() {
  const form = useScanner((state) => state.form);
  const errors = useScanner((state) => state.formErrors);
  const job = useScanner((state) => state.job);
  const running = job !== null && (job.state === 'queued' || job.state === 'running');
  const set = scannerStore.getState().setForm;

  function submit(event: FormEvent): void {
    event.preventDefault();
    void scannerStore.getState().startScan();
  }

  return (
    <form className="scan-form" aria-label="Scan parameters" onSubmit={submit}>
      <label className="field">
        <span>Formation from</span>
        <input name="from" value={form.from} onChange={(e) => set({ from: e.target.value })} placeholder="YYYY-MM-DD" />
      </label>
      <label className="field">
        <span>to</span>
        <input name="to" value={form.to} onChange={(e) => set({ to: e.target.value })} placeholder="YYYY-MM-DD" />
      </label>
      <label className="field">
        <span>Universe</span>
        <select name="universe" value={form.universe} onChange={(e) => set({ universe: e.target.value === 'sector' ? 'sector' : 'all' })}>
          <option value="all">Every clean symbol</option>
          <option value="sector">One sector</option>
        </select>
      </label>
      {form.universe === 'sector' ? (
        <label className="field">
          <span>Sector</span>
          <input name="sector" value={form.sector} onChange={(e) => set({ sector: e.target.value })} placeholder="e.g. Energy" />
        </label>
      ) : null}
      <label className="field">
        <span>Prices</span>
        <select name="transform" value={form.transform} onChange={(e) => set({ transform: e.target.value === 'raw' ? 'raw' : 'log' })}>
          <option value="log">Log</option>
          <option value="raw">Raw</option>
        </select>
      </label>
      <label className="field">
        <span>Multiple testing</span>
        <select name="fdrMethod" value={form.fdrMethod} onChange={(e) => set({ fdrMethod: e.target.value === 'bonferroni' ? 'bonferroni' : 'bh' })}>
          <option value="bh">Benjamini-Hochberg FDR</option>
          <option value="bonferroni">Bonferroni</option>
        </select>
      </label>
      <label className="field narrow">
        <span>Level</span>
        <input name="fdrAlpha" value={form.fdrAlpha} onChange={(e) => set({ fdrAlpha: e.target.value })} inputMode="decimal" />
      </label>
      <label className="field narrow">
        <span>Min. return correlation</span>
        <input name="minCorrelation" value={form.minCorrelation} onChange={(e) => set({ minCorrelation: e.target.value })} placeholder="any" inputMode="decimal" />
      </label>
      <label className="check">
        <input type="checkbox" name="sameSectorOnly" checked={form.sameSectorOnly} onChange={(e) => set({ sameSectorOnly: e.target.checked })} />
        Same sector only
      </label>
      <label className="check">
        <input
          type="checkbox"
          name="overrideQualityGate"
          checked={form.overrideQualityGate}
          onChange={(e) => set({ overrideQualityGate: e.target.checked })}
        />
        Include symbols with data errors (this run only)
      </label>
      <button type="submit" className="btn btn-primary" disabled={running}>
        Run scan
      </button>
      {errors.length > 0 ? (
        <ul className="form-errors" role="alert">
          {errors.map((error) => (
            <li key={error}>{error}</li>
          ))}
        </ul>
      ) : null}
    </form>
  );
}
