export type CheckStatus = 'ok' | 'warn' | 'fail';

const GLYPHS: Readonly<Record<CheckStatus, string>> = { ok: '✓', warn: '!', fail: '✕' };
const WORDS: Readonly<Record<CheckStatus, string>> = { ok: 'OK', warn: 'Warning', fail: 'Failed' };

/** A coloured glyph with its meaning spelled out for screen readers (colour is never the only cue). */
export function StatusIcon({ status }: { readonly status: CheckStatus }) {
  return (
    <span className={`status-icon status-${status}`} data-status={status}>
      <span aria-hidden="true">{GLYPHS[status]}</span>
      <span className="visually-hidden">{WORDS[status]}</span>
    </span>
  );
}
