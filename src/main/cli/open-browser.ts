import { spawn } from 'node:child_process';

/** Whether a graphical session exists to open a browser in. */
export function hasDisplay(env: Readonly<Record<string, string | undefined>> = process.env): boolean {
  if (process.platform === 'darwin' || process.platform === 'win32') return true;
  return Boolean(env['DISPLAY'] || env['WAYLAND_DISPLAY']);
}

/** Opens the system browser without waiting for it; the URL is printed either way. */
export function openInBrowser(url: string): void {
  const [command, args] =
    process.platform === 'darwin'
      ? ['open', [url]]
      : process.platform === 'win32'
        ? ['cmd', ['/c', 'start', '""', url.replace(/&/g, '^&')]]
        : ['xdg-open', [url]];
  const child = spawn(command, args, { stdio: 'ignore', detached: true });
  child.on('error', (error) => {
    process.stderr.write(`Could not open a browser (${command}: ${error.message}); open the URL above yourself.\n`);
  });
  child.unref();
}
