import { createStore, type StoreApi } from 'zustand/vanilla';
import { assertNever } from '../../shared/ipc/errors';

export type ThemePreference = 'light' | 'dark' | 'system';
export type ResolvedTheme = 'light' | 'dark';

export const THEME_STORAGE_KEY = 'arbdesk.theme';
export const THEME_PREFERENCES: readonly ThemePreference[] = ['system', 'dark', 'light'];

export function parseThemePreference(value: string | null): ThemePreference {
  return value === 'light' || value === 'dark' || value === 'system' ? value : 'system';
}

export function resolveTheme(preference: ThemePreference, systemPrefersDark: boolean): ResolvedTheme {
  switch (preference) {
    case 'light':
    case 'dark':
      return preference;
    case 'system':
      return systemPrefersDark ? 'dark' : 'light';
    default:
      return assertNever(preference, 'theme preference');
  }
}

/** The next preference for the header's one-button toggle: flips what is shown. */
export function toggledPreference(resolved: ResolvedTheme): ThemePreference {
  return resolved === 'dark' ? 'light' : 'dark';
}

export interface ThemeState {
  readonly preference: ThemePreference;
  readonly resolved: ResolvedTheme;
  setPreference(preference: ThemePreference): void;
  /** Called when the operating system switches between light and dark. */
  systemChanged(prefersDark: boolean): void;
}

export interface ThemeDeps {
  readonly storage: { getItem(key: string): string | null; setItem(key: string, value: string): void };
  readonly systemPrefersDark: () => boolean;
  /** Puts the theme on the page (data-theme on <html>). */
  readonly apply: (theme: ResolvedTheme) => void;
}

export function createThemeStore(deps: ThemeDeps): StoreApi<ThemeState> {
  const preference = parseThemePreference(deps.storage.getItem(THEME_STORAGE_KEY));
  const resolved = resolveTheme(preference, deps.systemPrefersDark());
  deps.apply(resolved);
  return createStore<ThemeState>()((set, get) => ({
    preference,
    resolved,
    setPreference(next) {
      deps.storage.setItem(THEME_STORAGE_KEY, next);
      const theme = resolveTheme(next, deps.systemPrefersDark());
      deps.apply(theme);
      set({ preference: next, resolved: theme });
    },
    systemChanged(prefersDark) {
      const theme = resolveTheme(get().preference, prefersDark);
      if (theme === get().resolved) return;
      deps.apply(theme);
      set({ resolved: theme });
    },
  }));
}
