import { z } from 'zod';

/** The scalar kinds an environment variable can be coerced into. */
export type ConfigLeafKind = 'string' | 'number' | 'boolean' | 'enum' | 'string-list' | 'unsupported';

/** One settable key of the configuration schema. */
export interface ConfigLeaf {
  /** Key path, e.g. ['data', 'outlierRobustZ']. */
  readonly path: readonly string[];
  /** The variable that overrides it, e.g. ARBDESK_DATA_OUTLIER_ROBUST_Z. */
  readonly envName: string;
  readonly kind: ConfigLeafKind;
}

export const envPrefix = 'ARBDESK_';

type AnySchema = z.core.$ZodType;

/** Strips defaults, optionals and similar wrappers down to the schema that does the checking. */
function unwrap(schema: AnySchema): AnySchema {
  let current = schema;
  for (;;) {
    if (
      current instanceof z.ZodDefault ||
      current instanceof z.ZodPrefault ||
      current instanceof z.ZodOptional ||
      current instanceof z.ZodNullable ||
      current instanceof z.ZodReadonly ||
      current instanceof z.ZodCatch ||
      current instanceof z.ZodNonOptional
    ) {
      current = current.unwrap();
    } else {
      return current;
    }
  }
}

function objectShape(schema: AnySchema): Record<string, AnySchema> | undefined {
  return schema instanceof z.ZodObject ? (schema.shape as Record<string, AnySchema>) : undefined;
}

/** `outlierRobustZ` → `OUTLIER_ROBUST_Z`. */
export function screamingSnake(key: string): string {
  return key
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/([A-Z])([A-Z][a-z])/g, '$1_$2')
    .toUpperCase();
}

function leafKind(schema: AnySchema): ConfigLeafKind {
  switch (schema._zod.def.type) {
    case 'string':
      return 'string';
    case 'number':
    case 'int':
      return 'number';
    case 'boolean':
      return 'boolean';
    case 'enum':
    case 'literal':
      return 'enum';
    case 'array': {
      const element = (schema._zod.def as { element?: AnySchema }).element;
      return element !== undefined && unwrap(element)._zod.def.type === 'string' ? 'string-list' : 'unsupported';
    }
    default:
      return 'unsupported';
  }
}

/**
 * Every leaf key of an object schema with the environment variable that names it. Two keys
 * mapping to one variable name would make overrides ambiguous, so that is a programming error.
 */
export function collectConfigLeaves(schema: AnySchema): ConfigLeaf[] {
  const leaves: ConfigLeaf[] = [];
  const visit = (node: AnySchema, trail: readonly string[]): void => {
    const inner = unwrap(node);
    const shape = objectShape(inner);
    if (shape !== undefined) {
      for (const [key, child] of Object.entries(shape)) visit(child, [...trail, key]);
      return;
    }
    leaves.push({
      path: trail,
      envName: envPrefix + trail.map(screamingSnake).join('_'),
      kind: leafKind(inner),
    });
  };
  visit(schema, []);
  const seen = new Map<string, string>();
  for (const leaf of leaves) {
    const key = leaf.path.join('.');
    const clash = seen.get(leaf.envName);
    if (clash !== undefined) throw new Error(`Config keys ${clash} and ${key} both map to ${leaf.envName}`);
    seen.set(leaf.envName, key);
  }
  return leaves;
}

/** The keys (not leaves) directly under a dotted path of an object schema, for typo hints. */
export function knownKeysAt(schema: AnySchema, trail: readonly string[]): string[] {
  let node = unwrap(schema);
  for (const key of trail) {
    const child = objectShape(node)?.[key];
    if (child === undefined) return [];
    node = unwrap(child);
  }
  return Object.keys(objectShape(node) ?? {});
}
