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

describe('architecture layering is enforced by ESLint (including main\'s inner layers)', () => {
  it.each([
    ['src/shared/ipc/x.ts', "import { thing } from '../../main/store/db';\nexport const y = thing;\n", /imports nothing from main/],
    ['src/shared/domain/x.ts', "import { readFileSync } from 'node:fs';\nexport const y = readFileSync;\n", /no Node built-ins/],
    ['src/shared/domain/x.ts', "import { useState } from 'react';\nexport const y = useState;\n", /depends only on zod/],
    ['src/main/store/x.ts', "import { app } from 'electron';\nexport const y = app;\n", /Only src\/main\/electron may import electron/],
    ['src/main/data/x.ts', "import { ipcMain } from 'electron';\nexport const y = ipcMain;\n", /Only src\/main\/electron may import electron/],
    ['src/renderer/features/x.tsx', "import { ipcRenderer } from 'electron';\nexport const y = ipcRenderer;\n", /untrusted browser code/],
    ['src/renderer/features/x.tsx', "import { openDatabase } from '../../main/store/db';\nexport const y = openDatabase;\n", /only through src\/renderer\/api\/client/],
    ['src/renderer/stores/x.ts', "import { createWsTransport } from '../api/ws-transport';\nexport const y = createWsTransport;\n", /only through api\/client/],
    ['src/main/stats/x.ts', "import { readFileSync } from 'node:fs';\nexport const y = readFileSync;\n", /Pure core code .* does no I\/O/],
    ['src/main/stats/x.ts', "import { openDatabase } from '../store/db';\nexport const y = openDatabase;\n", /only src\/shared and src\/main\/core/],
    ['src/main/stats/x.ts', "import { app } from 'electron';\nexport const y = app;\n", /Only src\/main\/electron may import electron/],
    ['src/renderer/features/x.tsx', 'export const socket = new WebSocket("ws://127.0.0.1:1/ipc");\n', /Only src\/renderer\/api opens sockets/],
    // Main's inner layers: core ← store ← services ← ipc/cli/electron.
    ['src/main/core/time/x.ts', "import { openDatabase } from '../../store/db';\nexport const y = openDatabase;\n", /Pure core code imports only/],
    ['src/main/core/time/x.ts', "import { readFileSync } from 'node:fs';\nexport const y = readFileSync;\n", /Pure core code .* does no I\/O/],
    ['src/main/stats/x.ts', "import { importPath } from '../data/import/import-path';\nexport const y = importPath;\n", /Pure core code imports only/],
    ['src/main/data/core/x.ts', "import { BarsRepo } from '../../store/repos/bars.repo';\nexport const y = BarsRepo;\n", /Pure core code imports only/],
    ['src/main/engine/x.ts', "import { SimulatedVenue } from '../backtest/simulated-venue';\nexport const y = SimulatedVenue;\n", /The engine imports ports/],
    ['src/main/engine/x.ts', "import { BarsRepo } from '../store/repos/bars.repo';\nexport const y = BarsRepo;\n", /The engine imports ports/],
    ['src/main/store/repos/x.repo.ts', "import { importPath } from '../../data/import/import-path';\nexport const y = importPath;\n", /store\/ sits under the services/],
    ['src/main/store/x.ts', "import { WorkerPool } from '../workers/worker-pool';\nexport const y = WorkerPool;\n", /store\/ sits under the services/],
    ['src/main/data/service/x.ts', "import { createIpcRegistry } from '../../ipc/handler-registry';\nexport const y = createIpcRegistry;\n", /Services never import the IPC edge/],
    ['src/main/data/x.ts', "import { createDataHandlers } from './data.ipc';\nexport const y = createDataHandlers;\n", /Only an <area>\.module\.ts .* wires an <area>\.ipc\.ts/],
    ['src/main/data/data.module.ts', "import { startServer } from '../server/browser-server';\nexport const y = startServer;\n", /A module wires its area/],
    ['src/main/trading/x.ts', "import { createAppCore } from '../app/create-app-core';\nexport const y = createAppCore;\n", /Services never import/],
    ['src/main/data/data.ipc.ts', "import { BarsRepo } from '../store/repos/bars.repo';\nexport const y = BarsRepo;\n", /never reaches the store directly/],
  ])('%s: %s', async (filePath, code, expected) => {
    const errors = await restrictedImportErrors(filePath, code);
    expect(errors.length, `no layering error for ${filePath}`).toBeGreaterThan(0);
    expect(errors.join('\n')).toMatch(expected);
  });

  it('allows what the architecture allows', async () => {
    expect(await restrictedImportErrors('src/main/electron/x.ts', "import { app } from 'electron';\nexport const y = app;\n")).toEqual([]);
    expect(await restrictedImportErrors('src/renderer/stores/x.ts', "import { rendererClient } from '../api/client';\nexport const y = rendererClient;\n")).toEqual([]);
    expect(await restrictedImportErrors('src/main/store/x.ts', "import { z } from 'zod';\nexport const y = z;\n")).toEqual([]);
    const allowed: Array<[string, string]> = [
      ['src/main/store/repos/x.repo.ts', "import type { ImportIssue } from '../../data/core/pipeline-types';\nexport type Y = ImportIssue;\n"],
      ['src/main/store/repos/x.repo.ts', "import { AppError } from '../../../shared/ipc/errors';\nexport const y = AppError;\n"],
      ['src/main/engine/x.ts', "import { ManualClock } from '../core/time/clock';\nexport const y = ManualClock;\n"],
      ['src/main/stats/x.ts', "import { strictAssert } from '../../shared/ipc/errors';\nexport const y = strictAssert;\n"],
      ['src/main/data/service/x.ts', "import { BarsRepo } from '../../store/repos/bars.repo';\nexport const y = BarsRepo;\n"],
      ['src/main/data/data.ipc.ts', "import type { Handlers } from '../ipc/handler-registry';\nexport type Y = Handlers;\n"],
      ['src/main/app/x.ts', "import { createDataHandlers } from '../data/data.ipc';\nexport const y = createDataHandlers;\n"],
      ['src/main/data/data.module.ts', "import { createDataHandlers } from './data.ipc';\nimport type { CapabilityModule } from '../app/capability-module';\nexport type Y = CapabilityModule;\nexport const y = createDataHandlers;\n"],
    ];
    for (const [filePath, code] of allowed) expect(await restrictedImportErrors(filePath, code), filePath).toEqual([]);
    expect(await restrictedImportErrors('src/main/stats/x.ts', "import type { CloseSeries } from '../core/market/series';\nimport { strictAssert } from '../../shared/ipc/errors';\nimport { ols } from './ols';\nexport type Y = CloseSeries;\nexport const y = [strictAssert, ols];\n")).toEqual([]);
  });
});
