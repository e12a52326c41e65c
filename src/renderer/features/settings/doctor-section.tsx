import { EmptyState } from '../../components/empty-state';
import { StatusIcon } from '../../components/status-icon';
import { systemStore, useSystem } from '../../stores/app-stores';

export function DoctorSection() {
  const checks = useSystem((state) => state.doctor);
  const running = useSystem((state) => state.doctorRunning);
  return (
    <section className="panel" aria-labelledby="doctor-title">
      <div className="panel-header">
        <h2 id="doctor-title">Health checks</h2>
        <button type="button" className="btn" disabled={running} onClick={() => void systemStore.getState().runDoctor()}>
          {running ? 'Running…' : 'Run health checks'}
        </button>
      </div>
      {checks === null ? (
        <EmptyState>{running ? 'Running health checks…' : 'Health checks have not run yet.'}</EmptyState>
      ) : (
        <ul className="doctor-list" aria-label="Health check results">
          {checks.map((check) => (
            <li key={check.id} className={`doctor-check doctor-${check.status}`} data-testid={`doctor-${check.id}`}>
              <StatusIcon status={check.status} />
              <div>
                <div className="doctor-title">{check.title}</div>
                <div className="doctor-detail">{check.detail}</div>
                {check.status !== 'ok' && check.remedy !== undefined ? (
                  <div className="doctor-remedy">
                    <strong>Fix: </strong>
                    {check.remedy}
                  </div>
                ) : null}
              </div>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
