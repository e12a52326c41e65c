import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

/**
 * The layering is a lint rule (eslint.config.js). These cases prove the rule bites: each
 * snippet is linted as if it lived at the given path, with the project's own configuration.
 */
// Snippets are linted at paths that do not exist, which the type-aware project service cannot
// load; these rules need no types, so this instance runs without them (see lint-rules.test.ts).
const eslint = new ESLint({
  cwd: process.cwd(),
  overrideConfig: {
    languageOptions: { parserOptions: { projectService: false } },
    rules: { '@typescript-eslint/no-floating-promises': 'off' },
  },
});

async function restrictedImportErrors(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports' || m.ruleId === 'no-restricted-globals' || m.ruleId === 'no-restricted-properties').map((m) => m.message);
}

describe('architecture layering is enforced by ESLint', () => {
  it.each([
    ['src/shared/ipc/x.ts', "import { thing } from '../../main/store/db';\nexport const y = thing;\n", /imports nothing from main/],
    ['src/shared/domain/x.ts', "import { readFileSync } from 'node:fs';\nexport const y = readFileSync;\n", /no Node built-ins/],
    ['src/shared/domain/x.ts', "import { useState } from 'react';\nexport const y = useState;\n", /depends only on zod/],
    ['src/main/store/x.ts', "import { app } from 'electron';\nexport const y = app;\n", /Only src\/main\/electron may import electron/],
    ['src/main/data/x.ts', "import { ipcMain } from 'electron';\nexport const y = ipcMain;\n", /Only src\/main\/electron may import electron/],
    ['src/renderer/features/x.tsx', "import { ipcRenderer } from 'electron';\nexport const y = ipcRenderer;\n", /untrusted browser code/],
    ['src/renderer/features/x.tsx', "import { openDatabase } from '../../main/store/db';\nexport const y = openDatabase;\n", /only through src\/renderer\/api\/client/],
    ['src/renderer/stores/x.ts', "import { createWsTransport } from '../api/ws-transport';\nexport const y = createWsTransport;\n", /only through api\/client/],
    ['src/renderer/features/x.tsx', 'export const socket = new WebSocket("ws://127.0.0.1:1/ipc");\n', /Only src\/renderer\/api opens sockets/],
  ])('%s: %s', async (filePath, code, expected) => {
    const errors = await restrictedImportErrors(filePath, code);
    expect(errors.length, `no layering error for ${filePath}`).toBeGreaterThan(0);
    expect(errors.join('\n')).toMatch(expected);
  });

  it('allows what the architecture allows', async () => {
    expect(await restrictedImportErrors('src/main/electron/x.ts', "import { app } from 'electron';\nexport const y = app;\n")).toEqual([]);
    expect(await restrictedImportErrors('src/renderer/stores/x.ts', "import { rendererClient } from '../api/client';\nexport const y = rendererClient;\n")).toEqual([]);
    expect(await restrictedImportErrors('src/main/store/x.ts', "import { z } from 'zod';\nexport const y = z;\n")).toEqual([]);
  });
});
