import type { NamedInputName } from '../jobs/named-inputs';

/**
 * Names a worker and fixes its types: the input it takes, the output it returns and the
 * named shared inputs it reads. Main imports only descriptors (cheap, no implementation);
 * the worker's `.worker.ts` module implements one with `defineWorkerTask`, so both sides are
 * checked against the same types. The input is plain data (it crosses a thread or a queue);
 * by convention it is the options type of the service the worker calls (see `PlainOptions`).
 */
export interface WorkerDescriptor<I, O, N extends NamedInputName = never> {
  /** The entry module is `<name>.worker.ts` next to this file (`.worker.mjs` in a build). */
  readonly name: string;
  readonly doc: string;
  /** Named inputs every task of this worker receives (one shared copy for all shards). */
  readonly inputs: readonly N[];
  /** Type carrier only, never set. A function type keeps I and O invariant, so a wider input does not pass. */
  readonly types?: (input: I) => O;
}

export function defineWorker<I, O, N extends NamedInputName = never>(spec: {
  readonly name: string;
  readonly doc: string;
  readonly inputs?: readonly N[];
}): WorkerDescriptor<I, O, N> {
  if (!/^[a-z][a-z0-9-]*$/.test(spec.name)) throw new Error(`Worker name "${spec.name}" must be kebab-case (it names the entry file).`);
  return { name: spec.name, doc: spec.doc, inputs: spec.inputs ?? [] };
}

export type WorkerInput<W> = W extends { readonly types?: (input: infer I) => unknown } ? I : never;
export type WorkerOutput<W> = W extends { readonly types?: (input: never) => infer O } ? O : never;

/**
 * A service's options without what cannot cross a thread boundary (callbacks, signals):
 * the worker rebuilds those on its side from its task context.
 */
export type PlainOptions<T> = {
  readonly [K in keyof T as NonNullable<T[K]> extends ((...args: never[]) => unknown) | AbortSignal ? never : K]: T[K];
};
