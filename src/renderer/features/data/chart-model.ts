import type { Bar, CorporateActionView, DataIssue, IssueSeverity } from '../../../shared/domain/market-data';

/** Colours read from the theme's CSS custom properties, so the chart follows the theme. */
export interface ChartPalette {
  readonly background: string;
  readonly text: string;
  readonly grid: string;
  readonly border: string;
  readonly up: string;
  readonly down: string;
  readonly volumeUp: string;
  readonly volumeDown: string;
  readonly severity: Readonly<Record<IssueSeverity, string>>;
  /** Corporate-action markers (splits, dividends). */
  readonly action: string;
}

export interface CandlePoint {
  readonly time: string;
  readonly open: number;
  readonly high: number;
  readonly low: number;
  readonly close: number;
}

export interface VolumePoint {
  readonly time: string;
  readonly value: number;
  readonly color: string;
}

export interface IssueMarker {
  readonly time: string;
  readonly position: 'aboveBar' | 'belowBar';
  readonly shape: 'arrowDown' | 'arrowUp' | 'circle' | 'square';
  readonly color: string;
  readonly text: string;
  readonly id: string;
}

/** Bars sorted by date with duplicates dropped (the chart requires strictly ascending times). */
export function sortedUniqueBars(bars: readonly Bar[]): Bar[] {
  const byDate = new Map<string, Bar>();
  for (const bar of bars) byDate.set(bar.date, bar);
  return [...byDate.values()].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
}

export function toCandles(bars: readonly Bar[]): CandlePoint[] {
  return sortedUniqueBars(bars).map(({ date, open, high, low, close }) => ({ time: date, open, high, low, close }));
}

export function toVolume(bars: readonly Bar[], palette: Pick<ChartPalette, 'volumeUp' | 'volumeDown'>): VolumePoint[] {
  return sortedUniqueBars(bars).map((bar) => ({
    time: bar.date,
    value: bar.volume,
    color: bar.close >= bar.open ? palette.volumeUp : palette.volumeDown,
  }));
}

const SEVERITY_ORDER: readonly IssueSeverity[] = ['error', 'warning', 'info'];

function worst(severities: readonly IssueSeverity[]): IssueSeverity {
  return SEVERITY_ORDER.find((severity) => severities.includes(severity)) ?? 'info';
}

/**
 * One marker per date that has issues and a bar to hang it on, coloured by the worst
 * severity, labelled with the distinct kinds. Issues on dates without a bar (a missing
 * trading day) appear only in the list under the chart.
 */
export function toIssueMarkers(
  issues: readonly DataIssue[],
  bars: readonly Bar[],
  palette: Pick<ChartPalette, 'severity'>,
): IssueMarker[] {
  const barDates = new Set(bars.map((bar) => bar.date));
  const byDate = new Map<string, DataIssue[]>();
  for (const issue of issues) {
    if (issue.date === null || !barDates.has(issue.date)) continue;
    const list = byDate.get(issue.date) ?? [];
    list.push(issue);
    byDate.set(issue.date, list);
  }
  return [...byDate.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([date, dayIssues]) => {
      const severity = worst(dayIssues.map((issue) => issue.severity));
      const kinds = [...new Set(dayIssues.map((issue) => issue.kind))];
      return {
        time: date,
        position: severity === 'info' ? 'belowBar' : 'aboveBar',
        shape: severity === 'error' ? 'arrowDown' : severity === 'warning' ? 'circle' : 'square',
        color: palette.severity[severity],
        text: kinds.join(', '),
        id: `issue-${date}`,
      };
    });
}

/**
 * Splits and dividends under the bar of their ex-date, so a jump in the series carries its
 * explanation; an inferred split is marked with a question mark. Actions without a bar
 * (outside the loaded range) are left out.
 */
export function toActionMarkers(
  actions: readonly CorporateActionView[],
  bars: readonly Bar[],
  palette: Pick<ChartPalette, 'action'>,
): IssueMarker[] {
  const barDates = new Set(bars.map((bar) => bar.date));
  return actions
    .filter((action) => barDates.has(action.date))
    .map((action) => ({
      time: action.date,
      position: 'belowBar' as const,
      shape: 'arrowUp' as const,
      color: palette.action,
      text: action.kind === 'split' ? `split ${action.ratio ?? ''}${action.source === 'inferred' ? '?' : ''}` : `div ${action.cashAmount ?? ''}`,
      id: `action-${action.kind}-${action.date}-${action.source}`,
    }));
}

/** Issue and action markers together, in the ascending time order the chart requires. */
export function chartMarkers(
  issues: readonly DataIssue[],
  actions: readonly CorporateActionView[],
  bars: readonly Bar[],
  palette: Pick<ChartPalette, 'severity' | 'action'>,
): IssueMarker[] {
  return [...toIssueMarkers(issues, bars, palette), ...toActionMarkers(actions, bars, palette)].sort((a, b) =>
    a.time < b.time ? -1 : a.time > b.time ? 1 : 0,
  );
}
