import { toastsStore, useToasts } from '../../stores/app-stores';

/** Typed errors and notices; each toast is an alert so screen readers announce it at once. */
export function ToastsRegion() {
  const toasts = useToasts((state) => state.toasts);
  return (
    <section className="toasts" aria-label="Notifications" data-testid="toasts">
      {toasts.map((toast) => (
        <div key={toast.id} role="alert" className={`toast toast-${toast.severity}`} data-testid="toast" data-code={toast.code ?? ''}>
          <div className="toast-body">
            <div className="toast-title">
              {toast.code !== null ? <code className="toast-code">{toast.code}</code> : null}
              <strong>{toast.title}</strong>
            </div>
            <div className="toast-message">{toast.message}</div>
          </div>
          <button
            type="button"
            className="btn btn-ghost toast-dismiss"
            aria-label="Dismiss notification"
            onClick={() => toastsStore.getState().dismiss(toast.id)}
          >
            <span aria-hidden="true">×</span>
          </button>
        </div>
      ))}
    </section>
  );
}
