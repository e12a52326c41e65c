import { useEffect, useRef, type ReactNode } from 'react';

export interface ModalDialogProps {
  /** The dialog's accessible name. */
  readonly label: string;
  readonly open: boolean;
  readonly onClose: () => void;
  readonly children: ReactNode;
  readonly className?: string;
  readonly testId?: string;
}

/**
 * A native modal <dialog>: the browser traps focus, makes the page behind it inert and
 * handles Escape. React state stays the source of truth for whether it is open.
 */
export function ModalDialog({ label, open, onClose, children, className, testId }: ModalDialogProps) {
  const ref = useRef<HTMLDialogElement>(null);

  useEffect(() => {
    const dialog = ref.current;
    if (dialog === null) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
  }, [open]);

  return (
    <dialog
      ref={ref}
      aria-label={label}
      className={['modal', className].filter(Boolean).join(' ')}
      data-testid={testId}
      onCancel={(event) => {
        event.preventDefault();
        onClose();
      }}
    >
      {open ? children : null}
    </dialog>
  );
}
