#!/usr/bin/env node
// `npm start`: the desktop app when Electron can run here, otherwise browser mode with a
// one-line explanation. Extra arguments go to `arbdesk serve` in the fallback.
import { spawn, spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Returns the Electron binary, or the reason it cannot be used on this machine. */
function findElectron() {
  if (process.env.ARBDESK_BROWSER_MODE === '1') return { reason: 'ARBDESK_BROWSER_MODE=1 is set' };
  // The electron package resolves to its binary's path, downloading the binary on first use.
  // That happens in a child so its progress and any download failure stay out of the
  // terminal; where downloads are blocked, its one useful line becomes our reason.
  const locate = spawnSync(process.execPath, ['-e', "process.stdout.write(require('electron'))"], {
    cwd: root,
    encoding: 'utf8',
    timeout: 300_000,
  });
  if (locate.status !== 0) {
    const detail = `${locate.stderr}`.split('\n').find((line) => /fetch failed|ENOTFOUND|ECONNREFUSED|EAI_AGAIN/.test(line));
    return { reason: `the Electron binary is not installed and could not be downloaded${detail ? ` (${detail.trim()})` : ''}` };
  }
  const binary = locate.stdout.trim().split('\n').pop();
  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) {
    return { reason: 'there is no display (DISPLAY/WAYLAND_DISPLAY unset)' };
  }
  const probe = spawnSync(binary, ['--version'], { encoding: 'utf8', timeout: 15_000 });
  if (probe.error || probe.status !== 0) {
    return { reason: `Electron does not start here (${probe.error?.message ?? probe.stderr.trim().split('\n')[0]})` };
  }
  return { binary };
}

function forward(child) {
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => process.exit(signal ? 1 : (code ?? 0)));
}

const electron = findElectron();
if (electron.binary) {
  forward(spawn(electron.binary, [root], { stdio: 'inherit' }));
} else {
  console.log(`ArbDesk: ${electron.reason}; starting in browser mode instead.`);
  forward(spawn(process.execPath, [path.join(root, 'bin', 'arbdesk.mjs'), 'serve', ...process.argv.slice(2)], { stdio: 'inherit' }));
}
