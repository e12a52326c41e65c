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
