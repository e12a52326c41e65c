import { useSystem, useTrading } from '../../stores/app-stores';
import { HALT_ARIA_KEYSHORTCUTS, HALT_SHORTCUT_LABEL } from './shortcuts';
import { ThemeToggleButton } from './theme-toggle-button';
import { TradingBadge } from './trading-badge';

export interface AppHeaderProps {
  readonly onHalt: () => void;
  readonly onResume: () => void;
}

export function AppHeader({ onHalt, onResume }: AppHeaderProps) {
  const state = useTrading((store) => store.state);
  const pending = useTrading((store) => store.pending);
  const link = useSystem((store) => store.connection.state);
  return (
    <header className="app-header" data-profile={state?.profile ?? 'unknown'} data-status={state?.global.status ?? 'unknown'}>
      <div className="brand" aria-label="ArbDesk">
        Arb<span>Desk</span>
      </div>
      <TradingBadge state={state} />
      {link !== 'open' ? (
        // What the header shows may be stale while the link to main is down; say so loudly.
        <span className="link-warning" role="status" data-testid="link-state" data-state={link}>
          Link to ArbDesk: {link}
        </span>
      ) : null}
      <div className="header-spacer" />
      <ThemeToggleButton />
      {state !== null && state.global.status !== 'ACTIVE' ? (
        <button
          type="button"
          className="btn btn-resume"
          data-testid="resume-trading"
          disabled={pending === 'resume'}
          onClick={onResume}
        >
          Resume trading
        </button>
      ) : null}
      <button
        type="button"
        className="kill-switch"
        data-testid="kill-switch"
        aria-label="Halt trading"
        aria-keyshortcuts={HALT_ARIA_KEYSHORTCUTS}
        title={`Halt trading (${HALT_SHORTCUT_LABEL})`}
        onClick={onHalt}
      >
        <span className="kill-switch-label">{pending === 'halt' ? 'Halting…' : 'Halt trading'}</span>
        <kbd aria-hidden="true">{HALT_SHORTCUT_LABEL}</kbd>
      </button>
    </header>
  );
}
