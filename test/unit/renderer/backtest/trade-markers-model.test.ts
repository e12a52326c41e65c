import { describe, expect, it } from 'vitest';
import { markerSpecs } from '../../../../src/renderer/features/backtest/trade-markers-model';

describe('trade markers on the spread chart', () => {
  it('draws entries as arrows in the trade’s direction, exits as circles and stops as squares', () => {
    const specs = markerSpecs([
      { date: '2014-03-03', kind: 'entry', direction: 'long', reason: 'entry_long', z: -2.1 },
      { date: '2014-03-20', kind: 'exit', direction: 'long', reason: 'exit', z: -0.4 },
      { date: '2014-05-01', kind: 'entry', direction: 'short', reason: 'entry_short', z: 2.2 },
      { date: '2014-05-09', kind: 'exit', direction: 'short', reason: 'trailing_stop', z: 4.1 },
      { date: '2018-02-07', kind: 'exit', direction: 'short', reason: 'open_at_end', z: 1 },
    ]);
    expect(specs.map((spec) => [spec.date, spec.position, spec.shape])).toEqual([
      ['2014-03-03', 'belowBar', 'arrowUp'],
      ['2014-03-20', 'belowBar', 'circle'],
      ['2014-05-01', 'aboveBar', 'arrowDown'],
      ['2014-05-09', 'aboveBar', 'square'],
    ]);
    expect(specs.map((spec) => spec.text)).toEqual(['long', '', 'short', 'trailing stop']);
  });
});
