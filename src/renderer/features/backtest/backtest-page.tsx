import { useEffect } from 'react';
import { PageHeader } from '../../components/page-header';
import { backtestStore } from '../../stores/app-stores';
import type { PageProps } from '../shell/page-props';
import { BacktestForm } from './backtest-form';
import { BacktestProgress } from './backtest-progress';
import { RunComparison } from './run-comparison';
import { RunsList } from './runs-list';
import { OpenRun } from './tear-sheet';
import './backtest.css';

/** Configure and run a backtest, read its tear sheet, compare two runs, export them. */
export function BacktestPage(_props: PageProps) {
  useEffect(() => {
    void backtestStore.getState().loadRuns();
    void backtestStore.getState().loadSuggestions();
  }, []);
  return (
    <section className="page backtest-page" aria-labelledby="backtest-title">
      <PageHeader title="Backtest" titleId="backtest-title" />
      <div className="bt-body">
        <div className="bt-config-pane">
          <BacktestForm />
          <BacktestProgress />
        </div>
        <div className="bt-result-pane">
          <h2>Runs</h2>
          <RunsList />
          <RunComparison />
          <OpenRun />
        </div>
      </div>
    </section>
  );
}
