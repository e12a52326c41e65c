import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

/** The engine uses ports only: the lint rule in eslint.config.js refuses the data layer, the store, I/O. */
const eslint = new ESLint({ cwd: process.cwd() });

async function errors(code: string): Promise<string> {
  const [result] = await eslint.lintText(code, { filePath: 'src/main/engine/x.ts' });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message).join('\n');
}

describe('engine layering', () => {
  it.each([
    ["import { tradedPrice } from '../data/actions/price-basis';\nexport const y = tradedPrice;\n", /The engine imports ports/],
    ["import { openDatabase } from '../store/db';\nexport const y = openDatabase;\n", /The engine imports ports/],
    ["import { SimulatedVenue } from '../backtest/simulated-venue';\nexport const y = SimulatedVenue;\n", /The engine imports ports/],
    ["import { readFileSync } from 'node:fs';\nexport const y = readFileSync;\n", /does no I\/O/],
    ["import { app } from 'electron';\nexport const y = app;\n", /Only src\/main\/electron/],
  ])('refuses %s', async (code, expected) => {
    expect(await errors(code)).toMatch(expected);
  });

  it('allows core time and shared code', async () => {
    expect(await errors("import type { Clock } from '../core/time/clock';\nimport { AppError } from '../../shared/ipc/errors';\nexport type C = Clock;\nexport const e = AppError;\n")).toBe('');
  });
});
