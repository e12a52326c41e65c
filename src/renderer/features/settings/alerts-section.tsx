import { EmptyState } from '../../components/empty-state';
import { alertsStore, useAlerts } from '../../stores/app-stores';

const time = (ms: number): string => new Date(ms).toISOString().replace('T', ' ').slice(0, 19);

/** Every alert main kept (halts, limit breaches, stale data, broken pairs, errors), newest first, with acknowledge. */
export function AlertsSection() {
  const alerts = useAlerts((state) => state.alerts);
  const unacknowledged = useAlerts((state) => state.unacknowledged);
  const loading = useAlerts((state) => state.loading);
  const open = alerts.filter((alert) => alert.acknowledgedAt === null).map((alert) => alert.id);
  return (
    <section className="panel panel-wide" aria-labelledby="alerts-title" data-testid="alerts-section">
      <div className="panel-header">
        <h2 id="alerts-title">
          Alerts <span className="muted" data-testid="alerts-unacknowledged">({unacknowledged} unacknowledged)</span>
        </h2>
        <button type="button" className="btn" disabled={loading} onClick={() => void alertsStore.getState().load()}>
          {loading ? 'Loading…' : 'Refresh'}
        </button>
        <button type="button" className="btn" disabled={open.length === 0} onClick={() => void alertsStore.getState().acknowledge(open)}>
          Acknowledge all
        </button>
      </div>
      {alerts.length === 0 ? (
        <EmptyState>No alerts.</EmptyState>
      ) : (
        <table className="grid" aria-label="Alerts">
          <thead>
            <tr>
              <th>Last raised (UTC)</th>
              <th>Severity</th>
              <th>Kind</th>
              <th>Subject</th>
              <th>Alert</th>
              <th className="num">Times</th>
              <th>Acknowledged</th>
            </tr>
          </thead>
          <tbody>
            {alerts.map((alert) => (
              <tr key={alert.id} data-testid="alert-row" data-severity={alert.severity}>
                <td className="mono">{time(alert.lastAt)}</td>
                <td>{alert.severity}</td>
                <td>{alert.kind}</td>
                <td className="mono">{alert.subject}</td>
                <td>
                  <strong>{alert.title}</strong>
                  <div className="muted">{alert.message}</div>
                </td>
                <td className="num">{alert.count}</td>
                <td>
                  {alert.acknowledgedAt === null ? (
                    <button type="button" className="btn" onClick={() => void alertsStore.getState().acknowledge([alert.id])}>
                      Acknowledge
                    </button>
                  ) : (
                    `${alert.acknowledgedBy ?? '?'} ${time(alert.acknowledgedAt)}`
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
