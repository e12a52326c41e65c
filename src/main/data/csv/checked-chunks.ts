import { createReadStream } from 'node:fs';
import { AppError } from '../../../shared/ipc/errors';
import { ByteGuard } from './byte-guard';
import { rethrowAsFileError } from './file-errors';

export function throwIfImportAborted(signal: AbortSignal | undefined, file: string): void {
  if (signal?.aborted === true) throw new AppError('CANCELLED', `Import of ${file} was cancelled`, { file });
}

export interface CheckedChunkOptions {
  readonly chunkBytes: number;
  readonly signal?: AbortSignal;
  /** A size cap checked as bytes arrive, so a file that grows while read still stops at it. */
  readonly limit?: { readonly bytes: number; readonly error: (bytes: number) => AppError };
}

/**
 * Streams a file's bytes once, in bounded chunks, with the checks every CSV reader needs:
 * cancellation between chunks, an optional size cap, binary/encoding detection (ByteGuard,
 * finished after the last chunk) and file-system errors mapped to typed ones. The stream is
 * closed however the caller's loop ends.
 */
export async function* readCheckedChunks(file: string, options: CheckedChunkOptions): AsyncGenerator<Buffer, void, undefined> {
  throwIfImportAborted(options.signal, file);
  const guard = new ByteGuard(file);
  const stream = createReadStream(file, { highWaterMark: options.chunkBytes });
  let bytes = 0;
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      throwIfImportAborted(options.signal, file);
      bytes += chunk.length;
      if (options.limit !== undefined && bytes > options.limit.bytes) throw options.limit.error(bytes);
      guard.inspect(chunk);
      yield chunk;
    }
  } catch (error) {
    rethrowAsFileError(file, error);
  } finally {
    stream.destroy();
  }
  guard.finish();
}
