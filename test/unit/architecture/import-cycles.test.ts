import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { cruise, type ICruiseResult } from 'dependency-cruiser';
import { afterAll, describe, expect, it } from 'vitest';

/**
 * Import cycles fail `npm run lint` through .dependency-cruiser.cjs. These cases prove the
 * rule bites on a cycle made only of type imports, and that the real tree has none.
 */
const config = createRequire(import.meta.url)(path.resolve('.dependency-cruiser.cjs')) as {
  forbidden: unknown[];
  options: { tsPreCompilationDeps: boolean; doNotFollow: { path: string } };
};
const scratch = mkdtempSync(path.join(tmpdir(), 'arbdesk-cycles-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

async function violations(paths: string[]): Promise<string[]> {
  const result = await cruise(paths, {
    ruleSet: { forbidden: config.forbidden } as never,
    tsPreCompilationDeps: config.options.tsPreCompilationDeps,
    doNotFollow: config.options.doNotFollow,
    validate: true,
  });
  const output = result.output as ICruiseResult;
  return output.summary.violations.map((v) => `${v.rule.name}: ${v.from} → ${v.to}`);
}

describe('import cycles are refused', () => {
  it('flags a cycle made only of type imports', async () => {
    writeFileSync(path.join(scratch, 'a.ts'), "import type { B } from './b';\nexport interface A { b: B }\n");
    writeFileSync(path.join(scratch, 'b.ts'), "import type { A } from './a';\nexport interface B { a?: A }\n");
    const found = await violations([scratch]);
    expect(found.length).toBeGreaterThan(0);
    expect(found.join('\n')).toMatch(/no-circular/);
  });

  it('finds none in src', async () => {
    expect(await violations(['src'])).toEqual([]);
  });
});
