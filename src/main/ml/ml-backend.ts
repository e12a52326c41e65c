import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type * as Tfjs from '@tensorflow/tfjs';
import type { MlBackend } from '../../shared/domain/system';
import { resolvePackage } from './resolve-package';

const resolves = resolvePackage;

/**
 * Which TensorFlow.js backend the model lab will use, without loading TensorFlow yet (it
 * costs seconds): tfjs-node when installed (native libtensorflow), else WebAssembly, else
 * the pure-JS CPU backend. The model code is the same on each.
 */
export function detectMlBackend(): MlBackend {
  if (resolves('@tensorflow/tfjs-node') !== null) {
    return { name: 'tensorflow', detail: '@tensorflow/tfjs-node (native libtensorflow)' };
  }
  const wasm = resolves('@tensorflow/tfjs-backend-wasm');
  if (wasm !== null && wasmBinaryDir(wasm) !== null) {
    return { name: 'wasm', detail: 'WebAssembly backend (@tensorflow/tfjs-node is not installed on this machine)' };
  }
  if (resolves('@tensorflow/tfjs') !== null) {
    return { name: 'cpu', detail: 'pure-JS CPU backend (neither tfjs-node nor the WebAssembly backend is available)' };
  }
  return { name: 'unavailable', detail: 'TensorFlow.js is not installed; run npm ci' };
}

/** The folder holding tfjs-backend-wasm.wasm, which the backend must be told about in Node. */
export function wasmBinaryDir(resolvedEntry: string): string | null {
  let dir = path.dirname(fileURLToPath(resolvedEntry));
  for (let depth = 0; depth < 4; depth += 1) {
    if (existsSync(path.join(dir, 'tfjs-backend-wasm.wasm'))) return dir + path.sep;
    const dist = path.join(dir, 'dist');
    if (existsSync(path.join(dist, 'tfjs-backend-wasm.wasm'))) return dist + path.sep;
    dir = path.dirname(dir);
  }
  return null;
}

/**
 * Loads the detected backend for real and runs one small matrix product, so `doctor` can
 * tell "installed" from "works".
 */
export async function probeMlBackend(): Promise<MlBackend & { ok: boolean }> {
  const detected = detectMlBackend();
  if (detected.name === 'unavailable') return { ...detected, ok: false };
  // tfjs-node is optional and absent on machines that cannot download libtensorflow, so it is
  // named through a variable: neither tsc nor the bundler may insist on it. Its API is tfjs's.
  const nativeModule = '@tensorflow/tfjs-node';
  const tf: typeof Tfjs = detected.name === 'tensorflow' ? ((await import(nativeModule)) as typeof Tfjs) : await import('@tensorflow/tfjs');
  if (detected.name === 'wasm') {
    const wasm = await import('@tensorflow/tfjs-backend-wasm');
    const entry = resolves('@tensorflow/tfjs-backend-wasm');
    const dir = entry === null ? null : wasmBinaryDir(entry);
    if (dir !== null) wasm.setWasmPaths(dir);
    await tf.setBackend('wasm');
  } else if (detected.name === 'cpu') {
    await tf.setBackend('cpu');
  }
  await tf.ready();
  const product = tf.tidy(() => tf.matMul(tf.tensor2d([[1, 2]]), tf.tensor2d([[3], [4]])).dataSync()[0]);
  return { ...detected, detail: `${detected.detail}; backend "${tf.getBackend()}" computed 1·3+2·4=${product}`, ok: product === 11 };
}
