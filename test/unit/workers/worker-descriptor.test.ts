import { describe, expect, expectTypeOf, it } from 'vitest';
import type { ImportPathOptions, ImportResult } from '../../../src/main/data/import/import-path';
import type { FanOutSpec, TaskSpec } from '../../../src/main/jobs/job-manager';
import type { CloseMatrix } from '../../../src/main/core/market/series';
import type { importWorker, ImportWorkerInput } from '../../../src/main/workers/import.descriptor';
import { matrixProbeWorker } from '../../../src/main/workers/matrix-probe.descriptor';
import { selftestWorker, type SelftestInput, type SelftestOutput } from '../../../src/main/workers/selftest.descriptor';
import { defineWorker, type PlainOptions, type WorkerInput, type WorkerOutput } from '../../../src/main/workers/worker-descriptor';
import type { WorkerTaskContext } from '../../../src/main/workers/worker-runtime';
import type { WorkerPool } from '../../../src/main/workers/worker-pool';

/*
 * The descriptor's types are what matters here; `tsc -p tsconfig.json` checks this file, so
 * each @ts-expect-error below fails the type check if the mistake it marks ever compiles.
 */
declare const pool: WorkerPool;

describe('worker descriptors', () => {
  it('carry the input and output types of their worker', () => {
    expectTypeOf<WorkerInput<typeof selftestWorker>>().toEqualTypeOf<SelftestInput>();
    expectTypeOf<WorkerOutput<typeof selftestWorker>>().toEqualTypeOf<SelftestOutput>();
    expectTypeOf<WorkerOutput<typeof importWorker>>().toEqualTypeOf<ImportResult>();
    expectTypeOf<ReturnType<typeof pool.run<SelftestInput, SelftestOutput>>>().toEqualTypeOf<Promise<SelftestOutput>>();
  });

  it("make the import worker's input the import service's options, minus what cannot cross a thread", () => {
    expectTypeOf<ImportWorkerInput['policy']>().toEqualTypeOf<ImportPathOptions['policy']>();
    expectTypeOf<ImportWorkerInput['thresholds']>().toEqualTypeOf<ImportPathOptions['thresholds']>();
    expectTypeOf<keyof PlainOptions<ImportPathOptions>>().toEqualTypeOf<Exclude<keyof ImportPathOptions, 'signal' | 'onProgress' | 'onCommitted' | 'now'>>();
  });

  it('refuse a wrong input, a wrong output and a missing named input at compile time', () => {
    const typeErrors = (): void => {
      // @ts-expect-error steps must be a number
      void pool.run(selftestWorker, { steps: 'five' });
      // @ts-expect-error an empty object is not a selftest input (the input type is invariant)
      void pool.run(selftestWorker, {});
      // @ts-expect-error the output is { counted }, not a string
      const wrong: Promise<string> = pool.run(selftestWorker, { steps: 1 });
      void wrong;
      // @ts-expect-error the matrix probe needs its shared close matrix
      void pool.run(matrixProbeWorker, { from: 0, to: 1 });
      // @ts-expect-error a fan-out of the probe must name the matrix by reference
      const noRef: FanOutSpec<unknown, unknown, 'closeMatrix'> = { kind: 'probe', worker: matrixProbeWorker, shards: [{ from: 0, to: 1 }] };
      void noRef;
      // @ts-expect-error a selftest job takes selftest input
      const badTask: TaskSpec<SelftestInput, { counted: number }, never> = { kind: 'x', worker: selftestWorker, input: { from: 0, to: 1 } };
      void badTask;
    };
    expect(typeof typeErrors).toBe('function');
  });

  it('give a task its declared named inputs, typed', () => {
    expectTypeOf<WorkerTaskContext<'closeMatrix'>['inputs']['closeMatrix']>().toEqualTypeOf<CloseMatrix>();
    expect(matrixProbeWorker.inputs).toEqual(['closeMatrix']);
    expect(selftestWorker.inputs).toEqual([]);
  });

  it('refuse a name that cannot be an entry file', () => {
    expect(() => defineWorker<number, number>({ name: '../escape', doc: 'bad' })).toThrow(/kebab-case/);
    expect(defineWorker<number, number>({ name: 'pair-scan', doc: 'ok' }).name).toBe('pair-scan');
  });
});
