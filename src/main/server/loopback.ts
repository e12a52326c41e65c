import { AppError } from '../../shared/ipc/errors';

const loopbackHosts = new Set(['127.0.0.1', '::1', 'localhost']);

/**
 * Browser mode exposes the whole trading API to whoever can reach the socket, so it only
 * ever listens on the loopback interface.
 */
export function assertLoopbackHost(host: string): void {
  if (!loopbackHosts.has(host)) {
    throw new AppError(
      'CONFIG_INVALID',
      `Refusing to bind browser mode to "${host}": only loopback addresses (127.0.0.1, ::1, localhost) are allowed.`,
      { key: 'server.host', host },
    );
  }
}

/** Host header values that name this server; anything else is a DNS-rebinding attempt. */
export function allowedHostHeaders(port: number): Set<string> {
  return new Set([`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`]);
}

/** Origins a page served by this server can have. */
export function allowedOrigins(port: number): Set<string> {
  return new Set([`http://127.0.0.1:${port}`, `http://localhost:${port}`, `http://[::1]:${port}`]);
}
