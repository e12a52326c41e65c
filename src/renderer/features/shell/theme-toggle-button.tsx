import { themeStore, useTheme } from '../../stores/app-stores';
import { toggledPreference } from '../../stores/theme-store';

/** The header's one-click light/dark switch; Settings offers "system" as well. */
export function ThemeToggleButton() {
  const resolved = useTheme((state) => state.resolved);
  const next = toggledPreference(resolved);
  return (
    <button
      type="button"
      className="btn btn-ghost theme-toggle"
      aria-label={`Switch to ${next} theme`}
      data-testid="theme-toggle"
      onClick={() => themeStore.getState().setPreference(next)}
    >
      <span aria-hidden="true">{resolved === 'dark' ? '☀' : '☾'}</span>
    </button>
  );
}
