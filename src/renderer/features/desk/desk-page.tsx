import { EmptyState } from '../../components/empty-state';
import { PageHeader } from '../../components/page-header';
import { useDesk, useTrading } from '../../stores/app-stores';
import { BlotterView } from './blotter-view';
import { HaltOutcomePanel } from './halt-outcome-panel';
import { OrderTicket } from './order-ticket';
import { StrategiesPanel } from './strategies-panel';
import './desk.css';

/** The paper/live desk: pair ticket, blotter and the kill switch's outcome per order. */
export function DeskPage() {
  const blotter = useDesk((state) => state.blotter);
  const halt = useDesk((state) => state.halt);
  const unavailable = useDesk((state) => state.unavailable);
  const status = useTrading((state) => state.state?.global.status ?? null);
  return (
    <section className="page desk-page" aria-labelledby="desk-title">
      <PageHeader title="Trade" titleId="desk-title" />
      {unavailable !== null ? <EmptyState>{unavailable}</EmptyState> : null}
      {unavailable === null ? (
        <div className="desk-layout">
          <OrderTicket />
          <StrategiesPanel />
          <HaltOutcomePanel outcome={halt} halted={status === 'HALTED'} />
          {blotter !== null ? <BlotterView blotter={blotter} /> : null}
        </div>
      ) : null}
    </section>
  );
}
