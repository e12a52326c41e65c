/** The keyboard shortcuts the shell handles, decided from a keydown's modifiers and code. */
export type Shortcut = { readonly kind: 'halt' } | { readonly kind: 'page'; readonly index: number };

export interface KeyChord {
  readonly code: string;
  readonly ctrlKey: boolean;
  readonly metaKey: boolean;
  readonly altKey: boolean;
  readonly shiftKey: boolean;
}

/** Shown next to the kill switch and announced through aria-keyshortcuts. */
export const HALT_SHORTCUT_LABEL = 'Ctrl+Shift+K';
export const HALT_ARIA_KEYSHORTCUTS = 'Control+Shift+K Meta+Shift+K';

/**
 * Uses `code` (the physical key) rather than `key`: with Alt held, macOS turns digits into
 * symbols and Shift changes the letter's case, but the key position is stable.
 */
export function shortcutFor(chord: KeyChord): Shortcut | null {
  if ((chord.ctrlKey || chord.metaKey) && chord.shiftKey && !chord.altKey && chord.code === 'KeyK') {
    return { kind: 'halt' };
  }
  const digit = /^Digit([1-9])$/.exec(chord.code);
  if (digit !== null && !chord.shiftKey && !chord.metaKey && chord.altKey !== chord.ctrlKey) {
    return { kind: 'page', index: Number(digit[1]) - 1 };
  }
  return null;
}

export function pageShortcutLabel(index: number): string {
  return `Alt+${index + 1}`;
}
