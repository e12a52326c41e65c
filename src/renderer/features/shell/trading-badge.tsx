import type { TradingState } from '../../../shared/domain/trading';
import { formatDateTime } from '../../lib/format';

const PROFILE_LABEL: Readonly<Record<TradingState['profile'], string>> = {
  live: 'LIVE',
  paper: 'PAPER',
  backtest: 'BACKTEST',
};

/** Profile, broker connection and the halt, as the header shows them at all times. */
export function TradingBadge({ state }: { readonly state: TradingState | null }) {
  if (state === null) {
    return (
      <div className="trading-badge" data-testid="trading-badge" data-profile="unknown">
        <span className="profile-badge profile-unknown">…</span>
        <span className="broker-state">Trading state unknown</span>
      </div>
    );
  }
  return (
    <div className="trading-badge" data-testid="trading-badge" data-profile={state.profile}>
      <span
        className={`profile-badge profile-${state.profile}`}
        data-testid="profile-badge"
        title={state.profile === 'live' ? 'Orders go to a real brokerage account' : undefined}
      >
        {PROFILE_LABEL[state.profile]}
      </span>
      <span className="broker-state" data-testid="broker-connection" data-connection={state.connection}>
        <span className={`dot connection-${state.connection}`} aria-hidden="true" />
        {state.broker === 'none' ? 'no broker' : `${state.broker} broker`}: {state.connection}
      </span>
      {state.halted ? (
        <span className="halted-banner" role="status" data-testid="halted-banner">
          <strong>HALTED</strong>
          {state.haltedAt !== null ? <span> since {formatDateTime(state.haltedAt)}</span> : null}
          {state.haltReason !== null ? <span className="halt-reason"> — {state.haltReason}</span> : null}
        </span>
      ) : null}
    </div>
  );
}
