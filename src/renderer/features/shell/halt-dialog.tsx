import { useState, type FormEvent } from 'react';
import { ModalDialog } from '../../components/modal-dialog';

export interface HaltReasonDialogProps {
  readonly open: boolean;
  readonly pending: boolean;
  readonly onSave: (reason: string) => void;
  readonly onClose: () => void;
}

/**
 * Shown AFTER a one-click halt: trading is already halted, and this only asks why. Closing
 * it leaves the halt in place without a reason.
 */
export function HaltReasonDialog({ open, pending, onSave, onClose }: HaltReasonDialogProps) {
  return (
    <ModalDialog label="Add a halt reason" open={open} onClose={onClose} className="halt-dialog" testId="halt-reason-dialog">
      <HaltReasonForm pending={pending} onSave={onSave} onClose={onClose} />
    </ModalDialog>
  );
}

function HaltReasonForm({ pending, onSave, onClose }: Omit<HaltReasonDialogProps, 'open'>) {
  const [reason, setReason] = useState('');
  const valid = reason.trim().length > 0;

  function submit(event: FormEvent): void {
    event.preventDefault();
    if (valid && !pending) onSave(reason.trim());
  }

  return (
    <form onSubmit={submit} className="dialog-form">
      <h2>Trading is halted</h2>
      <p>Every strategy is stopped and new orders are blocked. Say why, for the audit log and whoever resumes.</p>
      <label className="field">
        <span>Reason</span>
        <input name="reason" value={reason} maxLength={500} autoFocus onChange={(event) => setReason(event.target.value)} />
      </label>
      <div className="dialog-actions">
        <button type="button" className="btn" onClick={onClose} data-testid="skip-halt-reason">
          Later
        </button>
        <button type="submit" className="btn btn-danger" disabled={!valid || pending} data-testid="save-halt-reason">
          {pending ? 'Saving…' : 'Save reason'}
        </button>
      </div>
    </form>
  );
}
