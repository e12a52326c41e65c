/**
 * Finds where a JSON text stops being valid. V8's own SyntaxError messages differ between
 * Node versions, sometimes omit the position, and quote a slice of the input, which could be a
 * secret pasted into config.json; this scanner gives a stable line, column and reason that
 * never contain any of the text.
 */
export interface JsonSyntaxProblem {
  /** 1-based. */
  readonly line: number;
  /** 1-based, counted in UTF-16 code units like editors do for the BMP. */
  readonly column: number;
  readonly reason: string;
}

class JsonScanError extends Error {
  constructor(
    readonly offset: number,
    readonly reason: string,
  ) {
    super(reason);
  }
}

/** Returns the first syntax problem in `text`, or undefined when it is valid JSON. */
export function locateJsonSyntaxError(text: string): JsonSyntaxProblem | undefined {
  const scanner = new Scanner(text);
  try {
    scanner.document();
    return undefined;
  } catch (error) {
    if (!(error instanceof JsonScanError)) throw error;
    return { ...lineAndColumn(text, error.offset), reason: error.reason };
  }
}

function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

const maxDepth = 1000;

class Scanner {
  private pos = 0;

  constructor(private readonly text: string) {}

  document(): void {
    // A UTF-8 byte order mark is common in files saved by Windows editors; JSON.parse rejects it.
    if (this.text.charCodeAt(0) === 0xfeff) this.fail('the file starts with a byte order mark; save it as UTF-8 without BOM');
    this.whitespace();
    if (this.pos >= this.text.length) this.fail('the file is empty; expected a JSON object');
    this.value(0);
    this.whitespace();
    if (this.pos < this.text.length) this.fail('unexpected text after the end of the JSON value');
  }

  private value(depth: number): void {
    if (depth > maxDepth) this.fail('nesting is too deep');
    const ch = this.text[this.pos];
    switch (ch) {
      case '{':
        return this.object(depth);
      case '[':
        return this.array(depth);
      case '"':
        return this.string();
      case 't':
        return this.literal('true');
      case 'f':
        return this.literal('false');
      case 'n':
        return this.literal('null');
      case undefined:
        return this.fail('unexpected end of file; expected a value');
      default:
        if (ch === '-' || (ch >= '0' && ch <= '9')) return this.number();
        if (ch === "'") return this.fail('strings must use double quotes');
        if (/[A-Za-z_]/.test(ch)) return this.fail('unexpected word; expected a value (unquoted strings are not allowed)');
        return this.fail('unexpected character; expected a value (object, array, string, number, true, false or null)');
    }
  }

  private object(depth: number): void {
    this.pos++;
    this.whitespace();
    if (this.text[this.pos] === '}') {
      this.pos++;
      return;
    }
    for (;;) {
      this.whitespace();
      const ch = this.text[this.pos];
      if (ch === '}') this.fail('trailing comma before }');
      if (ch === undefined) this.fail('unexpected end of file inside an object');
      if (ch !== '"') this.fail('expected a double-quoted property name');
      this.string();
      this.whitespace();
      if (this.text[this.pos] !== ':') this.fail("expected ':' after the property name");
      this.pos++;
      this.whitespace();
      this.value(depth + 1);
      this.whitespace();
      const next = this.text[this.pos];
      if (next === ',') {
        this.pos++;
        continue;
      }
      if (next === '}') {
        this.pos++;
        return;
      }
      if (next === undefined) this.fail('unexpected end of file inside an object');
      this.fail("expected ',' or '}' after a property value");
    }
  }

  private array(depth: number): void {
    this.pos++;
    this.whitespace();
    if (this.text[this.pos] === ']') {
      this.pos++;
      return;
    }
    for (;;) {
      this.whitespace();
      if (this.text[this.pos] === ']') this.fail('trailing comma before ]');
      this.value(depth + 1);
      this.whitespace();
      const next = this.text[this.pos];
      if (next === ',') {
        this.pos++;
        continue;
      }
      if (next === ']') {
        this.pos++;
        return;
      }
      if (next === undefined) this.fail('unexpected end of file inside an array');
      this.fail("expected ',' or ']' after an array element");
    }
  }

  private string(): void {
    this.pos++;
    for (;;) {
      const code = this.text.charCodeAt(this.pos);
      if (Number.isNaN(code)) this.fail('unterminated string');
      if (code === 0x22) {
        this.pos++;
        return;
      }
      if (code < 0x20) this.fail('control character (such as a line break) inside a string; escape it');
      if (code === 0x5c) {
        const escape = this.text[this.pos + 1];
        if (escape === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(this.text.slice(this.pos + 2, this.pos + 6))) {
            this.fail('invalid \\u escape; expected four hexadecimal digits');
          }
          this.pos += 6;
          continue;
        }
        if (escape === undefined || !'"\\/bfnrt'.includes(escape)) this.fail('invalid escape sequence in a string');
        this.pos += 2;
        continue;
      }
      this.pos++;
    }
  }

  private number(): void {
    const match = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/.exec(this.text.slice(this.pos, this.pos + 400));
    if (match === null) this.fail('invalid number');
    this.pos += match[0].length;
    const next = this.text[this.pos];
    if (next !== undefined && /[0-9A-Za-z_.]/.test(next)) this.fail('invalid number');
  }

  private literal(word: 'true' | 'false' | 'null'): void {
    if (this.text.slice(this.pos, this.pos + word.length) !== word) {
      this.fail('unexpected word; expected a value (unquoted strings are not allowed)');
    }
    this.pos += word.length;
  }

  private whitespace(): void {
    while (this.pos < this.text.length) {
      const ch = this.text[this.pos];
      if (ch === ' ' || ch === '\t' || ch === '\n' || ch === '\r') this.pos++;
      else if (ch === '/' && (this.text[this.pos + 1] === '/' || this.text[this.pos + 1] === '*')) {
        this.fail('comments are not allowed in JSON');
      } else return;
    }
  }

  private fail(reason: string): never {
    throw new JsonScanError(this.pos, reason);
  }
}
