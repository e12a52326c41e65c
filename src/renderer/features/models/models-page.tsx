import { useEffect, useMemo } from 'react';
import { PageHeader } from '../../components/page-header';
import { modelsStore, useModels, useTheme } from '../../stores/app-stores';
import { LineChart } from '../pairs/line-chart';
import type { PageProps } from '../shell/page-props';
import { ConfirmChangeDialog } from './confirm-change-dialog';
import { DriftPanel } from './drift-panel';
import { LossCurve } from './loss-curve';
import { ComparisonTable, RegistryTable } from './registry-table';
import { SearchTrialsTable } from './search-trials-table';
import { ShadowReportPanel } from './shadow-report-panel';
import { TrainForm } from './train-form';
import './models.css';

function TrainingStatus() {
  const job = useModels((state) => state.job);
  const loss = useModels((state) => state.loss);
  if (job === null) return null;
  return (
    <section className="training-status" aria-label="Training" data-testid="training-status">
      <p>
        Training: <strong data-testid="training-state">{job.state}</strong>
        {job.total !== null ? ` — epoch ${job.done} of ${job.total}` : ''}
        {job.error !== undefined && job.error !== null ? ` — ${job.error.message}` : ''}
      </p>
      <LossCurve points={loss} />
    </section>
  );
}

function SelectedModel() {
  const models = useModels((state) => state.models);
  const selectedId = useModels((state) => state.selectedId);
  const forecast = useModels((state) => state.forecast);
  const theme = useTheme((state) => state.resolved);
  const model = models?.find((candidate) => candidate.id === selectedId);
  const lines = useMemo(
    () =>
      forecast === null
        ? []
        : [
            { name: 'Predicted', values: forecast.predicted, colorVar: '--chart-up' },
            { name: 'Actual', values: forecast.actual, colorVar: '--chart-down' },
          ],
    [forecast],
  );
  if (model === undefined) return null;
  return (
    <section className="selected-model" aria-label={`${model.name} v${model.version}`}>
      <ComparisonTable model={model} />
      {forecast === null ? null : (
        <LineChart label={`Predicted vs actual on the test window of ${model.name} v${model.version}`} testId="forecast-chart" dates={forecast.dates} lines={lines} theme={theme} />
      )}
      <ShadowReportPanel />
      <SearchTrialsTable />
      <DriftPanel />
    </section>
  );
}

export function ModelsPage(_props: PageProps) {
  useEffect(() => {
    void modelsStore.getState().load();
  }, []);
  return (
    <section className="page models-page" aria-labelledby="models-title">
      <PageHeader title="Model lab" titleId="models-title" />
      <TrainForm />
      <TrainingStatus />
      <RegistryTable />
      <SelectedModel />
      <ConfirmChangeDialog />
    </section>
  );
}
