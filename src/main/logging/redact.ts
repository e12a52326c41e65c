/**
 * Keeps credentials and account numbers out of log files and the Logs page (audit 1.1).
 * Two layers, because either alone leaks:
 *  - pino `redact` paths censor well-known keys structurally before serialization;
 *  - `scrubLogLine` runs on every serialized line and catches what paths cannot express:
 *    secret-named keys at any depth, values registered at run time wherever they appear
 *    (messages, nested fields, error messages and stacks), bearer tokens and account numbers.
 */

export const redactedText = '[REDACTED]';

/** Key names censored structurally; matched exactly by pino, so list common spellings. */
const sensitiveKeyNames = [
  'password',
  'passwd',
  'passphrase',
  'token',
  'accessToken',
  'access_token',
  'refreshToken',
  'refresh_token',
  'idToken',
  'id_token',
  'secret',
  'clientSecret',
  'client_secret',
  'apiKey',
  'api_key',
  'appKey',
  'app_key',
  'appSecret',
  'app_secret',
  'privateKey',
  'private_key',
  'authorization',
  'Authorization',
  'cookie',
  'Cookie',
  'set-cookie',
  'credentials',
  'code_verifier',
];

const pathSegment = (name: string): string => (/^[A-Za-z_$][\w$]*$/.test(name) ? name : `["${name}"]`);
const joinPath = (prefix: string, name: string): string => (name.startsWith('[') ? `${prefix}${name}` : `${prefix}.${name}`);

/** pino `redact.paths`: each sensitive key at the top level and two levels down. */
export const redactPaths: readonly string[] = sensitiveKeyNames.flatMap((name) => {
  const segment = pathSegment(name);
  return [segment, joinPath('*', segment), joinPath('*.*', segment)];
});

/**
 * Keys whose string or number values are censored at any depth: any key that ends in one of
 * these words, so `brokerRefreshToken` is caught and `maxTokens` is not.
 */
const sensitiveKeyEnding = String.raw`(?:password|passwd|passphrase|secret|token|api[-_]?key|app[-_]?key|private[-_]?key|credentials?|authorization|cookie|code[-_]?verifier)`;
const jsonString = String.raw`"(?:[^"\\]|\\.)*"`;
const sensitiveKeyValue = new RegExp(
  String.raw`("[^"\\]*${sensitiveKeyEnding}"\s*:\s*)(?:${jsonString}|-?\d[\d.eE+-]*)`,
  'gi',
);

/** Account-like keys: `account`, `accountNumber`, `brokerAccountId`, `acct_no`; not `accountValue`. */
const accountKey = String.raw`"[A-Za-z0-9_]*(?:account|acct)(?:[-_]?(?:number|num|no|id))?"`;
const keyedAccountString = new RegExp(String.raw`(${accountKey}\s*:\s*)"\d{4,}(\d{4})"`, 'gi');
const keyedAccountNumber = new RegExp(String.raw`(${accountKey}\s*:\s*)\d{4,}(\d{4})(?=[\s,}\]])`, 'gi');
/** "account 12345678", "Account #12345678", "acct no. 12345678", "account number: 12345678". */
const freeTextAccount = /(\b(?:account|acct)\b(?:\s*(?:number|num|no\.?|id))?\s*[:#=]?\s*)\d{4,}(\d{4})\b/gi;
const bearerToken = /\b(Bearer|Basic)\s+[A-Za-z0-9\-._~+/]+=*/g;

/** Shorter values would censor ordinary words and give no protection worth having. */
export const minimumSecretLength = 4;

const registeredSecrets = new Set<string>();
let registeredPattern: RegExp | undefined;

/**
 * Adds a value to be replaced by [REDACTED] wherever it appears in any log line from now on.
 * The keychain calls this for every secret it reads or writes. Values shorter than
 * `minimumSecretLength` are ignored.
 */
export function registerSecret(value: string): void {
  if (value.length < minimumSecretLength) return;
  const before = registeredSecrets.size;
  for (const form of encodedForms(value)) registeredSecrets.add(form);
  if (registeredSecrets.size !== before) registeredPattern = undefined;
}

/** How a secret can show up in a serialized line: raw, JSON-escaped and URL-encoded. */
function encodedForms(value: string): string[] {
  const forms = new Set([value, JSON.stringify(value).slice(1, -1), encodeURIComponent(value)]);
  return [...forms].filter((form) => form.length >= minimumSecretLength);
}

function secretsPattern(): RegExp | undefined {
  if (registeredSecrets.size === 0) return undefined;
  if (registeredPattern === undefined) {
    // Longest first, so a secret that contains another is replaced whole.
    const alternatives = [...registeredSecrets].sort((a, b) => b.length - a.length).map(escapeRegExp);
    registeredPattern = new RegExp(alternatives.join('|'), 'g');
  }
  return registeredPattern;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

/** Masks registered secrets, bearer tokens and account numbers in free text. */
export function scrubText(text: string): string {
  const pattern = secretsPattern();
  let result = pattern === undefined ? text : text.replace(pattern, redactedText);
  result = result.replace(bearerToken, `$1 ${redactedText}`);
  return result.replace(freeTextAccount, '$1****$2');
}

/** Scrubs one serialized JSON log line; the result is still valid JSON. */
export function scrubLogLine(line: string): string {
  const pattern = secretsPattern();
  let result = pattern === undefined ? line : line.replace(pattern, redactedText);
  result = result.replace(sensitiveKeyValue, `$1"${redactedText}"`);
  result = result.replace(keyedAccountString, '$1"****$2"').replace(keyedAccountNumber, '$1"****$2"');
  result = result.replace(bearerToken, `$1 ${redactedText}`);
  return result.replace(freeTextAccount, '$1****$2');
}
