import path from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

/**
 * The habits of issue 11 (9) are lint rules in eslint.config.js; these cases prove each one
 * fires, with the project's own configuration.
 */
const untyped = new ESLint({
  cwd: process.cwd(),
  // Snippets at made-up paths: no project to type-check them in, and these rules need none.
  overrideConfig: {
    languageOptions: { parserOptions: { projectService: false } },
    rules: { '@typescript-eslint/no-floating-promises': 'off' },
  },
});

async function ruleHits(filePath: string, code: string, ruleId: string): Promise<number[]> {
  const [result] = await untyped.lintText(code, { filePath });
  return (result?.messages ?? []).filter((message) => message.ruleId === ruleId).map((message) => message.line);
}

describe('no floating promises (type-aware)', () => {
  it('flags a promise nobody handles, and not one that is voided or caught', async () => {
    // A real file inside the project (ignored by `npm run lint`), so the project service types it.
    const typed = new ESLint({ cwd: process.cwd(), ignore: false });
    const [result] = await typed.lintFiles([path.join('test', 'fixtures', 'lint', 'floating-promise.ts')]);
    const floating = (result?.messages ?? []).filter((message) => message.ruleId === '@typescript-eslint/no-floating-promises');
    expect(floating.map((message) => message.line)).toEqual([8]);
    expect(result?.messages.filter((message) => message.fatal === true)).toEqual([]);
  }, 60_000);
});

describe('no swallowing catch', () => {
  const file = 'src/main/data/x.ts';

  it('flags a catch that neither rethrows, uses the error nor reports it', async () => {
    const code = [
      'export function load(read: () => string, parse: (t: string) => number): number | null {',
      '  try {',
      '    const text = read();',
      '    return parse(text);',
      '  } catch {',
      '    return null;',
      '  }',
      '}',
      '',
    ].join('\n');
    expect(await ruleHits(file, code, 'arbdesk/no-swallowing-catch')).toEqual([5]);
  });

  it('flags a bound error that is never used (no-unused-vars, caughtErrors: all)', async () => {
    const code = 'export function f(g: () => void): void {\n  try {\n    g();\n  } catch (error) {\n    throw new Error("failed");\n  }\n}\n';
    expect(await ruleHits(file, code, '@typescript-eslint/no-unused-vars')).toEqual([4]);
  });

  it('allows rethrowing, wrapping, logging, and a one-statement parse probe that returns its verdict', async () => {
    const code = [
      "import type { Logger } from 'pino';",
      'export function a(g: () => void): void {',
      '  try {',
      '    g();',
      '  } catch (error) {',
      "    throw new Error('a failed', { cause: error });",
      '  }',
      '}',
      'export function b(g: () => void, logger: Logger): void {',
      '  try {',
      '    g();',
      '    g();',
      '  } catch {',
      "    logger.warn('b failed');",
      '  }',
      '}',
      'export function c(raw: string): URL | null {',
      '  try {',
      '    return new URL(raw);',
      '  } catch {',
      '    return null;',
      '  }',
      '}',
      '',
    ].join('\n');
    expect(await ruleHits(file, code, 'arbdesk/no-swallowing-catch')).toEqual([]);
    expect(await ruleHits(file, code, '@typescript-eslint/no-unused-vars')).toEqual([]);
  });
});

describe('files of about 400 lines at most', () => {
  const lines = (count: number): string => Array.from({ length: count }, (_, i) => `export const v${i} = ${i};`).join('\n') + '\n';

  it('flags a source file past 400 lines of code', async () => {
    expect(await ruleHits('src/main/data/x.ts', lines(401), 'max-lines')).toHaveLength(1);
  });

  it('counts neither blank lines nor comments', async () => {
    const padded = `${'// why this is so\n\n'.repeat(200)}${lines(400)}`;
    expect(await ruleHits('src/main/data/x.ts', padded, 'max-lines')).toEqual([]);
  });
});
