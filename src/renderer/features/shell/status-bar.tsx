import type { ConnectionStatus } from '../../api/client';
import { useBroker, useSystem } from '../../stores/app-stores';

const TRANSPORT_LABEL: Readonly<Record<ConnectionStatus['transport'], string>> = {
  electron: 'Desktop IPC',
  websocket: 'WebSocket',
};

export function StatusBar() {
  const connection = useSystem((state) => state.connection);
  const info = useSystem((state) => state.info);
  const broker = useBroker((state) => state.status);
  return (
    <footer className="status-bar" data-testid="status-bar">
      <span
        className="status-item"
        data-testid="connection-status"
        data-state={connection.state}
        title={connection.detail ?? undefined}
      >
        <span className={`dot link-${connection.state}`} aria-hidden="true" />
        {TRANSPORT_LABEL[connection.transport]}: {connection.state}
        {connection.state === 'closed' && connection.detail !== null ? ` (${connection.detail})` : null}
      </span>
      <span className="status-item broker-state" data-testid="broker-connection" data-connection={broker?.connection ?? 'unknown'} title={broker?.detail ?? undefined}>
        <span className={`dot connection-${broker?.connection ?? 'none'}`} aria-hidden="true" />
        {broker === null ? 'broker: …' : broker.broker === 'none' ? 'no broker' : `${broker.broker} broker: ${broker.connection}`}
      </span>
      <span className="status-item" data-testid="db-path" title={info?.dbPath}>
        DB: {info?.dbPath ?? '…'}
      </span>
      <span className="status-item" data-testid="ml-backend" title={info?.mlBackend.detail}>
        ML: {info?.mlBackend.name ?? '…'}
      </span>
      <span className="status-item status-version" data-testid="app-version">
        {info !== null ? `${info.appName} ${info.version}` : 'ArbDesk'}
      </span>
    </footer>
  );
}
