import { AppError } from '../../shared/ipc/errors';
import type { Handlers } from '../ipc/handler-registry';

export type DeskChannel = 'desk:preview' | 'desk:place' | 'desk:cancel' | 'desk:replace' | 'desk:blotter' | 'desk:flatten' | 'desk:halt-outcome';

/** Until the desk service is wired: every channel answers UNAVAILABLE with its name. */
export function createUnavailableDeskHandlers(): Pick<Handlers, DeskChannel> {
  const unavailable = (channel: DeskChannel) => (): never => {
    throw new AppError('UNAVAILABLE', `${channel}: the desk is not wired in this build yet.`, { channel });
  };
  return {
    'desk:preview': unavailable('desk:preview'),
    'desk:place': unavailable('desk:place'),
    'desk:cancel': unavailable('desk:cancel'),
    'desk:replace': unavailable('desk:replace'),
    'desk:blotter': unavailable('desk:blotter'),
    'desk:flatten': unavailable('desk:flatten'),
    'desk:halt-outcome': () => null,
  };
}
