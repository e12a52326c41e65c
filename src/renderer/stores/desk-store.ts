import { createStore, type StoreApi } from 'zustand/vanilla';
import type { BlotterSnapshot, HaltOutcome, TicketPreview } from '../../shared/domain/desk';
import type { RequestInput } from '../../shared/ipc/contract';
import type { NotifyError, StoreClient } from './store-deps';

export type TicketInput = RequestInput<'desk:preview'>;

export interface DeskStoreState {
  readonly blotter: BlotterSnapshot | null;
  readonly halt: HaltOutcome | null;
  /** The ticket's last preview, or null before one / after the ticket changed. */
  readonly preview: TicketPreview | null;
  readonly previewing: boolean;
  readonly placing: boolean;
  /** Why the desk cannot trade at all (no broker in this profile), from main's answer. */
  readonly unavailable: string | null;
  load(): Promise<void>;
  previewTicket(ticket: TicketInput): Promise<TicketPreview | null>;
  /** Places the previewed ticket after its confirm step; resolves true once main placed it. */
  place(ticket: TicketInput): Promise<boolean>;
  clearPreview(): void;
  cancel(orderId: string): Promise<boolean>;
  replace(orderId: string, change: { quantity?: number; limitPrice?: number }): Promise<boolean>;
  /** Flatten after the second confirmation; the scope is halted first. */
  flatten(scope: string): Promise<boolean>;
  /** Subscribes to blotter and halt-outcome pushes; returns the unsubscribe. */
  start(): () => void;
}

/** Pushes and answers can cross: an older blotter never overwrites a newer one. */
export function acceptBlotter(current: BlotterSnapshot | null, incoming: BlotterSnapshot): BlotterSnapshot {
  return current === null || incoming.revision >= current.revision ? incoming : current;
}

export function createDeskStore(deps: { readonly client: StoreClient; readonly notify: NotifyError }): StoreApi<DeskStoreState> {
  const { client, notify } = deps;
  return createStore<DeskStoreState>()((set, get) => {
    const applyBlotter = (incoming: BlotterSnapshot): void => {
      const next = acceptBlotter(get().blotter, incoming);
      if (next !== get().blotter) set({ blotter: next, halt: next.lastHalt ?? get().halt });
    };
    return {
      blotter: null,
      halt: null,
      preview: null,
      previewing: false,
      placing: false,
      unavailable: null,
      async load() {
        const result = await client.invoke('desk:blotter', {});
        if (result.ok) {
          set({ unavailable: null });
          applyBlotter(result.value);
        } else if (result.error.code === 'UNAVAILABLE') set({ unavailable: result.error.message });
        else notify(result.error, { title: 'Reading the blotter' });
      },
      async previewTicket(ticket) {
        set({ previewing: true });
        const result = await client.invoke('desk:preview', ticket);
        set({ previewing: false });
        if (result.ok) {
          set({ preview: result.value });
          return result.value;
        }
        set({ preview: null });
        notify(result.error, { title: 'Previewing the ticket' });
        return null;
      },
      async place(ticket) {
        set({ placing: true });
        const result = await client.invoke('desk:place', { ...ticket, confirm: true });
        set({ placing: false });
        if (result.ok) {
          set({ preview: null });
          return true;
        }
        notify(result.error, { title: 'The ticket was not placed' });
        return false;
      },
      clearPreview() {
        set({ preview: null });
      },
      async cancel(orderId) {
        const result = await client.invoke('desk:cancel', { orderId });
        if (!result.ok) notify(result.error, { title: `Order ${orderId} was not cancelled` });
        return result.ok;
      },
      async replace(orderId, change) {
        const result = await client.invoke('desk:replace', { orderId, ...change });
        if (!result.ok) notify(result.error, { title: `Order ${orderId} was not replaced` });
        return result.ok;
      },
      async flatten(scope) {
        const result = await client.invoke('desk:flatten', { scope, confirm: true });
        if (result.ok) {
          set({ halt: result.value });
          return true;
        }
        notify(result.error, { title: 'Positions were NOT flattened; check them at the broker', critical: true });
        return false;
      },
      start() {
        const stops = [client.on('desk:blotter', applyBlotter), client.on('desk:halt-outcome', (outcome) => set({ halt: outcome }))];
        return () => {
          for (const stop of stops) stop();
        };
      },
    };
  });
}
