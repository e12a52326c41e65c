import { useEffect, useMemo, useRef, useState } from 'react';
import { EmptyState } from '../../components/empty-state';
import { LevelTag } from '../../components/level-tag';
import { PageHeader } from '../../components/page-header';
import { SelectField } from '../../components/select-field';
import { formatClockTime } from '../../lib/format';
import { logsStore, useLogs } from '../../stores/app-stores';
import { atLeast, LOG_LEVELS } from '../../stores/logs-store';
import { filterByText } from './log-filter';
import './logs.css';

/** How close to the bottom (px) still counts as "following" the tail. */
const FOLLOW_SLACK_PX = 24;

export function LogsPage() {
  const entries = useLogs((state) => state.entries);
  const minLevel = useLogs((state) => state.minLevel);
  const autoScroll = useLogs((state) => state.autoScroll);
  const loaded = useLogs((state) => state.loaded);
  const [text, setText] = useState('');
  const scroller = useRef<HTMLDivElement>(null);

  const visible = useMemo(() => filterByText(atLeast(entries, minLevel), text), [entries, minLevel, text]);

  useEffect(() => {
    const element = scroller.current;
    if (autoScroll && element !== null) element.scrollTop = element.scrollHeight;
  }, [visible, autoScroll]);

  function onScroll(): void {
    const element = scroller.current;
    if (element === null || !autoScroll) return;
    const atBottom = element.scrollHeight - element.scrollTop - element.clientHeight <= FOLLOW_SLACK_PX;
    // Scrolling up to read means "stop following"; the button brings it back.
    if (!atBottom) logsStore.getState().setAutoScroll(false);
  }

  return (
    <section className="page logs-page" aria-labelledby="logs-title">
      <PageHeader title="Logs" titleId="logs-title">
        <SelectField
          inline
          label="Minimum level"
          value={minLevel}
          options={LOG_LEVELS.map((level) => ({ value: level, label: level }))}
          onChange={(level) => logsStore.getState().setMinLevel(level)}
        />
        <label className="field-inline">
          <span>Filter messages</span>
          <input type="search" value={text} placeholder="text, module or correlation id" onChange={(event) => setText(event.target.value)} />
        </label>
        <button
          type="button"
          className="btn"
          aria-pressed={!autoScroll}
          data-testid="toggle-autoscroll"
          onClick={() => logsStore.getState().setAutoScroll(!autoScroll)}
        >
          {autoScroll ? 'Pause autoscroll' : 'Resume autoscroll'}
        </button>
        <span className="toolbar-note" aria-live="polite">
          {visible.length} of {entries.length} entries
        </span>
      </PageHeader>
      <div className="table-scroll logs-scroll" ref={scroller} onScroll={onScroll} data-testid="log-scroll">
        {visible.length === 0 ? (
          <EmptyState>{loaded ? 'No log entries match.' : 'Loading log entries…'}</EmptyState>
        ) : (
          <table className="grid logs-table" aria-label="Log entries">
            <thead>
              <tr>
                <th scope="col">Time</th>
                <th scope="col">Level</th>
                <th scope="col">Module</th>
                <th scope="col">Message</th>
                <th scope="col">Correlation ID</th>
              </tr>
            </thead>
            <tbody>
              {visible.map((entry, index) => (
                <tr key={`${entry.time}-${index}`} className={`log-row level-row-${entry.level}`}>
                  <td className="nowrap">{formatClockTime(entry.time)}</td>
                  <td>
                    <LevelTag level={entry.level} />
                  </td>
                  <td className="nowrap">{entry.module}</td>
                  <td className="log-message">
                    {entry.msg}
                    {entry.fields !== undefined && Object.keys(entry.fields).length > 0 ? (
                      <span className="log-fields">{JSON.stringify(entry.fields)}</span>
                    ) : null}
                  </td>
                  <td className="mono nowrap">{entry.correlationId ?? ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>
    </section>
  );
}
