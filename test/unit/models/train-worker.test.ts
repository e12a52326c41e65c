import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import type { TrainLstmInput } from '../../../src/main/models/lstm-training';
import { trainWorker } from '../../../src/main/workers/train.descriptor';
import { lstmConfigSchema, trainingConfigSchema } from '../../../src/main/models/model-config';
import { createSeededRandom } from '../../../src/main/core/random/seeded-random';
import { WorkerPool } from '../../../src/main/workers/worker-pool';

function input(epochs: number, count = 48): TrainLstmInput {
  const random = createSeededRandom(1);
  const sample = (n: number) => ({ count: n, window: 5, features: 2, inputs: new Float32Array(n * 10).map(() => random.nextNormal()), targets: new Float32Array(n).map(() => random.nextNormal()) });
  return {
    model: lstmConfigSchema.parse({ layers: [{ units: 3, dropout: 0.1 }] }),
    training: trainingConfigSchema.parse({ epochs, batchSize: 8, patience: 1000, seed: 2 }),
    fit: sample(count),
    validation: sample(8),
  };
}

describe('train.worker', () => {
  let pool: WorkerPool;
  afterEach(async () => pool.close());

  it('trains on a worker thread with plain data in and out, one progress tick per epoch', { timeout: 60_000 }, async () => {
    pool = new WorkerPool(pino({ level: 'silent' }), 1);
    const ticks: number[] = [];
    const result = await pool.run(trainWorker, input(3), { onProgress: (done) => ticks.push(done) });
    expect(ticks).toEqual([1, 2, 3]);
    expect(result.trainLoss).toHaveLength(3);
    expect(result.weights[0]).toBeInstanceOf(Float32Array);
    expect(result.backendDetail).toMatch(/WebAssembly|tfjs-node/);
  });

  it('stops mid-run when cancelled', { timeout: 60_000 }, async () => {
    pool = new WorkerPool(pino({ level: 'silent' }), 1);
    const controller = new AbortController();
    const task = pool.run(trainWorker, input(500, 64), { signal: controller.signal, onProgress: (done) => (done === 1 ? controller.abort() : undefined) });
    await expect(task).rejects.toMatchObject({ code: 'CANCELLED', message: expect.stringMatching(/Training cancelled in epoch 2/) });
  });
});
