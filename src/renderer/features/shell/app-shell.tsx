import { useCallback, useEffect, useState, type MouseEvent } from 'react';
import { tradingStore, useSystem, useTrading } from '../../stores/app-stores';
import { AppHeader } from './app-header';
import { HaltReasonDialog } from './halt-dialog';
import { routeHref } from './hash-route';
import { Navigation } from './navigation';
import { DEFAULT_PAGE_ID, findPage, pages } from './page-registry';
import { ResumeDialog } from './resume-dialog';
import { shortcutFor } from './shortcuts';
import { StatusBar } from './status-bar';
import { ToastsRegion } from './toasts-region';
import { navigate, useHashRoute } from './use-hash-route';
import { assertNever } from '../../../shared/ipc/errors';

type OpenDialog = 'halt-reason' | 'resume' | null;

export function AppShell() {
  const route = useHashRoute();
  const page = findPage(route.page);
  const [dialog, setDialog] = useState<OpenDialog>(null);
  const pending = useTrading((state) => state.pending);
  const connection = useSystem((state) => state.connection);

  useEffect(() => {
    if (page === undefined) window.location.replace(routeHref(DEFAULT_PAGE_ID));
  }, [page]);

  // One action halts: no confirmation first. Only once main confirmed do we ask for a reason.
  const haltNow = useCallback(() => {
    void tradingStore
      .getState()
      .halt()
      .then((halted) => {
        if (halted) setDialog('halt-reason');
      });
  }, []);

  useEffect(() => {
    function onKeyDown(event: KeyboardEvent): void {
      const shortcut = shortcutFor(event);
      if (shortcut === null) return;
      switch (shortcut.kind) {
        case 'halt':
          event.preventDefault();
          haltNow();
          return;
        case 'page': {
          const target = pages[shortcut.index];
          if (target === undefined) return;
          event.preventDefault();
          navigate(routeHref(target.id));
          return;
        }
        default:
          assertNever(shortcut, 'shortcut');
      }
    }
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [haltNow]);

  async function saveHaltReason(reason: string): Promise<void> {
    if (await tradingStore.getState().annotate(reason)) setDialog(null);
  }

  async function confirmResume(reason: string): Promise<void> {
    if (await tradingStore.getState().resume(reason)) setDialog(null);
  }

  const Page = page?.component;
  return (
    <div className="app">
      <a className="skip-link" href="#main-content" onClick={skipToContent}>
        Skip to content
      </a>
      <AppHeader onHalt={haltNow} onResume={() => setDialog('resume')} />
      {connection.state === 'unauthorized' ? (
        <div className="fatal-banner" role="alert" data-testid="unauthorized-banner">
          {connection.detail}
        </div>
      ) : null}
      <div className="app-body">
        <Navigation activePageId={page?.id ?? ''} />
        <main id="main-content" className="app-main" tabIndex={-1}>
          {Page !== undefined ? <Page rest={route.rest} /> : null}
        </main>
      </div>
      <StatusBar />
      <ToastsRegion />
      <HaltReasonDialog
        open={dialog === 'halt-reason'}
        pending={pending === 'annotate'}
        onSave={(reason) => void saveHaltReason(reason)}
        onClose={() => setDialog(null)}
      />
      <ResumeDialog
        open={dialog === 'resume'}
        pending={pending === 'resume'}
        onConfirm={(reason) => void confirmResume(reason)}
        onClose={() => setDialog(null)}
      />
    </div>
  );
}

/** The skip link must not change the hash: that is the router's. Move focus instead. */
function skipToContent(event: MouseEvent<HTMLAnchorElement>): void {
  event.preventDefault();
  document.getElementById('main-content')?.focus();
}
