import type { ModelVersion } from '../../../shared/ipc/sections/models';
import { formatDateTime } from '../../lib/format';
import { modelsStore, useModels } from '../../stores/app-stores';

const forecasters = ['lstm', 'zeroChange', 'ar1', 'zScoreRule'] as const;
const forecasterLabels: Record<(typeof forecasters)[number], string> = { lstm: 'Model', zeroChange: 'Zero change', ar1: 'AR(1)', zScoreRule: 'Z-score rule' };

function metric(value: number | null | undefined, digits = 4): string {
  return value === null || value === undefined || !Number.isFinite(value) ? '—' : value.toPrecision(digits);
}

/** Test-window metrics of the selected version beside its three baselines. */
export function ComparisonTable({ model }: { readonly model: ModelVersion }) {
  return (
    <table className="data-table comparison-table" data-testid="comparison-table">
      <caption>
        {model.name} v{model.version} on its test window, beside the baselines
      </caption>
      <thead>
        <tr>
          <th scope="col">Forecaster</th>
          <th scope="col">MSE</th>
          <th scope="col">MAE</th>
          <th scope="col">Direction accuracy</th>
          <th scope="col">Threshold (in sample)</th>
        </tr>
      </thead>
      <tbody>
        {forecasters.map((name) => {
          const row = model.metrics.test[name];
          return (
            <tr key={name}>
              <th scope="row">{forecasterLabels[name]}</th>
              <td>{metric(row?.mse)}</td>
              <td>{metric(row?.mae)}</td>
              <td>{row === undefined ? '—' : `${(row.accuracy * 100).toFixed(1)}%`}</td>
              <td>{metric(row?.threshold, 2)}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

const nextAction: Record<ModelVersion['state'], string | null> = {
  candidate: 'Promote to challenger (shadow)',
  challenger: 'Promote to canary',
  canary: 'Promote to champion',
  champion: null,
  retired: null,
};

/** Every registered version with its state and the promote, retire and roll-back actions. */
export function RegistryTable() {
  const models = useModels((state) => state.models);
  const selectedId = useModels((state) => state.selectedId);
  if (models === null) return <p className="muted">Loading the registry…</p>;
  if (models.length === 0) return <p className="muted">No model yet: train one above.</p>;
  return (
    <table className="data-table registry-table" data-testid="registry-table">
      <caption>Model registry</caption>
      <thead>
        <tr>
          <th scope="col">Model</th>
          <th scope="col">State</th>
          <th scope="col">Risk share</th>
          <th scope="col">Backend</th>
          <th scope="col">Registered</th>
          <th scope="col">Validation MSE (model / AR(1))</th>
          <th scope="col">Actions</th>
        </tr>
      </thead>
      <tbody>
        {models.map((model) => {
          const action = nextAction[model.state];
          return (
            <tr key={model.id} aria-selected={model.id === selectedId} data-testid={`model-row-${model.id}`}>
              <th scope="row">
                <button type="button" className="link-button" onClick={() => void modelsStore.getState().select(model.id)}>
                  {model.name} v{model.version}
                </button>
              </th>
              <td data-testid="model-state">{model.state}</td>
              <td>{`${Math.round(model.riskShare * 100)}%`}</td>
              <td>{model.backend}</td>
              <td>{formatDateTime(model.createdAt)}</td>
              <td>
                {metric(model.metrics.validation['lstm']?.mse)} / {metric(model.metrics.validation['ar1']?.mse)}
              </td>
              <td className="actions">
                {action !== null ? (
                  <button type="button" className="btn btn-small" onClick={() => modelsStore.getState().ask({ kind: 'promote', model })}>
                    {action}
                  </button>
                ) : null}
                {model.state === 'champion' ? (
                  <button type="button" className="btn btn-small" onClick={() => modelsStore.getState().ask({ kind: 'rollback', name: model.name })}>
                    Roll back
                  </button>
                ) : null}
                {model.state !== 'retired' ? (
                  <button type="button" className="btn btn-small btn-danger-outline" onClick={() => modelsStore.getState().ask({ kind: 'retire', model })}>
                    Retire
                  </button>
                ) : null}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
