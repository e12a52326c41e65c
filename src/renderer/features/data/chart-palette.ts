import { ColorType } from 'lightweight-charts';
import type { ChartPalette } from './chart-model';

/** Reads the chart colours from the theme's custom properties (styles/theme.css). */
export function readChartPalette(root: HTMLElement = document.documentElement): ChartPalette {
  const style = getComputedStyle(root);
  const read = (name: string): string => style.getPropertyValue(name).trim();
  return {
    background: read('--chart-bg'),
    text: read('--chart-text'),
    grid: read('--chart-grid'),
    border: read('--chart-border'),
    up: read('--chart-up'),
    down: read('--chart-down'),
    volumeUp: read('--chart-volume-up'),
    volumeDown: read('--chart-volume-down'),
    severity: {
      error: read('--severity-error'),
      warning: read('--severity-warning'),
      info: read('--severity-info'),
    },
    action: read('--chart-action'),
  };
}

/** The layout every ArbDesk chart shares (price charts and the pair view's lines). */
export function chartOptions(palette: ChartPalette) {
  return {
    layout: {
      background: { type: ColorType.Solid, color: palette.background },
      textColor: palette.text,
      fontSize: 11,
      // The page's stack, so the chart never asks for a web font the CSP would refuse.
      fontFamily: getComputedStyle(document.body).fontFamily,
      // The built-in logo injects a <style> element, which style-src 'self' refuses; the
      // attribution the licence asks for is shown under the chart instead (ChartAttribution).
      attributionLogo: false,
    },
    grid: { vertLines: { color: palette.grid }, horzLines: { color: palette.grid } },
    rightPriceScale: { borderColor: palette.border },
    timeScale: { borderColor: palette.border },
  };
}
