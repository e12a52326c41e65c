/** One row of the read-only config view: a dotted key and its value as text. */
export interface ConfigRow {
  readonly key: string;
  readonly value: string;
  /** True when an ARBDESK_* variable set this key. */
  readonly overridden: boolean;
}

export interface ConfigGroup {
  readonly name: string;
  readonly rows: readonly ConfigRow[];
}

function display(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || value === null) return String(value);
  return JSON.stringify(value);
}

function flatten(prefix: string, value: unknown, out: Array<{ key: string; value: string }>): void {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    for (const [key, child] of Object.entries(value)) flatten(prefix === '' ? key : `${prefix}.${key}`, child, out);
    return;
  }
  out.push({ key: prefix, value: display(value) });
}

/** camelCase → CAMEL_CASE, the way main names ARBDESK_* variables (config-shape.ts). */
function screamingSnake(segment: string): string {
  return segment
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/([A-Z])([A-Z][a-z])/g, '$1_$2')
    .toUpperCase();
}

/**
 * Whether an override names this key. Overrides arrive as the keys they set ('logging.level')
 * or as the variable itself (ARBDESK_LOGGING_LEVEL=debug); both are recognised.
 */
export function isOverridden(key: string, overrides: readonly string[]): boolean {
  const variable = `ARBDESK_${key.split('.').map(screamingSnake).join('_')}`;
  return overrides.some((override) => {
    const name = override.split('=')[0]?.trim() ?? '';
    return name === key || name.toUpperCase() === variable;
  });
}

/** Top-level objects become groups; top-level scalars gather under "General". */
export function groupConfig(config: Readonly<Record<string, unknown>>, overrides: readonly string[]): ConfigGroup[] {
  const general: ConfigRow[] = [];
  const groups: ConfigGroup[] = [];
  for (const [name, value] of Object.entries(config)) {
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
      const flat: Array<{ key: string; value: string }> = [];
      flatten(name, value, flat);
      groups.push({ name, rows: flat.map((row) => ({ ...row, overridden: isOverridden(row.key, overrides) })) });
    } else {
      general.push({ key: name, value: display(value), overridden: isOverridden(name, overrides) });
    }
  }
  return general.length > 0 ? [{ name: 'general', rows: general }, ...groups] : groups;
}
