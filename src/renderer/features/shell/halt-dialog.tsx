import { useState, type FormEvent } from 'react';
import { ModalDialog } from '../../components/modal-dialog';

export const DEFAULT_HALT_REASON = 'Manual halt from UI';

export interface HaltDialogProps {
  readonly open: boolean;
  readonly pending: boolean;
  readonly onConfirm: (reason: string) => void;
  readonly onClose: () => void;
}

/** One short question before the kill switch: the reason, prefilled, so Enter halts at once. */
export function HaltDialog({ open, pending, onConfirm, onClose }: HaltDialogProps) {
  return (
    <ModalDialog label="Confirm halt" open={open} onClose={onClose} className="halt-dialog" testId="halt-dialog">
      <HaltForm pending={pending} onConfirm={onConfirm} onClose={onClose} />
    </ModalDialog>
  );
}

function HaltForm({ pending, onConfirm, onClose }: Omit<HaltDialogProps, 'open'>) {
  const [reason, setReason] = useState(DEFAULT_HALT_REASON);
  const valid = reason.trim().length > 0;

  function submit(event: FormEvent): void {
    event.preventDefault();
    if (valid && !pending) onConfirm(reason.trim());
  }

  return (
    <form onSubmit={submit} className="dialog-form">
      <h2>Halt trading</h2>
      <p>Stops every strategy and blocks new orders until someone resumes trading.</p>
      <label className="field">
        <span>Reason</span>
        <input
          name="reason"
          value={reason}
          maxLength={500}
          autoFocus
          onFocus={(event) => event.currentTarget.select()}
          onChange={(event) => setReason(event.target.value)}
        />
      </label>
      <div className="dialog-actions">
        <button type="button" className="btn" onClick={onClose}>
          Cancel
        </button>
        <button type="submit" className="btn btn-danger" disabled={!valid || pending} data-testid="confirm-halt">
          {pending ? 'Halting…' : 'Halt now'}
        </button>
      </div>
    </form>
  );
}
