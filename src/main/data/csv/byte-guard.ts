import { isUtf8 } from 'node:buffer';
import { fileError } from './file-errors';

/**
 * Refuses files that are not UTF-8 text before a single row is parsed, so a workbook or a
 * gzip picked by mistake is one clear error rather than thousands of row errors. Every chunk
 * is checked (native `isUtf8` and `indexOf(0)` run at memory speed); a multi-byte character
 * split across chunks is carried over to the next check.
 */

const SIGNATURES: readonly { readonly bytes: readonly number[]; readonly what: string }[] = [
  { bytes: [0x50, 0x4b, 0x03, 0x04], what: 'a ZIP archive or an Excel .xlsx workbook; export it as CSV' },
  { bytes: [0xd0, 0xcf, 0x11, 0xe0], what: 'an Excel .xls workbook; export it as CSV' },
  { bytes: [0x1f, 0x8b], what: 'a gzip archive; decompress it first' },
  { bytes: [0x25, 0x50, 0x44, 0x46], what: 'a PDF document' },
  { bytes: [0xff, 0xfe], what: 'UTF-16 text; save it as UTF-8' },
  { bytes: [0xfe, 0xff], what: 'UTF-16 text; save it as UTF-8' },
];

function startsWith(chunk: Buffer, bytes: readonly number[]): boolean {
  if (chunk.length < bytes.length) return false;
  return bytes.every((b, i) => chunk[i] === b);
}

/** Length of a trailing, possibly incomplete UTF-8 sequence (0 when the chunk ends cleanly). */
function incompleteTailLength(chunk: Buffer): number {
  const n = chunk.length;
  let i = n - 1;
  while (i >= 0 && i >= n - 4 && ((chunk[i] ?? 0) & 0xc0) === 0x80) i--;
  if (i < 0 || i < n - 4) return 0;
  const lead = chunk[i] ?? 0;
  const expected = lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : lead >= 0xc0 ? 2 : 1;
  return n - i < expected ? n - i : 0;
}

export class ByteGuard {
  private carry: Buffer | null = null;
  private offset = 0;
  private first = true;

  constructor(private readonly file: string) {}

  /** Throws VALIDATION_FAILED (problem 'binary' or 'invalid_utf8') for a chunk that is not text. */
  inspect(chunk: Buffer): void {
    if (this.first) {
      this.first = false;
      const signature = SIGNATURES.find((s) => startsWith(chunk, s.bytes));
      if (signature) {
        throw fileError(this.file, 'binary', `not a CSV file: it looks like ${signature.what}`);
      }
    }
    const nul = chunk.indexOf(0);
    if (nul !== -1) {
      throw fileError(this.file, 'binary', `not a text file: NUL byte at byte ${this.offset + nul}`, {
        byteOffset: this.offset + nul,
      });
    }
    const data = this.carry === null ? chunk : Buffer.concat([this.carry, chunk]);
    const dataStart = this.offset - (this.carry?.length ?? 0);
    const tail = incompleteTailLength(data);
    const complete = tail === 0 ? data : data.subarray(0, data.length - tail);
    if (!isUtf8(complete)) {
      throw fileError(
        this.file,
        'invalid_utf8',
        `not UTF-8 text: invalid byte sequence within bytes ${dataStart}–${dataStart + complete.length}; save the file as UTF-8`,
        { byteOffset: dataStart },
      );
    }
    this.carry = tail === 0 ? null : Buffer.from(data.subarray(data.length - tail));
    this.offset += chunk.length;
  }

  /** Call at end of file: a dangling partial character means the file was cut or is not UTF-8. */
  finish(): void {
    if (this.carry !== null) {
      throw fileError(this.file, 'invalid_utf8', 'not UTF-8 text: the file ends in the middle of a character', {
        byteOffset: this.offset - this.carry.length,
      });
    }
  }
}
