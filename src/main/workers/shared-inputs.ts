import { AppError } from '../../shared/ipc/errors';
import type { CloseMatrix, OhlcvColumns } from '../core/market/series';
import { namedInputCacheKey, type BarSet, type NamedInputLoaders, type NamedInputName, type NamedInputRefs, type NamedInputValues } from '../jobs/named-inputs';

/**
 * One SharedArrayBuffer holding a close matrix (closes first, 8-byte aligned, then days), so
 * every shard of every job over the same matrix reads the same memory: posting a typed array
 * over a SharedArrayBuffer to a thread shares it rather than copying it.
 */
export function toSharedCloseMatrix(matrix: CloseMatrix): CloseMatrix {
  const cells = matrix.days.length * matrix.symbols.length;
  if (matrix.closes.length !== cells) {
    throw new AppError(
      'VALIDATION_FAILED',
      `A close matrix of ${matrix.days.length} days × ${matrix.symbols.length} symbols needs ${cells} closes, not ${matrix.closes.length}.`,
      { days: matrix.days.length, symbols: matrix.symbols.length, closes: matrix.closes.length },
    );
  }
  if (matrix.closes.buffer instanceof SharedArrayBuffer && matrix.days.buffer === matrix.closes.buffer) return matrix;
  const closesBytes = matrix.closes.length * Float64Array.BYTES_PER_ELEMENT;
  const buffer = new SharedArrayBuffer(closesBytes + matrix.days.length * Int32Array.BYTES_PER_ELEMENT);
  const closes = new Float64Array(buffer, 0, matrix.closes.length);
  const days = new Int32Array(buffer, closesBytes, matrix.days.length);
  closes.set(matrix.closes);
  days.set(matrix.days);
  return { symbols: [...matrix.symbols], days, closes };
}

/** Every column of every symbol of a bar set in one SharedArrayBuffer (days last, 8-byte alignment kept). */
export function toSharedBarSet(set: BarSet): BarSet {
  if (set.symbols.length !== set.bars.length) {
    throw new AppError('VALIDATION_FAILED', `A bar set of ${set.symbols.length} symbols carries ${set.bars.length} bar series.`, { symbols: set.symbols.length, bars: set.bars.length });
  }
  const lengths = set.bars.map((bars, index) => {
    const n = bars.days.length;
    if ([bars.open, bars.high, bars.low, bars.close, bars.volume].some((column) => column.length !== n)) {
      throw new AppError('VALIDATION_FAILED', `The bars of ${set.symbols[index] ?? index} have columns of different lengths.`, { symbol: set.symbols[index] });
    }
    return n;
  });
  const total = lengths.reduce((sum, n) => sum + n, 0);
  const floatBytes = total * 5 * Float64Array.BYTES_PER_ELEMENT;
  const buffer = new SharedArrayBuffer(floatBytes + total * Int32Array.BYTES_PER_ELEMENT);
  let floatOffset = 0;
  let dayOffset = floatBytes;
  const bars = set.bars.map((source, index): OhlcvColumns => {
    const n = lengths[index] as number;
    const column = (values: Float64Array): Float64Array => {
      const out = new Float64Array(buffer, floatOffset, n);
      out.set(values);
      floatOffset += n * Float64Array.BYTES_PER_ELEMENT;
      return out;
    };
    const days = new Int32Array(buffer, dayOffset, n);
    days.set(source.days);
    dayOffset += n * Int32Array.BYTES_PER_ELEMENT;
    return { days, open: column(source.open), high: column(source.high), low: column(source.low), close: column(source.close), volume: column(source.volume) };
  });
  return { symbols: [...set.symbols], bars };
}

/** The loader of `name` produced `value`, so it has that input's type (the loaders' map guarantees it). */
function toShared(name: NamedInputName, value: unknown): unknown {
  switch (name) {
    case 'closeMatrix':
      return toSharedCloseMatrix(value as NamedInputValues<'closeMatrix'>['closeMatrix']);
    case 'barSet':
      return toSharedBarSet(value as NamedInputValues<'barSet'>['barSet']);
    default:
      throw new AppError('INTERNAL', `unhandled named input ${String(name satisfies never)}`);
  }
}

const DEFAULT_ENTRIES_KEPT = 4;

/**
 * Maps named input references to shared-memory values for the local runner: loads each
 * (key, dataVersion) once, copies it into shared memory once, and hands the same copy to
 * every shard of every job that names it. A new dataVersion of a key replaces the old copy;
 * beyond `entriesKept` the least recently used copy is dropped (threads still reading it
 * keep it alive until they finish).
 */
export class SharedInputCache {
  private readonly entries = new Map<string, Promise<unknown>>();
  private loaders: NamedInputLoaders;

  constructor(
    loaders: NamedInputLoaders = {},
    private readonly entriesKept = DEFAULT_ENTRIES_KEPT,
  ) {
    this.loaders = { ...loaders };
  }

  /** Registers the source of a named input (the owning area's module does this at wiring time). */
  provide<K extends NamedInputName>(name: K, loader: NonNullable<NamedInputLoaders[K]>): void {
    if (this.loaders[name] !== undefined) throw new AppError('CONFLICT', `The named input "${name}" already has a source.`, { input: name });
    this.loaders = { ...this.loaders, [name]: loader };
  }

  async resolve(refs: Partial<NamedInputRefs>): Promise<Readonly<Record<string, unknown>>> {
    const names = Object.keys(refs) as NamedInputName[];
    const values = await Promise.all(names.map((name) => this.resolveOne(name, refs)));
    return Object.fromEntries(names.map((name, index) => [name, values[index]]));
  }

  /** How many shared copies are held (tests, diagnostics). */
  get size(): number {
    return this.entries.size;
  }

  private resolveOne(name: NamedInputName, refs: Partial<NamedInputRefs>): Promise<unknown> {
    const ref = refs[name];
    const loader = this.loaders[name];
    if (ref === undefined) return Promise.reject(new AppError('VALIDATION_FAILED', `The job names input "${name}" without a reference.`, { input: name }));
    if (loader === undefined) {
      return Promise.reject(new AppError('UNAVAILABLE', `No source for the named input "${name}" is configured in this runner.`, { input: name }));
    }
    const cacheKey = namedInputCacheKey(name, ref);
    const cached = this.entries.get(cacheKey);
    if (cached !== undefined) {
      // Re-inserting keeps the Map's order the least-recently-used order.
      this.entries.delete(cacheKey);
      this.entries.set(cacheKey, cached);
      return cached;
    }
    for (const key of [...this.entries.keys()]) {
      if (key.startsWith(`${name}:${ref.key}@`)) this.entries.delete(key);
    }
    const loading = Promise.resolve(loader(ref)).then((value) => toShared(name, value));
    this.entries.set(cacheKey, loading);
    // A failed load is not kept, so the next job retries it; the caller still gets the rejection.
    loading.then(undefined, () => {
      if (this.entries.get(cacheKey) === loading) this.entries.delete(cacheKey);
    });
    while (this.entries.size > this.entriesKept) {
      const oldest = this.entries.keys().next();
      if (oldest.done === true) break;
      this.entries.delete(oldest.value);
    }
    return loading;
  }
}
