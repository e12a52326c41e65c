import { backtestStore, useBacktest } from '../../stores/app-stores';
import { FieldError, errorId } from './form-field';

/** The pairs to test: typed in (Y and X), or taken from the newest scan or the watchlist. */
export function PairPicker() {
  const pairs = useBacktest((state) => state.form.pairs);
  const pairY = useBacktest((state) => state.pairY);
  const pairX = useBacktest((state) => state.pairX);
  const problem = useBacktest((state) => state.pairProblem);
  const suggestions = useBacktest((state) => state.suggestions);
  const error = useBacktest((state) => state.fieldErrors['pairs']);
  const store = backtestStore.getState();
  const offered = suggestions.filter((s) => !pairs.some((p) => p.y === s.y && p.x === s.x));

  return (
    <fieldset className="bt-pairs" aria-describedby={error === undefined ? undefined : errorId('pairs')}>
      <legend>Pairs</legend>
      {pairs.length === 0 ? (
        <p className="muted">No pairs yet.</p>
      ) : (
        <ul className="bt-pair-list" aria-label="Pairs to test">
          {pairs.map((pair) => (
            <li key={`${pair.y}/${pair.x}`}>
              <span>
                {pair.y} / {pair.x}
              </span>
              <button type="button" className="link-button" aria-label={`Remove ${pair.y} / ${pair.x}`} onClick={() => store.removePair(pair)}>
                Remove
              </button>
            </li>
          ))}
        </ul>
      )}
      <FieldError path="pairs" error={error} />
      <div className="bt-pair-add">
        <div className="field narrow">
          <label htmlFor="bt-pair-y">Pair Y</label>
          <input id="bt-pair-y" name="pairY" value={pairY} placeholder="KO" onChange={(e) => store.setPairText({ pairY: e.target.value })} />
        </div>
        <div className="field narrow">
          <label htmlFor="bt-pair-x">Pair X</label>
          <input
            id="bt-pair-x"
            name="pairX"
            value={pairX}
            placeholder="PEP"
            onChange={(e) => store.setPairText({ pairX: e.target.value })}
            onKeyDown={(e) => {
              // Enter adds the pair rather than submitting the whole form half-filled.
              if (e.key === 'Enter') {
                e.preventDefault();
                store.addTypedPair();
              }
            }}
          />
        </div>
        <button type="button" className="btn" onClick={() => store.addTypedPair()}>
          Add pair
        </button>
        {offered.length > 0 ? (
          <div className="field">
            <label htmlFor="bt-pair-suggestion">From the scan or watchlist</label>
            <select
              id="bt-pair-suggestion"
              name="suggestion"
              value=""
              onChange={(e) => {
                const chosen = offered[Number(e.target.value)];
                if (chosen !== undefined) store.addSuggestion(chosen);
              }}
            >
              <option value="">Choose a pair…</option>
              {offered.map((s, index) => (
                <option key={`${s.source}-${s.y}/${s.x}`} value={index}>
                  {s.y} / {s.x} ({s.source === 'scan' ? 'scan survivor' : 'watchlist'})
                </option>
              ))}
            </select>
          </div>
        ) : null}
      </div>
      {problem !== null ? (
        <p className="field-error" role="alert">
          {problem}
        </p>
      ) : null}
    </fieldset>
  );
}
