import { describe, expect, it } from 'vitest';
import { locateJsonSyntaxError } from '../../../src/main/config/json-location';

describe('locateJsonSyntaxError', () => {
  it('accepts everything JSON.parse accepts', () => {
    for (const text of ['{}', '[]', ' {"a": [1, -2.5e3, true, false, null, "x\\u00e9\\n"]}\n', '"s"', '0']) {
      expect(locateJsonSyntaxError(text)).toBeUndefined();
    }
  });

  it.each([
    ['{"a": 1,\n "b" 2}', 2, 6, "expected ':'"],
    ['{\n  "a": 1\n  "b": 2\n}', 3, 3, "expected ',' or '}'"],
    ['{"a": 1,}', 1, 9, 'trailing comma'],
    ['{"a": abc}', 1, 7, 'unexpected word'],
    ['{"a": "x', 1, 9, 'unterminated string'],
    ['', 1, 1, 'empty'],
    ['{} x', 1, 4, 'after the end'],
    ["{'a': 1}", 1, 2, 'double-quoted'],
    ['{"a": 01}', 1, 8, 'invalid number'],
    ['{ // note\n}', 1, 3, 'comments'],
  ])('locates the problem in %j', (text, line, column, reason) => {
    expect(() => JSON.parse(text)).toThrow();
    const problem = locateJsonSyntaxError(text);
    expect(problem).toMatchObject({ line, column });
    expect(problem?.reason).toContain(reason);
  });

  it('never quotes the input in its reason', () => {
    const problem = locateJsonSyntaxError('{"token": sekrit-value-123}');
    expect(problem?.reason).not.toContain('sekrit');
  });
});
