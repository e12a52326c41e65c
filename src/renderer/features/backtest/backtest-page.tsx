import { useEffect } from 'react';
import { PageHeader } from '../../components/page-header';
import { backtestStore, researchStore } from '../../stores/app-stores';
import type { PageProps } from '../shell/page-props';
import { BacktestForm } from './backtest-form';
import { BacktestProgress } from './backtest-progress';
import { RunComparison } from './run-comparison';
import { RunsList } from './runs-list';
import { ResearchForm } from './research-form';
import { ResearchRuns } from './research-report';
import { OpenRun } from './tear-sheet';
import './backtest.css';

/** Configure and run a backtest, read its tear sheet, compare two runs, export them; validate it walk-forward and sweep its parameters. */
export function BacktestPage(_props: PageProps) {
  useEffect(() => {
    void backtestStore.getState().loadRuns();
    void backtestStore.getState().loadSuggestions();
    void researchStore.getState().loadRuns();
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
      <section className="bt-body bt-research" aria-labelledby="research-title">
        <div className="bt-config-pane">
          <h2 id="research-title">Research: walk-forward and parameter sweeps</h2>
          <ResearchForm />
        </div>
        <div className="bt-result-pane">
          <h2>Research runs</h2>
          <ResearchRuns />
        </div>
      </section>
    </section>
  );
}
