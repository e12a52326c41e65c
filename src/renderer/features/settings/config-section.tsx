import { useMemo } from 'react';
import { EmptyState } from '../../components/empty-state';
import { useSystem } from '../../stores/app-stores';
import { groupConfig } from './config-groups';

/** The effective configuration, read-only: edit config.json or set ARBDESK_* to change it. */
export function ConfigSection() {
  const effective = useSystem((state) => state.config);
  const info = useSystem((state) => state.info);
  const groups = useMemo(
    () => (effective === null ? [] : groupConfig(effective.config, effective.overrides)),
    [effective],
  );

  return (
    <section className="panel panel-wide" aria-labelledby="config-title">
      <h2 id="config-title">Configuration</h2>
      {effective === null ? (
        <EmptyState>Loading configuration…</EmptyState>
      ) : (
        <>
          <dl className="facts">
            <dt>Config file</dt>
            <dd className="mono" data-testid="config-path">
              {effective.path}
            </dd>
            <dt>Environment overrides</dt>
            <dd data-testid="config-overrides">
              {effective.overrides.length === 0 ? 'none' : <code>{effective.overrides.join(', ')}</code>}
            </dd>
            {info !== null ? (
              <>
                <dt>Data directory</dt>
                <dd className="mono">{info.homeDir}</dd>
                <dt>Database</dt>
                <dd className="mono">
                  {info.dbPath} (schema {info.schemaVersion})
                </dd>
                <dt>Logs</dt>
                <dd className="mono">{info.logDir}</dd>
                <dt>Keychain</dt>
                <dd>{info.keychain.available ? 'available' : `unavailable: ${info.keychain.detail}`}</dd>
                <dt>Runtime</dt>
                <dd>
                  Node {info.nodeVersion}
                  {info.electronVersion !== null ? `, Electron ${info.electronVersion}` : ''} on {info.platform}/{info.arch}
                </dd>
              </>
            ) : null}
          </dl>
          <div className="config-groups">
            {groups.map((group) => (
              <table key={group.name} className="grid config-table" aria-label={`Configuration: ${group.name}`}>
                <caption>{group.name}</caption>
                <tbody>
                  {group.rows.map((row) => (
                    <tr key={row.key} className={row.overridden ? 'overridden' : undefined}>
                      <th scope="row" className="mono">
                        {row.key}
                      </th>
                      <td className="mono">
                        {row.value}
                        {row.overridden ? <span className="tag tag-override">env</span> : null}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            ))}
          </div>
        </>
      )}
    </section>
  );
}
