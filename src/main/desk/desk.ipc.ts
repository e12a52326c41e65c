import type { Handlers } from '../ipc/handler-registry';
import type { DeskService } from './desk.service';

export type DeskChannel = 'desk:preview' | 'desk:place' | 'desk:cancel' | 'desk:replace' | 'desk:blotter' | 'desk:flatten' | 'desk:halt-outcome';

/** The desk's channels: one service call each (the service already speaks the wire types). */
export function createDeskHandlers(desk: () => DeskService, halt: (scope: string, reason: string | null) => void): Pick<Handlers, DeskChannel> {
  return {
    'desk:preview': (request) => desk().preview(request),
    'desk:place': (request) => desk().place(request),
    'desk:cancel': ({ orderId }) => desk().cancel(orderId),
    'desk:replace': (request) => desk().replace(request.orderId, { ...(request.quantity === undefined ? {} : { quantity: request.quantity }), ...(request.limitPrice === undefined ? {} : { limitPrice: request.limitPrice }) }),
    'desk:blotter': () => desk().blotter(),
    'desk:flatten': ({ scope, reason }) => {
      // Halting first makes the flatten's own orders the only ones the gate lets through.
      halt(scope, reason ?? null);
      return desk().flatten(scope, 'user', reason ?? null);
    },
    'desk:halt-outcome': () => desk().lastHalt(),
  };
}
