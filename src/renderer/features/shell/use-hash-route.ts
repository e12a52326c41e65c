import { useSyncExternalStore } from 'react';
import { parseHashRoute, type HashRoute } from './hash-route';

function subscribe(onChange: () => void): () => void {
  window.addEventListener('hashchange', onChange);
  return () => window.removeEventListener('hashchange', onChange);
}

function currentHash(): string {
  return window.location.hash;
}

/** The route in the address bar's fragment; reloading keeps the page. */
export function useHashRoute(): HashRoute {
  const hash = useSyncExternalStore(subscribe, currentHash);
  return parseHashRoute(hash);
}

export function navigate(href: string): void {
  if (window.location.hash !== href) window.location.hash = href;
}
