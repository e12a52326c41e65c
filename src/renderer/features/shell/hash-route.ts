/** The page and its sub-path from a location hash: '#/data/symbols' → data, ['symbols']. */
export interface HashRoute {
  readonly page: string;
  readonly rest: readonly string[];
}

export function parseHashRoute(hash: string): HashRoute {
  const path = hash.replace(/^#\/?/, '');
  const segments = path
    .split('/')
    .map((segment) => segment.trim())
    .filter((segment) => segment !== '')
    .map((segment) => {
      try {
        return decodeURIComponent(segment);
      } catch {
        // A malformed escape in a hand-typed URL: use it as typed.
        return segment;
      }
    });
  const [page = '', ...rest] = segments;
  return { page, rest };
}

export function routeHref(page: string, ...rest: string[]): string {
  return `#/${[page, ...rest].map(encodeURIComponent).join('/')}`;
}
