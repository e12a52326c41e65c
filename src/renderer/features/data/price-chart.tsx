import { useEffect, useRef } from 'react';
import {
  CandlestickSeries,
  createChart,
  createSeriesMarkers,
  HistogramSeries,
  type IChartApi,
  type ISeriesApi,
  type ISeriesMarkersPluginApi,
  type Time,
} from 'lightweight-charts';
import type { Bar, CorporateActionView, DataIssue } from '../../../shared/domain/market-data';
import type { ResolvedTheme } from '../../stores/theme-store';
import { chartMarkers, toCandles, toVolume, type ChartPalette } from './chart-model';
import { chartOptions, readChartPalette } from './chart-palette';

export interface PriceChartProps {
  readonly symbol: string;
  readonly bars: readonly Bar[];
  readonly issues: readonly DataIssue[];
  readonly actions: readonly CorporateActionView[];
  readonly theme: ResolvedTheme;
}

interface ChartParts {
  readonly chart: IChartApi;
  readonly candles: ISeriesApi<'Candlestick'>;
  readonly volume: ISeriesApi<'Histogram'>;
  readonly markers: ISeriesMarkersPluginApi<Time>;
}

function candleColors(palette: ChartPalette) {
  return {
    upColor: palette.up,
    downColor: palette.down,
    borderUpColor: palette.up,
    borderDownColor: palette.down,
    wickUpColor: palette.up,
    wickDownColor: palette.down,
  };
}

/**
 * Daily candles with volume in its own band at the bottom, and the symbol's data issues and
 * corporate actions as markers. lightweight-charts sizes itself to the container (autoSize uses ResizeObserver).
 */
export function PriceChart({ symbol, bars, issues, actions, theme }: PriceChartProps) {
  const container = useRef<HTMLDivElement>(null);
  const parts = useRef<ChartParts | null>(null);

  useEffect(() => {
    const element = container.current;
    if (element === null) return;
    const palette = readChartPalette();
    const chart = createChart(element, { ...chartOptions(palette), autoSize: true });
    const candles = chart.addSeries(CandlestickSeries, candleColors(palette));
    candles.priceScale().applyOptions({ scaleMargins: { top: 0.05, bottom: 0.25 } });
    const volume = chart.addSeries(HistogramSeries, {
      priceScaleId: '',
      priceFormat: { type: 'volume' },
      lastValueVisible: false,
      priceLineVisible: false,
    });
    volume.priceScale().applyOptions({ scaleMargins: { top: 0.8, bottom: 0 } });
    const markers = createSeriesMarkers(candles, []);
    parts.current = { chart, candles, volume, markers };
    return () => {
      parts.current = null;
      chart.remove();
    };
  }, []);

  useEffect(() => {
    const current = parts.current;
    if (current === null) return;
    const palette = readChartPalette();
    current.chart.applyOptions(chartOptions(palette));
    current.candles.applyOptions(candleColors(palette));
    current.candles.setData(toCandles(bars));
    current.volume.setData(toVolume(bars, palette));
    current.markers.setMarkers(chartMarkers(issues, actions, bars, palette));
    current.chart.timeScale().fitContent();
  }, [bars, issues, actions, theme]);

  return (
    <div
      ref={container}
      className="price-chart"
      data-testid="price-chart"
      data-symbol={symbol}
      data-bars={bars.length}
      role="img"
      data-actions={actions.length}
      aria-label={`${symbol} daily candlestick chart with volume, ${issues.length} data issues and ${actions.length} corporate actions`}
    />
  );
}

/** TradingView's attribution for Lightweight Charts (Apache-2.0 NOTICE), shown with every chart. */
export function ChartAttribution() {
  return (
    <p className="chart-attribution">
      Charts by{' '}
      <a href="https://www.tradingview.com/" target="_blank" rel="noreferrer">
        TradingView Lightweight Charts™
      </a>
    </p>
  );
}
