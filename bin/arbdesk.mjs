#!/usr/bin/env node
// The `arbdesk` command. The real program is the bundled CLI; this shim only says clearly
// what to do when it has not been built yet.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const cli = new URL('../dist/main/cli.mjs', import.meta.url);
if (!existsSync(fileURLToPath(cli))) {
  console.error('arbdesk: not built yet. Run `npm run build` (or `npm start`, which builds first).');
  process.exit(1);
}
const { main } = await import(cli.href);
process.exitCode = await main(process.argv);
