import { z } from 'zod';

/**
 * The one ticker rule, used by the importer, the contract schemas and the renderer's forms.
 * The canonical form is upper case, [A-Z0-9.], 1–12 characters, with '.' as the only
 * separator between a base ticker and a suffix.
 *
 * Separator rule: '.', '-' and '/' between two alphanumeric parts all become '.'.
 * - Class shares: BRK.B (S&P, Kaggle), BRK-B (Yahoo), BRK/B (Bloomberg) → BRK.B.
 * - Yahoo writes preferreds with a two-letter suffix (BAC-PL = Bank of America preferred L),
 *   which becomes BAC.PL and stays distinct from a class share BAC.L.
 * - The one convention this conflates is NASDAQ Integrated / CQS, where a hyphen alone marks
 *   a preferred (BAC-L) and a dot a class (BAC.L). No source ArbDesk imports (Yahoo, the S&P
 *   Kaggle set, generic CSV) uses it, so treating the hyphen as a class separator is the
 *   right default; a CQS feed would need its own mapping before it reaches this function.
 * An exchange prefix (`NYSE:LMT`) is split off and returned separately. Anything else with
 * other characters (Yahoo index tickers like ^GSPC, spaces, '$') is rejected.
 */
export const SYMBOL_MAX_LENGTH = 12;

export type SymbolParse =
  | { readonly ok: true; readonly symbol: string; readonly exchange: string | null }
  | { readonly ok: false; readonly input: string; readonly reason: string };

const EXCHANGE_PREFIX = /^([A-Z][A-Z0-9]{0,9})\s*:\s*(.*)$/;
const CANONICAL = /^[A-Z0-9]+(?:\.[A-Z0-9]+)*$/;
const SEPARATORS = /[-/]/g;

/** Normalises one ticker as written in a file or typed by the user. Never throws. */
export function parseSymbol(raw: string): SymbolParse {
  let text = raw.trim().toUpperCase();
  let exchange: string | null = null;
  const prefixed = EXCHANGE_PREFIX.exec(text);
  if (prefixed) {
    exchange = prefixed[1] ?? null;
    text = (prefixed[2] ?? '').trim();
  }
  if (text.length === 0) return { ok: false, input: raw, reason: 'the symbol is empty' };
  const symbol = text.replace(SEPARATORS, '.');
  if (symbol.length > SYMBOL_MAX_LENGTH) {
    return { ok: false, input: raw, reason: `"${symbol}" is longer than ${SYMBOL_MAX_LENGTH} characters` };
  }
  if (!CANONICAL.test(symbol)) {
    return {
      ok: false,
      input: raw,
      reason: `"${raw.trim()}" has characters outside A-Z, 0-9 and one separator ('.', '-' or '/') between parts`,
    };
  }
  return { ok: true, symbol, exchange };
}

/**
 * A symbol on the wire: normalised with parseSymbol, so `brk-b` arrives in main as `BRK.B`
 * and anything the importer would refuse is refused at the boundary with the same reason.
 */
export const symbolSchema = z.string().transform((raw, context) => {
  const parsed = parseSymbol(raw);
  if (parsed.ok) return parsed.symbol;
  context.addIssue({ code: 'custom', message: `invalid symbol: ${parsed.reason}` });
  return z.NEVER;
});
