import { formatInteger } from '../../lib/format';
import { researchStore, useResearch } from '../../stores/app-stores';
import type { SweepMode } from '../../stores/research-form-model';
import { SWEEPABLE_PATHS } from '../../stores/research-form-model';
import { ChoiceField, FieldError, TextField, controlId } from './form-field';

const SWEEP_MODES: ReadonlyArray<readonly [SweepMode, string]> = [
  ['grid', 'Grid (every combination)'],
  ['random', 'Random draws (seeded)'],
];
const PARAMETER_OPTIONS: ReadonlyArray<readonly [string, string]> = SWEEPABLE_PATHS.map((path) => [path, path] as const);

function Check({ label, path, checked, onChange }: { readonly label: string; readonly path: string; readonly checked: boolean; readonly onChange: (value: boolean) => void }) {
  return (
    <label className="check">
      <input id={controlId(path)} type="checkbox" name={path} checked={checked} onChange={(event) => onChange(event.target.checked)} />
      {label}
    </label>
  );
}

/** The swept parameters: a path each, with its values (grid) or range (random). */
function ParameterRows() {
  const form = useResearch((state) => state.form);
  const errors = useResearch((state) => state.fieldErrors);
  const store = researchStore.getState();
  return (
    <fieldset>
      <legend>Parameters (swept, and the walk-forward’s in-sample grid)</legend>
      <FieldError path="sweep.parameters" error={errors['sweep.parameters']} />
      <ol className="bt-param-rows" aria-label="Swept parameters">
        {form.parameters.map((row, index) => {
          const key = `sweep.parameters.${index}`;
          const n = index + 1;
          return (
            <li key={index} className="field-row">
              <ChoiceField label={`Parameter ${n}`} path={`${key}.path`} value={row.path} options={PARAMETER_OPTIONS} error={undefined} onChange={(path) => store.setParameter(index, { path })} />
              <TextField label={`Values ${n}`} path={`${key}.values`} value={row.values} error={undefined} inputMode="text" placeholder="1.5, 2, 2.5" onChange={(values) => store.setParameter(index, { values })} />
              {form.sweepMode === 'random' ? (
                <>
                  <TextField label={`Min ${n}`} path={`${key}.min`} value={row.min} error={undefined} narrow onChange={(min) => store.setParameter(index, { min })} />
                  <TextField label={`Max ${n}`} path={`${key}.max`} value={row.max} error={undefined} narrow onChange={(max) => store.setParameter(index, { max })} />
                  <Check label={`Integer ${n}`} path={`${key}.integer`} checked={row.integer} onChange={(integer) => store.setParameter(index, { integer })} />
                </>
              ) : null}
              <button type="button" className="link-button" aria-label={`Remove parameter ${n}`} onClick={() => store.removeParameter(index)}>
                Remove
              </button>
              <FieldError path={key} error={errors[key]} />
            </li>
          );
        })}
      </ol>
      <button type="button" className="btn" onClick={() => store.addParameter()}>
        Add parameter
      </button>
    </fieldset>
  );
}

/** The research run started here: its progress and Cancel, or how it ended. */
function ResearchProgress() {
  const running = useResearch((state) => state.running);
  if (running === null) return null;
  const { job, researchId, kind } = running;
  const what = kind === 'sweep' ? 'Sweep' : 'Walk-forward';
  if (job.ended) {
    return job.state === 'cancelled' ? (
      <p className="muted" role="status">
        {what} {researchId} was cancelled; it is kept as cancelled, with no report.
      </p>
    ) : null;
  }
  const total = job.progress?.total ?? null;
  return (
    <div className="bt-progress" data-testid="research-progress" role="status">
      <p>
        {what} {researchId}: {job.state === 'queued' || job.state === null ? 'waiting for a worker…' : (job.progress?.message ?? 'running…')}
      </p>
      {job.fraction === null ? <progress aria-label="Research progress" /> : <progress aria-label="Research progress" value={Math.round(job.fraction * 1000)} max={1000} />}
      {total !== null && job.progress !== null ? (
        <span className="muted num">
          {formatInteger(job.progress.done)} of {formatInteger(total)}
        </span>
      ) : null}
      <button type="button" className="btn btn-danger-outline" onClick={() => void researchStore.getState().cancelResearch()}>
        Cancel research
      </button>
    </div>
  );
}

