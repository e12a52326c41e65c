import { useEffect, useRef } from 'react';
import { createChart, createSeriesMarkers, LineSeries, LineStyle, type IChartApi, type SeriesMarker, type Time, type UTCTimestamp } from 'lightweight-charts';
import type { ResolvedTheme } from '../../stores/theme-store';
import { chartOptions, readChartPalette } from '../data/chart-palette';

export interface LineSpec {
  readonly name: string;
  readonly values: readonly (number | null)[];
  /** A theme custom property, e.g. '--chart-up'. */
  readonly colorVar: string;
}

export interface LineMarker {
  readonly date: string;
  readonly position: 'aboveBar' | 'belowBar';
  readonly shape: 'arrowUp' | 'arrowDown' | 'circle' | 'square';
  /** A theme custom property, e.g. '--chart-down'. */
  readonly colorVar: string;
  readonly text: string;
}

const NO_LEVELS: readonly number[] = [];
const NO_MARKERS: readonly LineMarker[] = [];

export interface LineChartProps {
  readonly label: string;
  readonly testId: string;
  readonly dates: readonly string[];
  readonly lines: readonly LineSpec[];
  /** Horizontal reference levels drawn on the first line's scale (e.g. z-score bands). */
  readonly levels?: readonly number[];
  /** Markers on the first line (e.g. a backtest's trades on the spread). */
  readonly markers?: readonly LineMarker[];
  readonly theme: ResolvedTheme;
}

function timeOf(date: string): UTCTimestamp {
  return (Date.parse(`${date}T00:00:00Z`) / 1000) as UTCTimestamp;
}

/** One or more daily lines on a shared time axis; gaps (null) are left out, never drawn as zero. */
export function LineChart({ label, testId, dates, lines, levels = NO_LEVELS, markers = NO_MARKERS, theme }: LineChartProps) {
  const container = useRef<HTMLDivElement>(null);
  const chart = useRef<IChartApi | null>(null);

  useEffect(() => {
    const element = container.current;
    if (element === null) return;
    const palette = readChartPalette();
    const style = getComputedStyle(document.documentElement);
    const created = createChart(element, { ...chartOptions(palette), autoSize: true });
    lines.forEach((line, index) => {
      const series = created.addSeries(LineSeries, { color: style.getPropertyValue(line.colorVar).trim(), lineWidth: 2, title: line.name, priceLineVisible: false });
      const points: { time: UTCTimestamp; value: number }[] = [];
      line.values.forEach((value, i) => {
        const date = dates[i];
        if (value !== null && Number.isFinite(value) && date !== undefined) points.push({ time: timeOf(date), value });
      });
      series.setData(points);
      if (index === 0) {
        for (const level of levels) {
          series.createPriceLine({ price: level, color: palette.border, lineStyle: LineStyle.Dashed, lineWidth: 1, axisLabelVisible: true, title: '' });
        }
        if (markers.length > 0) {
          const items: SeriesMarker<Time>[] = markers.map((marker) => ({
            time: timeOf(marker.date),
            position: marker.position,
            shape: marker.shape,
            color: style.getPropertyValue(marker.colorVar).trim(),
            text: marker.text,
          }));
          createSeriesMarkers(series, items);
        }
      }
    });
    created.timeScale().fitContent();
    chart.current = created;
    return () => {
      chart.current = null;
      created.remove();
    };
  }, [dates, lines, levels, markers, theme]);

  return <div ref={container} className="line-chart" role="img" aria-label={label} data-testid={testId} data-points={dates.length} data-markers={markers.length} />;
}
