import { useMemo } from 'react';
import type { PairDetail } from '../../../shared/ipc/sections/scanner';
import { scannerStore, useScanner, useTheme } from '../../stores/app-stores';
import { ChartAttribution } from '../data/price-chart';
import { LineChart, type LineSpec } from './line-chart';
import { formatHalfLife, formatProbability, formatRatio } from './pair-format';

/** z-score bands drawn on the spread chart: the usual entry (±2) and exit (±0.5) levels. */
const Z_BANDS = [-2, -0.5, 0.5, 2];

function PairStats({ detail }: { readonly detail: PairDetail }) {
  const s = detail.stats;
  const rows: Array<[string, string]> = [
    ['Observations', String(s.nobs)],
    ['Hedge ratio β', formatRatio(s.beta, 4)],
    ['Intercept α', formatRatio(s.alpha, 4)],
    ['Engle-Granger t', formatRatio(s.egStat)],
    ['p-value', formatProbability(s.egPvalue)],
    ['ADF lags', s.egLags === null ? '—' : String(s.egLags)],
    ['Half-life (days)', formatHalfLife(s.halfLife)],
    ['Hurst', formatRatio(s.hurst)],
    ['Return correlation', formatRatio(s.correlation)],
    ['Johansen trace r=0 / r≤1', s.johansenTrace.map((v) => v.toFixed(2)).join(' / ')],
    ['  95% critical', s.johansenTraceCritical95.map((v) => v.toFixed(2)).join(' / ')],
    ['Johansen max-eig r=0 / r≤1', s.johansenMaxEig.map((v) => v.toFixed(2)).join(' / ')],
    ['  95% critical', s.johansenMaxEigCritical95.map((v) => v.toFixed(2)).join(' / ')],
  ];
  return (
    <dl className="pair-stats" data-testid="pair-stats">
      {rows.map(([term, value], i) => (
        <div key={`${term}-${i}`}>
          <dt>{term}</dt>
          <dd className="num">{value}</dd>
        </div>
      ))}
    </dl>
  );
}

export function PairView() {
  const detail = useScanner((state) => state.detail);
  const loading = useScanner((state) => state.detailLoading);
  const watchlist = useScanner((state) => state.watchlist);
  const theme = useTheme((state) => state.resolved);
  const prices = useMemo<LineSpec[]>(
    () => (detail === null ? [] : [
      { name: detail.y, values: detail.normalizedY, colorVar: '--chart-up' },
      { name: detail.x, values: detail.normalizedX, colorVar: '--chart-action' },
    ]),
    [detail],
  );
  const spread = useMemo<LineSpec[]>(() => (detail === null ? [] : [{ name: 'z-score', values: detail.zscore, colorVar: '--chart-text' }]), [detail]);
  const hedges = useMemo<LineSpec[]>(
    () => (detail === null ? [] : [
      { name: `rolling β (${detail.rollingWindow}d)`, values: detail.rollingBeta, colorVar: '--chart-up' },
      { name: 'Kalman β', values: detail.kalmanBeta, colorVar: '--chart-down' },
    ]),
    [detail],
  );
  if (loading) return <p className="muted">Loading the pair…</p>;
  if (detail === null) return <p className="muted">Select a pair and press Enter (or double-click it) to see its charts.</p>;
  const watched = watchlist?.some((entry) => entry.y === detail.y && entry.x === detail.x) ?? false;
  return (
    <section className="pair-view" aria-label={`Pair ${detail.y} / ${detail.x}`} data-testid="pair-view">
      <div className="pair-view-head">
        <h2>
          {detail.y} / {detail.x}
        </h2>
        <span className="muted">
          {detail.from} – {detail.to}, {detail.transform} prices
        </span>
        <button type="button" className="btn" disabled={watched} onClick={() => void scannerStore.getState().watchSelected()}>
          {watched ? 'On the watchlist' : 'Add to watchlist'}
        </button>
      </div>
      <div className="pair-charts">
        <LineChart label={`${detail.y} and ${detail.x} normalized to their first close`} testId="pair-prices-chart" dates={detail.dates} lines={prices} theme={theme} />
        <LineChart label={`Spread z-score of ${detail.y} / ${detail.x} with ±0.5 and ±2 bands`} testId="pair-spread-chart" dates={detail.dates} lines={spread} levels={Z_BANDS} theme={theme} />
        <LineChart label="Rolling and Kalman hedge ratios" testId="pair-hedge-chart" dates={detail.dates} lines={hedges} theme={theme} />
      </div>
      <PairStats detail={detail} />
      <ChartAttribution />
    </section>
  );
}
