import { routeHref } from './hash-route';
import { pages } from './page-registry';
import { pageShortcutLabel } from './shortcuts';

export function Navigation({ activePageId }: { readonly activePageId: string }) {
  return (
    <nav className="app-nav" aria-label="Main">
      <ul>
        {pages.map((page, index) => (
          <li key={page.id}>
            <a
              href={routeHref(page.id)}
              aria-current={page.id === activePageId ? 'page' : undefined}
              aria-keyshortcuts={`Alt+${index + 1}`}
            >
              <span className="nav-title">{page.title}</span>
              <kbd className="nav-shortcut" aria-hidden="true">
                {pageShortcutLabel(index)}
              </kbd>
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}
