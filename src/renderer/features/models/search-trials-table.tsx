import { useModels } from '../../stores/app-stores';

/** The hyperparameter search that chose the selected version: every trial, scored on purged walk-forward folds. */
export function SearchTrialsTable() {
  const search = useModels((state) => state.trials);
  if (search === null) return null;
  return (
    <section className="search-trials" aria-label="Search trials" data-testid="search-trials">
      <h3>Hyperparameter search ({search.method}{search.stoppedByBudget ? ', stopped by its time budget' : ''})</h3>
      <table className="data-table" aria-label="Hyperparameter search trials" data-rows={search.trials.length}>
        <thead>
          <tr>
            <th scope="col">Candidate</th>
            <th scope="col">Rung</th>
            <th scope="col">Epochs</th>
            <th scope="col">Units per layer</th>
            <th scope="col">Dropout</th>
            <th scope="col">Learning rate</th>
            <th scope="col">Batch size</th>
            <th scope="col">Fold score</th>
          </tr>
        </thead>
        <tbody>
          {search.trials.map((trial) => (
            <tr key={`${trial.candidate}-${trial.rung}`} className={trial.candidate === search.best ? 'chosen' : undefined}>
              <th scope="row">
                {trial.candidate}
                {trial.candidate === search.best ? ' (chosen)' : ''}
              </th>
              <td>{trial.rung}</td>
              <td>{trial.epochs}</td>
              <td>{trial.units.join(', ')}</td>
              <td>{trial.dropout.toFixed(2)}</td>
              <td>{trial.learningRate.toPrecision(3)}</td>
              <td>{trial.batchSize}</td>
              <td>{trial.score.toPrecision(4)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
