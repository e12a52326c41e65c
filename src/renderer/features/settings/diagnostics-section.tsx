import { EmptyState } from '../../components/empty-state';
import { diagnosticsStore, useDiagnostics } from '../../stores/app-stores';

const ms = (value: number | null): string => (value === null ? '> 10 s' : `${value.toLocaleString('en-US', { maximumFractionDigits: 3 })} ms`);

/** Metrics main keeps (IPC latency, errors, job queue, event loop) and how Prometheus scrapes them. */
export function DiagnosticsSection() {
  const snapshot = useDiagnostics((state) => state.snapshot);
  const loading = useDiagnostics((state) => state.loading);
  return (
    <section className="panel panel-wide" aria-labelledby="diagnostics-title" data-testid="diagnostics">
      <div className="panel-header">
        <h2 id="diagnostics-title">Diagnostics</h2>
        <button type="button" className="btn" disabled={loading} onClick={() => void diagnosticsStore.getState().refresh()}>
          {loading ? 'Reading…' : 'Refresh'}
        </button>
      </div>
      {snapshot === null ? (
        <EmptyState>{loading ? 'Reading metrics…' : 'No metrics read yet.'}</EmptyState>
      ) : (
        <>
          <dl className="facts">
            <dt>Event-loop delay</dt>
            <dd data-testid="diagnostics-event-loop">
              mean {ms(snapshot.eventLoop.meanMs)}, p99 {ms(snapshot.eventLoop.p99Ms)}, max {ms(snapshot.eventLoop.maxMs)} (last{' '}
              {Math.round(snapshot.eventLoop.windowMs / 1000)} s window)
            </dd>
            <dt>Jobs</dt>
            <dd data-testid="diagnostics-jobs">
              {snapshot.jobs.running} running, {snapshot.jobs.queued} queued
            </dd>
          </dl>
          <table className="grid diagnostics-table" aria-label="IPC latency by channel">
            <thead>
              <tr>
                <th>Channel</th>
                <th className="num">Calls</th>
                <th className="num">Mean</th>
                <th className="num">p95 at most</th>
              </tr>
            </thead>
            <tbody>
              {snapshot.ipc.map((row) => (
                <tr key={row.channel}>
                  <td className="mono">{row.channel}</td>
                  <td className="num">{row.count}</td>
                  <td className="num">{ms(row.meanMs)}</td>
                  <td className="num">{ms(row.p95AtMostMs)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {snapshot.slo !== undefined && snapshot.slo.length > 0 ? (
            <table className="grid diagnostics-table" aria-label="Service levels against their targets" data-testid="diagnostics-slo">
              <thead>
                <tr>
                  <th>Service level</th>
                  <th className="num">Target</th>
                  <th className="num">Observed</th>
                  <th className="num">p50</th>
                  <th className="num">p99</th>
                  <th className="num">Max</th>
                  <th className="num">Over target</th>
                </tr>
              </thead>
              <tbody>
                {snapshot.slo.map((row) => (
                  <tr key={row.name} className={row.breaches > 0 ? 'slo-breached' : undefined}>
                    <td className="mono">{row.name}</td>
                    <td className="num">{ms(row.targetMs)}</td>
                    <td className="num">{row.count}</td>
                    <td className="num">{row.p50Ms === null ? '—' : ms(row.p50Ms)}</td>
                    <td className="num">{row.p99Ms === null ? '—' : ms(row.p99Ms)}</td>
                    <td className="num">{row.maxMs === null ? '—' : ms(row.maxMs)}</td>
                    <td className="num">{row.breaches}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : null}
          {snapshot.errors.length === 0 ? (
            <p className="muted">No errors counted since start.</p>
          ) : (
            <table className="grid diagnostics-table" aria-label="Errors by area and code">
              <thead>
                <tr>
                  <th>Area</th>
                  <th>Code</th>
                  <th className="num">Count</th>
                </tr>
              </thead>
              <tbody>
                {snapshot.errors.map((row) => (
                  <tr key={`${row.area}/${row.code}`}>
                    <td>{row.area}</td>
                    <td className="mono">{row.code}</td>
                    <td className="num">{row.count}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </>
      )}
      <ScrapeAccessFacts />
    </section>
  );
}

function ScrapeAccessFacts() {
  const access = useDiagnostics((state) => state.access);
  const visible = useDiagnostics((state) => state.tokenVisible);
  if (access === null) return <EmptyState>Reading the Prometheus scrape token…</EmptyState>;
  return (
    <dl className="facts" data-testid="diagnostics-scrape">
      <dt>Prometheus</dt>
      <dd>{access.url === null ? 'not served by this window' : <span className="mono">{access.url}</span>}</dd>
      <dt>Scrape token</dt>
      <dd>
        {access.token === null ? (
          <span data-testid="diagnostics-scrape-disabled">{access.detail}</span>
        ) : (
          <>
            <code data-testid="diagnostics-scrape-token">{visible ? access.token : '•'.repeat(16)}</code>{' '}
            <button type="button" className="btn" onClick={() => diagnosticsStore.getState().setTokenVisible(!visible)}>
              {visible ? 'Hide' : 'Show'}
            </button>{' '}
            <button type="button" className="btn" onClick={() => void diagnosticsStore.getState().copyToken()}>
              Copy
            </button>
            <div className="muted">{access.detail}</div>
          </>
        )}
      </dd>
    </dl>
  );
}
