import { useState, type FormEvent } from 'react';
import { ModalDialog } from '../../components/modal-dialog';

export const RESUME_WORD = 'RESUME';

export interface ResumeDialogProps {
  readonly open: boolean;
  readonly pending: boolean;
  readonly onConfirm: (reason: string) => void;
  readonly onClose: () => void;
}

/** Resuming is deliberate: type the word and say why. */
export function ResumeDialog({ open, pending, onConfirm, onClose }: ResumeDialogProps) {
  return (
    <ModalDialog label="Confirm resume" open={open} onClose={onClose} className="resume-dialog" testId="resume-dialog">
      <ResumeForm pending={pending} onConfirm={onConfirm} onClose={onClose} />
    </ModalDialog>
  );
}

function ResumeForm({ pending, onConfirm, onClose }: Omit<ResumeDialogProps, 'open'>) {
  const [confirmation, setConfirmation] = useState('');
  const [reason, setReason] = useState('');
  const valid = confirmation === RESUME_WORD && reason.trim().length > 0;

  function submit(event: FormEvent): void {
    event.preventDefault();
    if (valid && !pending) onConfirm(reason.trim());
  }

  return (
    <form onSubmit={submit} className="dialog-form">
      <h2>Resume trading</h2>
      <p>Strategies may send orders again as soon as trading resumes.</p>
      <label className="field">
        <span>Type {RESUME_WORD} to confirm</span>
        <input
          name="confirm"
          value={confirmation}
          autoFocus
          autoComplete="off"
          spellCheck={false}
          onChange={(event) => setConfirmation(event.target.value)}
        />
      </label>
      <label className="field">
        <span>Reason</span>
        <input name="reason" value={reason} maxLength={500} onChange={(event) => setReason(event.target.value)} />
      </label>
      <div className="dialog-actions">
        <button type="button" className="btn" onClick={onClose}>
          Cancel
        </button>
        <button type="submit" className="btn btn-primary" disabled={!valid || pending} data-testid="confirm-resume">
          {pending ? 'Resuming…' : 'Resume now'}
        </button>
      </div>
    </form>
  );
}
