import { themeStore, useTheme } from '../../stores/app-stores';
import { THEME_PREFERENCES, type ThemePreference } from '../../stores/theme-store';

const LABELS: Readonly<Record<ThemePreference, string>> = {
  system: 'Follow system',
  dark: 'Dark',
  light: 'Light',
};

export function AppearanceSection() {
  const preference = useTheme((state) => state.preference);
  return (
    <section className="panel" aria-labelledby="appearance-title">
      <h2 id="appearance-title">Appearance</h2>
      <fieldset className="radio-group">
        <legend>Theme</legend>
        {THEME_PREFERENCES.map((option) => (
          <label key={option} className="radio">
            <input
              type="radio"
              name="theme"
              value={option}
              checked={preference === option}
              onChange={() => themeStore.getState().setPreference(option)}
            />
            <span>{LABELS[option]}</span>
          </label>
        ))}
      </fieldset>
    </section>
  );
}
