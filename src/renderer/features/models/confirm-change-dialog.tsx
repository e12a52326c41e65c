import { useState } from 'react';
import { ModalDialog } from '../../components/modal-dialog';
import { modelsStore, useModels } from '../../stores/app-stores';
import type { PendingChange } from '../../stores/models-store';

function describe(change: PendingChange): string {
  switch (change.kind) {
    case 'promote':
      return `Promote ${change.model.name} v${change.model.version} from ${change.model.state}? The change is recorded in the audit log.`;
    case 'retire':
      return `Retire ${change.model.name} v${change.model.version}? It will predict and trade no more.`;
    case 'rollback':
      return `Retire the champion of ${change.name} and reinstate the previous champion?`;
    default: {
      const unhandled: never = change;
      return String(unhandled);
    }
  }
}

/** Every registry change is confirmed here; a rollback also needs a reason. */
export function ConfirmChangeDialog() {
  const pending = useModels((state) => state.pending);
  const [reason, setReason] = useState('');
  const close = (): void => {
    setReason('');
    modelsStore.getState().ask(null);
  };
  const needsReason = pending?.kind === 'rollback';
  return (
    <ModalDialog label="Confirm the model change" open={pending !== null} onClose={close} testId="confirm-model-change">
      {pending === null ? null : (
        <form
          onSubmit={(event) => {
            event.preventDefault();
            void modelsStore
              .getState()
              .confirm(reason)
              .then(() => setReason(''));
          }}
        >
          <p>{describe(pending)}</p>
          <label className="field">
            <span>Reason{needsReason ? '' : ' (optional)'}</span>
            <input name="reason" value={reason} onChange={(e) => setReason(e.target.value)} required={needsReason} />
          </label>
          <div className="form-actions">
            <button type="submit" className="btn btn-primary">
              Confirm
            </button>
            <button type="button" className="btn" onClick={close}>
              Cancel
            </button>
          </div>
        </form>
      )}
    </ModalDialog>
  );
}