/** Walk-forward and sweep settings over the backtest configured above. */
export function ResearchForm() {
  const form = useResearch((state) => state.form);
  const errors = useResearch((state) => state.fieldErrors);
  const general = useResearch((state) => state.generalErrors);
  const running = useResearch((state) => state.running);
  const busy = running !== null && !running.job.ended;
  const store = researchStore.getState();
  return (
    <form className="bt-form" aria-label="Research configuration" onSubmit={(event) => event.preventDefault()}>
      <p className="muted">Runs over the pairs, window, strategy, costs and sizing configured above.</p>
      {general.length > 0 ? (
        <ul className="form-errors" role="alert" aria-label="Research problems">
          {general.map((message) => (
            <li key={message}>{message}</li>
          ))}
        </ul>
      ) : null}
      <fieldset>
        <legend>Windows</legend>
        <div className="field-row">
          <TextField label="Formation days" path="plan.formationDays" value={form.formationDays} error={errors['plan.formationDays']} inputMode="numeric" narrow onChange={(formationDays) => store.setForm({ formationDays })} />
          <TextField label="Trading days" path="plan.tradingDays" value={form.tradingDays} error={errors['plan.tradingDays']} inputMode="numeric" narrow onChange={(tradingDays) => store.setForm({ tradingDays })} />
          <TextField label="Purge days" path="plan.purgeDays" value={form.purgeDays} error={errors['plan.purgeDays']} inputMode="numeric" narrow onChange={(purgeDays) => store.setForm({ purgeDays })} />
          <TextField label="Embargo days" path="plan.embargoDays" value={form.embargoDays} error={errors['plan.embargoDays']} inputMode="numeric" narrow onChange={(embargoDays) => store.setForm({ embargoDays })} />
        </div>
      </fieldset>
      <fieldset>
        <legend>Walk-forward</legend>
        <TextField label="Universe" path="walkForward.universe" value={form.universe} error={errors['walkForward.universe']} inputMode="text" placeholder="the pairs’ symbols" onChange={(universe) => store.setForm({ universe })} />
        <div className="field-row">
          <TextField label="Top N pairs" path="walkForward.topN" value={form.topN} error={errors['walkForward.topN']} inputMode="numeric" narrow onChange={(topN) => store.setForm({ topN })} />
          <TextField label="Max p-value" path="walkForward.maxPValue" value={form.maxPValue} error={errors['walkForward.maxPValue']} narrow onChange={(maxPValue) => store.setForm({ maxPValue })} />
          <Check label="Optimise the parameters in sample" path="walkForward.grid" checked={form.walkForwardGrid} onChange={(walkForwardGrid) => store.setForm({ walkForwardGrid })} />
        </div>
        <button type="button" className="btn btn-primary" disabled={busy} onClick={() => void store.startResearch('walk_forward')}>
          Run walk-forward
        </button>
      </fieldset>
      <fieldset>
        <legend>Parameter sweep</legend>
        <div className="field-row">
          <ChoiceField label="Sweep mode" path="sweep.mode" value={form.sweepMode} options={SWEEP_MODES} error={undefined} onChange={(sweepMode) => store.setForm({ sweepMode })} />
          {form.sweepMode === 'random' ? <TextField label="Draws" path="sweep.count" value={form.count} error={errors['sweep.count']} inputMode="numeric" narrow onChange={(count) => store.setForm({ count })} /> : null}
          <TextField label="Seed" path="sweep.seed" value={form.seed} error={errors['sweep.seed']} inputMode="numeric" narrow onChange={(seed) => store.setForm({ seed })} />
          <Check label="Score out of sample over the windows" path="sweep.windows" checked={form.sweepWindows} onChange={(sweepWindows) => store.setForm({ sweepWindows })} />
        </div>
        <button type="button" className="btn btn-primary" disabled={busy} onClick={() => void store.startResearch('sweep')}>
          Run sweep
        </button>
      </fieldset>
      <ParameterRows />
      <ResearchProgress />
    </form>
  );
}
