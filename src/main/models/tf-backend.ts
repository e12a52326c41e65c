import type * as Tfjs from '@tensorflow/tfjs';
import { AppError } from '../../shared/ipc/errors';
import { resolvePackage } from '../ml/resolve-package';
import { detectMlBackend, wasmBinaryDir } from '../ml/ml-backend';

export type TfBackendName = 'tensorflow' | 'wasm' | 'cpu';

export interface TfRuntime {
  readonly tf: typeof Tfjs;
  /** What `tf.getBackend()` reported after setup: the backend that really runs. */
  readonly backend: TfBackendName;
  readonly detail: string;
}

let loaded: { prefer: TfBackendName | undefined; runtime: Promise<TfRuntime> } | null = null;

/**
 * Loads TensorFlow.js once per thread on the fastest backend that works: tfjs-node when
 * installed, else WebAssembly (single-threaded in Node; the SIMD build when the engine
 * validates it), else pure-JS CPU. After `setBackend` the active backend is read back: a
 * failed setup leaves tfjs on a slower backend without an error, so a mismatch is treated
 * as that backend failing and reported in the detail.
 */
export function loadTfRuntime(prefer?: TfBackendName): Promise<TfRuntime> {
  loaded ??= { prefer, runtime: initialise(prefer) };
  // tfjs has one active backend per thread; switching it under running code would silently
  // change every model's numbers, so a second, different request is refused.
  if (prefer !== undefined && loaded.prefer !== prefer) {
    const current = loaded.prefer ?? 'automatic';
    return Promise.reject(new AppError('CONFLICT', `TensorFlow.js is already set up on this thread (${current}); it cannot switch to "${prefer}".`, { requested: prefer, current }));
  }
  return loaded.runtime;
}

async function initialise(prefer: TfBackendName | undefined): Promise<TfRuntime> {
  const detected = detectMlBackend();
  const order: TfBackendName[] = prefer !== undefined ? [prefer] : detected.name === 'tensorflow' ? ['tensorflow', 'wasm', 'cpu'] : ['wasm', 'cpu'];
  const failures: string[] = [];
  for (const name of order) {
    const attempt = await tryBackend(name);
    if (attempt.ok) {
      const fellBack = failures.length > 0 ? ` (after: ${failures.join('; ')})` : '';
      return { tf: attempt.tf, backend: name, detail: `${attempt.detail}${fellBack}` };
    }
    failures.push(`${name}: ${attempt.reason}`);
  }
  throw new AppError('UNAVAILABLE', `No TensorFlow.js backend could be set up: ${failures.join('; ')}`, { tried: order });
}

type Attempt = { ok: true; tf: typeof Tfjs; detail: string } | { ok: false; reason: string };

async function tryBackend(name: TfBackendName): Promise<Attempt> {
  try {
    // tfjs-node is optional; it is named through a variable so tsc and the bundler never
    // insist on it. It re-exports tfjs's API with the native backend registered.
    const nativeModule = '@tensorflow/tfjs-node';
    const tf: typeof Tfjs = name === 'tensorflow' ? ((await import(nativeModule)) as typeof Tfjs) : await import('@tensorflow/tfjs');
    let detail: string;
    switch (name) {
      case 'tensorflow':
        detail = '@tensorflow/tfjs-node (native libtensorflow)';
        break;
      case 'wasm': {
        const wasm = await import('@tensorflow/tfjs-backend-wasm');
        const entry = resolvePackage('@tensorflow/tfjs-backend-wasm');
        const dir = entry === null ? null : wasmBinaryDir(entry);
        if (dir === null) return { ok: false, reason: 'tfjs-backend-wasm.wasm not found' };
        wasm.setWasmPaths(dir);
        detail = 'WebAssembly backend';
        break;
      }
      case 'cpu':
        detail = 'pure-JS CPU backend';
        break;
    }
    const accepted = await tf.setBackend(name);
    await tf.ready();
    const active = tf.getBackend();
    if (!accepted || active !== name) return { ok: false, reason: `setBackend("${name}") left tfjs on "${active}"` };
    if (name === 'wasm') detail += `, ${wasmFeatures(tf)}`;
    return { ok: true, tf, detail };
  } catch (error) {
    return { ok: false, reason: error instanceof Error ? error.message : String(error) };
  }
}

function wasmFeatures(tf: typeof Tfjs): string {
  const simd = tf.env().getBool('WASM_HAS_SIMD_SUPPORT');
  const threads = tf.env().getBool('WASM_HAS_MULTITHREAD_SUPPORT');
  return `${simd ? 'SIMD' : 'no SIMD'}, ${threads ? 'multi-threaded' : 'single-threaded'}`;
}
