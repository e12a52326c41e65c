import type { FormEvent } from 'react';
import { modelsStore, useModels } from '../../stores/app-stores';
import type { TrainForm as TrainFormValues } from '../../stores/models-store';

const fields: readonly { key: keyof TrainFormValues; label: string; narrow?: boolean; placeholder?: string }[] = [
  { key: 'y', label: 'Y leg', narrow: true, placeholder: 'KO' },
  { key: 'x', label: 'X leg', narrow: true, placeholder: 'PEP' },
  { key: 'window', label: 'Window', narrow: true },
  { key: 'units', label: 'Units per layer', placeholder: '50, 30' },
  { key: 'dropout', label: 'Dropout', narrow: true },
  { key: 'epochs', label: 'Epochs', narrow: true },
  { key: 'batchSize', label: 'Batch size', narrow: true },
  { key: 'learningRate', label: 'Learning rate', narrow: true },
  { key: 'patience', label: 'Patience', narrow: true },
  { key: 'seed', label: 'Seed', narrow: true },
  { key: 'searchTrials', label: 'Search trials', narrow: true },
  { key: 'searchBudget', label: 'Search budget (s)', narrow: true },
];

/** Hyperparameters of a new training (defaults: the predecessor's architecture). */
export function TrainForm() {
  const form = useModels((state) => state.form);
  const errors = useModels((state) => state.formErrors);
  const job = useModels((state) => state.job);
  const running = job !== null && (job.state === 'queued' || job.state === 'running');
  const set = modelsStore.getState().setForm;

  function submit(event: FormEvent): void {
    event.preventDefault();
    void modelsStore.getState().train();
  }

  return (
    <form className="train-form" aria-label="Training hyperparameters" onSubmit={submit}>
      {fields.map((field) => (
        <label key={field.key} className={field.narrow === true ? 'field narrow' : 'field'}>
          <span>{field.label}</span>
          <input name={field.key} value={form[field.key]} placeholder={field.placeholder} onChange={(e) => set({ [field.key]: e.target.value })} />
        </label>
      ))}
      <label className="field">
        <span>Target</span>
        <select name="target" value={form.target} onChange={(e) => set({ target: e.target.value === 'direction' ? 'direction' : 'regression' })}>
          <option value="regression">Next-day spread change</option>
          <option value="direction">Direction</option>
        </select>
      </label>
      <div className="form-actions">
        <button type="submit" className="btn btn-primary" disabled={running}>
          Train
        </button>
        <button type="button" className="btn" disabled={running} onClick={() => void modelsStore.getState().search()}>
          Search hyperparameters
        </button>
        {running ? (
          <button type="button" className="btn btn-danger-outline" onClick={() => void modelsStore.getState().cancel()}>
            Cancel
          </button>
        ) : null}
      </div>
      {errors.length > 0 ? (
        <ul className="form-errors" role="alert">
          {errors.map((error) => (
            <li key={error}>{error}</li>
          ))}
        </ul>
      ) : null}
    </form>
  );
}
