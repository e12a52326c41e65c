import { z } from 'zod';
import { AppError } from '../../../shared/ipc/errors';
import { createSeededRandom } from '../../core/random/seeded-random';

/**
 * The configurations of a parameter sweep: a grid (every combination of each parameter's
 * values, the last parameter varying fastest) or `count` seeded random draws (uniform on
 * [min, max], rounded for integer parameters, or uniform over `values`). A parameter is a
 * numeric config field named by its path, `strategy.<field>` or `sizing.<field>`. The same
 * spec and seed always give the same configurations in the same order.
 */

const parameterSchema = z
  .object({
    path: z.string().regex(/^(strategy|sizing)\.[A-Za-z][A-Za-z0-9]*$/, { message: 'must be strategy.<field> or sizing.<field>' }),
    values: z.array(z.number().finite()).min(1).optional(),
    min: z.number().finite().optional(),
    max: z.number().finite().optional(),
    integer: z.boolean().default(false),
  })
  .superRefine((value, context) => {
    if (value.values === undefined && (value.min === undefined || value.max === undefined)) context.addIssue({ code: 'custom', path: ['values'], message: `${value.path}: give values, or min and max` });
    if (value.min !== undefined && value.max !== undefined && !(value.min <= value.max)) context.addIssue({ code: 'custom', path: ['min'], message: `${value.path}: min ${value.min} exceeds max ${value.max}` });
  });

export const sweepSpecSchema = z
  .object({
    mode: z.enum(['grid', 'random']).default('grid'),
    parameters: z.array(parameterSchema).min(1, { message: 'must list at least one parameter' }),
    /** Random draws (mode random). */
    count: z.number().int().positive().optional(),
    seed: z.number().int().default(0),
    /** A refusal threshold, so a mistyped grid does not start a million runs. */
    maxConfigs: z.number().int().positive().default(20_000),
  })
  .superRefine((value, context) => {
    if (value.mode === 'random' && value.count === undefined) context.addIssue({ code: 'custom', path: ['count'], message: 'a random sweep needs count' });
    if (value.mode === 'grid') {
      value.parameters.forEach((parameter, index) => {
        if (parameter.values === undefined) context.addIssue({ code: 'custom', path: ['parameters', index, 'values'], message: `${parameter.path}: a grid parameter needs values` });
      });
    }
    const paths = value.parameters.map((parameter) => parameter.path);
    if (new Set(paths).size !== paths.length) context.addIssue({ code: 'custom', path: ['parameters'], message: 'a parameter path is listed twice' });
  });

export type SweepSpecInput = z.input<typeof sweepSpecSchema>;
export type SweepSpec = z.output<typeof sweepSpecSchema>;

/** One configuration's parameter values, by path. */
export type SweepAssignment = Readonly<Record<string, number>>;

export function parseSweepSpec(input: unknown, field = 'sweep'): SweepSpec {
  const parsed = sweepSpecSchema.safeParse(input);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((issue) => ({ path: [field, ...issue.path.map(String)].join('.'), message: issue.message }));
    throw new AppError('CONFIG_INVALID', `Invalid sweep: ${issues.map((issue) => `${issue.path}: ${issue.message}`).join('; ')}`, { fields: issues.map((issue) => issue.path), issues });
  }
  return parsed.data;
}

export function expandSweep(spec: SweepSpec): SweepAssignment[] {
  const size = spec.mode === 'grid' ? spec.parameters.reduce((product, parameter) => product * (parameter.values?.length ?? 0), 1) : (spec.count ?? 0);
  if (size > spec.maxConfigs) throw new AppError('CONFIG_INVALID', `sweep: ${size} configurations exceed maxConfigs ${spec.maxConfigs}`, { field: 'sweep.maxConfigs' });
  switch (spec.mode) {
    case 'grid': {
      const out: SweepAssignment[] = [];
      for (let k = 0; k < size; k++) {
        const assignment: Record<string, number> = {};
        let rest = k;
        for (let p = spec.parameters.length - 1; p >= 0; p--) {
          const parameter = spec.parameters[p];
          const values = parameter?.values ?? [];
          assignment[parameter?.path ?? ''] = values[rest % values.length] as number;
          rest = Math.floor(rest / values.length);
        }
        out.push(orderedLike(spec, assignment));
      }
      return out;
    }
    case 'random': {
      const random = createSeededRandom(spec.seed);
      return Array.from({ length: size }, () => {
        const assignment: Record<string, number> = {};
        for (const parameter of spec.parameters) {
          if (parameter.values !== undefined) {
            assignment[parameter.path] = parameter.values[Math.floor(random.nextFloat() * parameter.values.length)] as number;
            continue;
          }
          const min = parameter.min ?? 0;
          const max = parameter.max ?? 0;
          if (parameter.integer) {
            const low = Math.ceil(min);
            const high = Math.floor(max);
            if (high < low) throw new AppError('CONFIG_INVALID', `sweep: ${parameter.path} has no integer in [${min}, ${max}]`, { field: `sweep.parameters.${parameter.path}` });
            assignment[parameter.path] = low + Math.floor(random.nextFloat() * (high - low + 1));
          } else {
            assignment[parameter.path] = min + random.nextFloat() * (max - min);
          }
        }
        return assignment;
      });
    }
    default:
      throw new AppError('INTERNAL', `unhandled sweep mode ${String(spec.mode satisfies never)}`);
  }
}

function orderedLike(spec: SweepSpec, assignment: Record<string, number>): SweepAssignment {
  return Object.fromEntries(spec.parameters.map((parameter) => [parameter.path, assignment[parameter.path] as number]));
}

/** A copy of the base config input with the assignment's paths set (the base is not changed). */
export function applyAssignment(base: Readonly<Record<string, unknown>>, assignment: SweepAssignment): Record<string, unknown> {
  const out: Record<string, unknown> = structuredClone(base) as Record<string, unknown>;
  for (const [path, value] of Object.entries(assignment)) {
    const [section, field] = path.split('.') as [string, string];
    const current = out[section];
    const object = typeof current === 'object' && current !== null && !Array.isArray(current) ? (current as Record<string, unknown>) : {};
    out[section] = { ...object, [field]: value };
  }
  return out;
}
