import { describe, expect, it } from 'vitest';
import { defaultModelLabConfig } from '../../../src/main/models/model-config';
import { loadTfRuntime } from '../../../src/main/models/tf-backend';
import { rejectionOf } from '../../helpers/app-error';

// Its own file, so its own worker: this thread is set up on the pure-JS CPU backend.
describe('loadTfRuntime', () => {
  it('sets up the backend asked for, verifies it with tf.getBackend() and refuses to switch', async () => {
    const runtime = await loadTfRuntime('cpu');
    expect(runtime.backend).toBe('cpu');
    expect(runtime.tf.getBackend()).toBe('cpu');
    expect(runtime.detail).toMatch(/pure-JS/);
    expect(await loadTfRuntime('cpu')).toBe(runtime);
    expect(await loadTfRuntime()).toBe(runtime);
    const conflict = await rejectionOf(loadTfRuntime('wasm'));
    expect(conflict.code).toBe('CONFLICT');
    expect(conflict.details).toEqual({ requested: 'wasm', current: 'cpu' });
  });

  it('the default config is the predecessor architecture with honest validation', () => {
    const config = defaultModelLabConfig();
    expect(config.features.window).toBe(60);
    expect(config.model.layers).toEqual([
      { units: 50, dropout: 0.2 },
      { units: 30, dropout: 0.2 },
    ]);
    expect(config.split.purgeRows + config.split.embargoRows).toBeGreaterThan(0);
    expect(config.evaluation.thresholdCandidates.length).toBeGreaterThan(1);
  });
});
