import { useEffect, useMemo } from 'react';
import { EmptyState } from '../../components/empty-state';
import { PageHeader } from '../../components/page-header';
import { formatDateTime } from '../../lib/format';
import { riskStore, useRisk, useTheme } from '../../stores/app-stores';
import { LineChart, type LineSpec } from '../pairs/line-chart';
import type { PageProps } from '../shell/page-props';
import { CorrelationHeatmap } from './correlation-heatmap';
import { ExposureView } from './exposure-view';
import { MonteCarloView } from './monte-carlo-view';
import { formatFixed, formatMoney, formatPercent } from './risk-format';
import { StressView } from './stress-view';
import { VarView } from './var-view';
import './risk.css';

function PnlCharts() {
  const snapshot = useRisk((state) => state.snapshot);
  const theme = useTheme((state) => state.resolved);
  const points = snapshot?.pnl.points;
  const dates = useMemo(() => (points ?? []).map((point) => point.date), [points]);
  const pnlLines = useMemo<LineSpec[]>(() => [{ name: 'Cumulative P&L', values: (points ?? []).map((point) => point.cumulativePnl), colorVar: '--chart-up' }], [points]);
  const drawdownLines = useMemo<LineSpec[]>(() => [{ name: 'Drawdown %', values: (points ?? []).map((point) => -point.drawdown * 100), colorVar: '--chart-down' }], [points]);
  if (snapshot === null) return null;
  const { pnl } = snapshot;
  return (
    <div className="risk-section">
      <p>
        Total P&amp;L {formatMoney(pnl.totalPnl)}, unrealized {formatMoney(pnl.unrealizedPnl)}; max drawdown {formatPercent(pnl.maxDrawdown)} ({formatMoney(pnl.maxDrawdownDollars)}), now{' '}
        {formatPercent(pnl.currentDrawdown)}.
      </p>
      {pnl.points.length < 2 ? (
        <p className="muted">The equity curve fills in as sessions are marked (market replay or the daily close).</p>
      ) : (
        <div className="risk-columns">
          <LineChart label="Cumulative P&L" testId="risk-pnl-chart" dates={dates} lines={pnlLines} theme={theme} />
          <LineChart label="Drawdown" testId="risk-drawdown-chart" dates={dates} lines={drawdownLines} theme={theme} />
        </div>
      )}
    </div>
  );
}

function RollingChart() {
  const rolling = useRisk((state) => state.snapshot?.rolling);
  const theme = useTheme((state) => state.resolved);
  const dates = useMemo(() => (rolling?.points ?? []).map((point) => point.date), [rolling]);
  const lines = useMemo<LineSpec[]>(
    () => [
      { name: 'Sharpe', values: (rolling?.points ?? []).map((point) => point.sharpe), colorVar: '--chart-up' },
      { name: 'Sortino', values: (rolling?.points ?? []).map((point) => point.sortino), colorVar: '--chart-action' },
    ],
    [rolling],
  );
  const levels = useMemo(() => [rolling?.sharpeFloor, rolling?.sortinoFloor].filter((level): level is number => typeof level === 'number'), [rolling]);
  if (rolling === undefined) return null;
  return (
    <div className="risk-section" data-testid="risk-rolling">
      <p className="muted">
        {rolling.windowDays}-day rolling ratios, annualised; floors: Sharpe {formatFixed(rolling.sharpeFloor)}, Sortino {formatFixed(rolling.sortinoFloor)}.
      </p>
      {rolling.breaches.length > 0 ? (
        <p className="warning-text" role="alert">
          {rolling.breaches.map((breach) => `${breach.metric === 'sharpe' ? 'Sharpe' : 'Sortino'} ${breach.value.toFixed(2)} is below its floor ${breach.floor.toFixed(2)} (${breach.date})`).join('; ')}
        </p>
      ) : null}
      {rolling.points.some((point) => point.sharpe !== null) ? (
        <LineChart label="Rolling Sharpe and Sortino" testId="risk-rolling-chart" dates={dates} lines={lines} levels={levels} theme={theme} />
      ) : (
        <p className="muted">Not enough marked sessions for a {rolling.windowDays}-day window yet.</p>
      )}
    </div>
  );
}

export function RiskPage(_props: PageProps) {
  const snapshot = useRisk((state) => state.snapshot);
  const error = useRisk((state) => state.error);
  const loading = useRisk((state) => state.loading);
  useEffect(() => {
    void riskStore.getState().load();
  }, []);
  const empty = snapshot !== null && snapshot.positions.length === 0;
  return (
    <section className="page risk-page" aria-labelledby="risk-title">
      <PageHeader title="Risk" titleId="risk-title">
        <button type="button" onClick={() => void riskStore.getState().load()} disabled={loading}>
          {loading ? 'Computing…' : 'Refresh'}
        </button>
      </PageHeader>
      {error !== null && snapshot === null ? (
        <EmptyState>
          <span data-testid="risk-unavailable">Risk cannot be computed: {error.message}</span>
        </EmptyState>
      ) : null}
      {snapshot === null && error === null ? <p className="muted">Computing risk…</p> : null}
      {snapshot !== null ? (
        <>
          <p className="muted">
            Account {snapshot.accountId}, closes as of {snapshot.asOf ?? '—'}, computed {formatDateTime(snapshot.computedAt)}.
            {snapshot.warnings.length > 0 ? ` ${snapshot.warnings.length} basis warnings.` : ''}
          </p>
          {empty ? (
            <EmptyState>
              <span data-testid="risk-empty">No open positions: exposure, VaR, stress and the Monte Carlo appear once the account holds a pair.</span>
            </EmptyState>
          ) : (
            <>
              <h2>Exposure</h2>
              <ExposureView exposure={snapshot.exposure} equity={snapshot.equity} />
              <h2>Value at risk and β</h2>
              <VarView valueAtRisk={snapshot.valueAtRisk} beta={snapshot.beta} />
              <h2>Correlation of the open pairs</h2>
              <CorrelationHeatmap correlation={snapshot.correlation} />
              <h2>Stress scenarios</h2>
              <StressView stress={snapshot.stress} />
              <h2>Monte Carlo</h2>
              <MonteCarloView hasPositions={!empty} />
            </>
          )}
          <h2>P&amp;L and drawdown</h2>
          <PnlCharts />
          <h2>Rolling Sharpe and Sortino</h2>
          <RollingChart />
        </>
      ) : null}
    </section>
  );
}
