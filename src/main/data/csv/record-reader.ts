import { finished } from 'node:stream/promises';
import { CsvError, parse, type Parser } from 'csv-parse';
import { fileError } from './file-errors';

/**
 * Splits a byte stream into CSV records, each with its 1-based source line.
 *
 * Why two paths: csv-parse examines every byte in JavaScript and alone needs ~1.8 s for the
 * 30 MB S&P set on a 2-core machine, most of the import budget. Price files almost never
 * contain a quote, and without quotes a record is simply a line split on commas. So runs of
 * quote-free lines (LF or CRLF endings) are split natively; from the first line holding a
 * quote or a bare CR onward, the rest of the file goes to csv-parse's streaming parser. The
 * switch happens at a line start, where no quoted field can be open, so both paths see
 * the same records; test/unit/data/record-reader.test.ts checks that property against
 * csv-parse on generated input.
 */

export type RecordSink = (fields: string[], line: number) => void;

/** No price row is anywhere near this; a longer "line" means a binary or newline-less file. */
export const MAX_LINE_BYTES = 1 << 20;

const LF = 10;
const CR = 13;
const QUOTE = 34;
const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

export class RecordReader {
  private carry: Buffer | null = null;
  private linesDone = 0;
  private bomChecked = false;
  private delegate: Parser | null = null;
  private delegateDone: Promise<void> | null = null;
  private delegateError: unknown = null;

  constructor(
    private readonly file: string,
    private readonly sink: RecordSink,
  ) {}

  push(chunk: Buffer): void {
    this.throwDelegateError();
    if (this.delegate !== null) {
      this.delegate.write(chunk);
      return;
    }
    const buf = this.carry === null ? chunk : Buffer.concat([this.carry, chunk]);
    this.carry = null;
    this.consume(buf, false);
  }

  /** Flushes the last line (a file need not end with a newline) and waits for csv-parse. */
  async finish(): Promise<void> {
    this.throwDelegateError();
    if (this.delegate === null && this.carry !== null) {
      const last = this.carry;
      this.carry = null;
      this.consume(last, true);
    }
    if (this.delegate !== null && this.delegateDone !== null) {
      this.delegate.end();
      await this.delegateDone;
      this.throwDelegateError();
    }
  }

  /** Splits what it can; at end of input (`final`) the trailing partial line is a line too. */
  private consume(input: Buffer, final: boolean): void {
    let buf = input;
    if (!this.bomChecked) {
      if (buf.length < BOM.length && !final) {
        this.carry = buf;
        return;
      }
      this.bomChecked = true;
      if (buf.subarray(0, BOM.length).equals(BOM)) buf = buf.subarray(BOM.length);
    }
    const lastLf = buf.lastIndexOf(LF);
    const fastEnd = lastLf === -1 ? 0 : this.fastRegionEnd(buf, lastLf + 1);
    this.splitLines(buf, fastEnd);
    if (fastEnd <= lastLf) {
      this.startDelegate(buf.subarray(fastEnd));
      return;
    }
    const rest = buf.subarray(lastLf + 1);
    if (rest.length === 0) return;
    if (!final) {
      this.holdPartialLine(rest);
    } else if (rest.indexOf(QUOTE) === -1 && !hasBareCr(rest, rest.length)) {
      this.emitLine(rest.toString('utf8'));
    } else {
      this.startDelegate(rest);
    }
  }

  private holdPartialLine(buf: Buffer): void {
    if (buf.length > MAX_LINE_BYTES) {
      throw fileError(
        this.file,
        'line_too_long',
        `line ${this.linesDone + 1} is longer than ${MAX_LINE_BYTES} bytes; this is not a price CSV`,
        { line: this.linesDone + 1 },
      );
    }
    // A bare CR (old Mac line endings) means there may be no LF at all: let csv-parse split it.
    if (hasBareCr(buf, buf.length - 1)) {
      this.startDelegate(buf);
      return;
    }
    this.carry = Buffer.from(buf);
  }

  /** End of the prefix of [0, end) made of whole lines free of quotes and bare CRs. */
  private fastRegionEnd(buf: Buffer, end: number): number {
    let limit = end;
    const quote = buf.indexOf(QUOTE);
    if (quote !== -1 && quote < limit) limit = buf.lastIndexOf(LF, quote) + 1;
    let cr = buf.indexOf(CR);
    while (cr !== -1 && cr < limit) {
      if (buf[cr + 1] !== LF) {
        limit = cr === 0 ? 0 : buf.lastIndexOf(LF, cr - 1) + 1;
        break;
      }
      cr = buf.indexOf(CR, cr + 2);
    }
    return limit;
  }

  private splitLines(buf: Buffer, end: number): void {
    if (end === 0) return;
    // Decoding whole lines at once is safe: LF never occurs inside a multi-byte character.
    const text = buf.toString('utf8', 0, end - 1);
    const lines = text.split('\n');
    for (const line of lines) this.emitLine(line);
  }

  private emitLine(rawLine: string): void {
    this.linesDone++;
    const line = rawLine.charCodeAt(rawLine.length - 1) === CR ? rawLine.slice(0, -1) : rawLine;
    if (line.length === 0) return;
    this.sink(line.split(','), this.linesDone);
  }

  private startDelegate(rest: Buffer): void {
    const lineOffset = this.linesDone;
    const parser = parse({
      bom: false,
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: true,
      record_delimiter: ['\r\n', '\n', '\r'],
      max_record_size: MAX_LINE_BYTES,
      on_record: (record: string[], context: { lines: number }) => {
        // context.lines is the record's last line; a quoted field may span several.
        let embedded = 0;
        for (const field of record) embedded += countNewlines(field);
        this.sink(record, lineOffset + context.lines - embedded);
        // Returning nothing keeps the record out of the readable side: no buffering.
        return undefined;
      },
    });
    parser.resume();
    this.delegateDone = finished(parser).catch((error: unknown) => {
      this.delegateError = error;
    });
    this.delegate = parser;
    if (rest.length > 0) parser.write(rest);
  }

  private throwDelegateError(): void {
    const error = this.delegateError;
    if (error === null) return;
    if (error instanceof CsvError) {
      const problem = error.code === 'CSV_MAX_RECORD_SIZE' ? 'line_too_long' : 'csv_syntax';
      throw fileError(this.file, problem, `CSV syntax error: ${error.message}`, { csvCode: error.code }, error);
    }
    throw error;
  }
}

function hasBareCr(buf: Buffer, end: number): boolean {
  let cr = buf.indexOf(CR);
  while (cr !== -1 && cr < end) {
    if (buf[cr + 1] !== LF) return true;
    cr = buf.indexOf(CR, cr + 1);
  }
  return false;
}

function countNewlines(text: string): number {
  let count = 0;
  let i = text.indexOf('\n');
  while (i !== -1) {
    count++;
    i = text.indexOf('\n', i + 1);
  }
  return count;
}
