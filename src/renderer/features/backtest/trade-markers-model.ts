/**
 * Trade markers on a pair's spread (z) chart, from the markers `backtest:get` sends: an
 * entry is an arrow in the direction of the trade (long the spread: up, below the line;
 * short: down, above it); an ordinary exit a circle; any stop a square, so a stop-out reads
 * apart from a reversion at a glance. Colours are theme roles the chart resolves.
 */

export interface MarkerInput {
  readonly date: string;
  readonly kind: 'entry' | 'exit';
  readonly direction: 'long' | 'short';
  readonly reason: string;
  readonly z: number | null;
}

export interface MarkerSpec {
  readonly date: string;
  readonly position: 'aboveBar' | 'belowBar';
  readonly shape: 'arrowUp' | 'arrowDown' | 'circle' | 'square';
  readonly colorVar: '--chart-up' | '--chart-down' | '--chart-text' | '--severity-error';
  readonly text: string;
}

function isStop(reason: string): boolean {
  return reason === 'stop' || reason.endsWith('_stop');
}

export function markerSpecs(markers: readonly MarkerInput[]): MarkerSpec[] {
  // The chart wants markers in time order; the sort is stable, so a same-day exit and entry keep theirs.
  return [...markers]
    .sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0))
    .filter((marker) => marker.reason !== 'open_at_end')
    .map((marker): MarkerSpec => {
      if (marker.kind === 'entry') {
        return marker.direction === 'long'
          ? { date: marker.date, position: 'belowBar', shape: 'arrowUp', colorVar: '--chart-up', text: 'long' }
          : { date: marker.date, position: 'aboveBar', shape: 'arrowDown', colorVar: '--chart-down', text: 'short' };
      }
      // An exit sits on the side it came from: a long spread exits from below, a short from above.
      const position = marker.direction === 'long' ? 'belowBar' : 'aboveBar';
      return isStop(marker.reason)
        ? { date: marker.date, position, shape: 'square', colorVar: '--severity-error', text: marker.reason.replaceAll('_', ' ') }
        : // A plain reversion exit needs no words: the circle says it, and a label per exit crowds the chart.
          { date: marker.date, position, shape: 'circle', colorVar: '--chart-text', text: marker.reason === 'exit' ? '' : marker.reason.replaceAll('_', ' ') };
    });
}
