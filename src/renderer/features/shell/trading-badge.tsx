import type { TradingState, TradingStatus } from '../../../shared/domain/trading';
import { formatDateTime } from '../../lib/format';

const PROFILE_LABEL: Readonly<Record<TradingState['profile'], string>> = {
  live: 'LIVE',
  paper: 'PAPER',
  backtest: 'BACKTEST',
};

const STATUS_LABEL: Readonly<Record<TradingStatus, string>> = {
  ACTIVE: 'ACTIVE',
  REDUCE_ONLY: 'REDUCE ONLY',
  HALTED: 'HALTED',
};

/** Profile and the trading state (global, plus how many strategies/pairs are restricted), always visible. */
export function TradingBadge({ state }: { readonly state: TradingState | null }) {
  if (state === null) {
    return (
      <div className="trading-badge" data-testid="trading-badge" data-profile="unknown">
        <span className="profile-badge profile-unknown">…</span>
        <span className="trading-status">Trading state unknown</span>
      </div>
    );
  }
  const shown = state.effective;
  return (
    <div className="trading-badge" data-testid="trading-badge" data-profile={state.profile}>
      <span
        className={`profile-badge profile-${state.profile}`}
        data-testid="profile-badge"
        title={state.profile === 'live' ? 'Orders go to a real brokerage account' : undefined}
      >
        {PROFILE_LABEL[state.profile]}
      </span>
      <span
        className={`trading-status status-${shown.status.toLowerCase()}`}
        role="status"
        data-testid={shown.status === 'HALTED' ? 'halted-banner' : 'trading-status'}
        data-status={shown.status}
      >
        <strong>{STATUS_LABEL[shown.status]}</strong>
        {shown.status !== 'ACTIVE' ? <span> since {formatDateTime(shown.since)}</span> : null}
        {shown.status !== 'ACTIVE' ? <span className="halt-reason"> — {shown.reason ?? 'no reason given yet'}</span> : null}
      </span>
      {state.scopes.length > 0 ? (
        <span className="scoped-states" data-testid="scoped-states" title={state.scopes.map((s) => `${s.scope}: ${STATUS_LABEL[s.status]}`).join('\n')}>
          +{state.scopes.length} restricted {state.scopes.length === 1 ? 'scope' : 'scopes'}
        </span>
      ) : null}
    </div>
  );
}
