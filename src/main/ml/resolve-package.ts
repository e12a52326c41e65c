import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

/**
 * The file URL of an installed package's entry, or null when it is not installed. Normally
 * `import.meta.resolve`; but a worker thread started from TypeScript source (tsx) may run this
 * module through a CommonJS transform where `import.meta` is empty, so Node's CommonJS
 * resolver from the working directory is the fallback (the packages live in its node_modules).
 */
export function resolvePackage(specifier: string): string | null {
  const meta = import.meta as { resolve?: (specifier: string) => string };
  try {
    if (typeof meta.resolve === 'function') return meta.resolve(specifier);
    return pathToFileURL(createRequire(path.join(process.cwd(), 'package.json')).resolve(specifier)).href;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') return null;
    throw error;
  }
}
