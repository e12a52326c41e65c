import { readFile, realpath, stat } from 'node:fs/promises';
import { protocol } from 'electron';
import type { Logger } from 'pino';
import { ALLOWED_METHODS, isWithin, resolveAppRequest } from './app-request-resolver';
import { APP_SCHEME, SECURITY_HEADERS } from './security-policy';

/**
 * Must run before the app is ready. `standard` gives app:// real origins and relative URL
 * resolution, `secure` makes it a secure context like https, `supportFetchAPI` lets the
 * renderer fetch its own assets. Deliberately not `corsEnabled`, `bypassCSP` or
 * `allowServiceWorkers`.
 */
export function registerAppSchemeAsPrivileged(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
  ]);
}

/** Serves the built renderer over app://arbdesk. Call once the app is ready. */
export function serveAppProtocol(rootDir: string, logger: Logger): void {
  protocol.handle(APP_SCHEME, createAppProtocolHandler(rootDir, logger));
}

type Status = 200 | 400 | 403 | 404 | 405 | 500;

function respond(status: Status, body: Uint8Array | string | null, headers: Record<string, string> = {}): Response {
  return new Response(body, { status, headers: { ...SECURITY_HEADERS, ...headers } });
}

function refusal(status: Exclude<Status, 200>, method: string, extraHeaders: Record<string, string> = {}): Response {
  const text = `${status}\n`;
  return respond(status, method === 'HEAD' ? null : text, { 'Content-Type': 'text/plain; charset=utf-8', ...extraHeaders });
}

function isMissing(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return code === 'ENOENT' || code === 'ENOTDIR';
}

/**
 * The request handler behind app://, exported so tests can drive it with real Requests
 * against real files. Every response, including refusals, carries the CSP and nosniff.
 */
export function createAppProtocolHandler(rootDir: string, logger: Logger): (request: Request) => Promise<Response> {
  let realRoot: Promise<string> | undefined;

  return async function handleAppRequest(request: Request): Promise<Response> {
    const method = request.method.toUpperCase();
    const resolution = resolveAppRequest(method, request.url, rootDir);
    if (resolution.kind === 'refused') {
      logger.warn({ method, status: resolution.status, reason: resolution.reason }, 'refused an app:// request');
      const allow: Record<string, string> = resolution.status === 405 ? { Allow: ALLOWED_METHODS.join(', ') } : {};
      return refusal(resolution.status, method, allow);
    }
    try {
      realRoot ??= realpath(rootDir);
      const root = await realRoot;
      // A symlink inside the build folder must not lead out of it.
      const realFile = await realpath(resolution.filePath);
      if (!isWithin(root, realFile)) {
        logger.warn({ method }, 'refused an app:// request whose file resolves outside the renderer folder');
        return refusal(403, method);
      }
      const info = await stat(realFile);
      if (!info.isFile()) return refusal(404, method);
      const headers = { 'Content-Type': resolution.contentType, 'Content-Length': String(info.size) };
      if (method === 'HEAD') return respond(200, null, headers);
      return respond(200, await readFile(realFile), headers);
    } catch (error) {
      if (isMissing(error)) {
        realRoot = undefined; // the build folder may appear later (first build in development)
        return refusal(404, method);
      }
      logger.error({ err: error }, 'failed to serve an app:// request');
      return refusal(500, method);
    }
  };
}
