import { assertNever } from '../../../../shared/ipc/errors';
import { verdict, type NamedCheck } from '../pre-trade-check';
import { reducesExposure } from './exposure-math';

/** HALTED refuses everything; REDUCE_ONLY lets only orders through that shrink every position they touch. */
export const tradingStateCheck: NamedCheck = {
  name: 'trading_state',
  appliesToClosing: true,
  evaluate({ request, snapshot }) {
    const status = snapshot.tradingStatus;
    switch (status) {
      case 'ACTIVE':
        return [verdict('trading_state', true, 0, 0, 'trading is ACTIVE')];
      case 'HALTED':
        return [verdict('trading_state', false, 2, 0, `trading is HALTED: the order for ${request.pairId} is refused`)];
      case 'REDUCE_ONLY': {
        const reduces = reducesExposure(request, snapshot.positions);
        return [verdict('reduce_only', reduces, reduces ? 0 : 1, 0, reduces ? `REDUCE_ONLY: the order shrinks every position of ${request.pairId}` : `REDUCE_ONLY: the order for ${request.pairId} would open or grow a position`)];
      }
      default:
        return assertNever(status, 'trading status');
    }
  },
};
