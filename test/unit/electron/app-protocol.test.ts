import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

vi.mock('electron', () => import('./fake-electron'));

import {
  createAppProtocolHandler,
  registerAppSchemeAsPrivileged,
  serveAppProtocol,
} from '../../../src/main/electron/app-protocol';
import { CONTENT_SECURITY_POLICY } from '../../../src/main/electron/security-policy';
import { makeTempHome } from '../../helpers/temp-home';
import { createMemoryLogger, protocol } from './fake-electron';

let temp: { dir: string; cleanup: () => void };
let root: string;
let handle: (request: Request) => Promise<Response>;

beforeEach(() => {
  temp = makeTempHome('arbdesk-protocol-');
  root = path.join(temp.dir, 'dist', 'renderer');
  mkdirSync(path.join(root, 'assets'), { recursive: true });
  writeFileSync(path.join(root, 'index.html'), '<!doctype html><title>ArbDesk</title>');
  writeFileSync(path.join(root, 'assets', 'app.js'), 'console.log("hi")');
  writeFileSync(path.join(temp.dir, 'secret.txt'), 'api-key');
  handle = createAppProtocolHandler(root, createMemoryLogger().logger);
});

afterEach(() => temp.cleanup());

function expectSecurityHeaders(response: Response): void {
  expect(response.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
  expect(response.headers.get('x-content-type-options')).toBe('nosniff');
}

describe('app:// protocol handler', () => {
  it('serves index.html for / with its type and the security headers', async () => {
    const response = await handle(new Request('app://arbdesk/'));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expectSecurityHeaders(response);
    expect(await response.text()).toBe('<!doctype html><title>ArbDesk</title>');
  });

  it('serves assets and answers HEAD without a body', async () => {
    const get = await handle(new Request('app://arbdesk/assets/app.js'));
    expect(get.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(await get.text()).toBe('console.log("hi")');

    const head = await handle(new Request('app://arbdesk/assets/app.js', { method: 'HEAD' }));
    expect(head.status).toBe(200);
    expect(head.headers.get('content-length')).toBe(String('console.log("hi")'.length));
    expect(head.body).toBeNull();
  });

  it('answers 405 with Allow for other methods, still with the security headers', async () => {
    const response = await handle(new Request('app://arbdesk/index.html', { method: 'POST', body: 'x' }));
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('GET, HEAD');
    expectSecurityHeaders(response);
  });

  it('refuses traversal and foreign hosts with 403 and never returns the secret', async () => {
    for (const url of ['app://arbdesk/%2e%2e/%2e%2e/secret.txt', 'app://arbdesk/..%2f..%2fsecret.txt', 'app://evil/index.html']) {
      const response = await handle(new Request(url));
      expect([403, 404], url).toContain(response.status);
      expectSecurityHeaders(response);
      expect(await response.text()).not.toContain('api-key');
    }
    expect((await handle(new Request('app://evil/index.html'))).status).toBe(403);
  });

  it('refuses a symlink that leads out of the renderer folder', async () => {
    symlinkSync(path.join(temp.dir, 'secret.txt'), path.join(root, 'assets', 'leak.txt'));
    const response = await handle(new Request('app://arbdesk/assets/leak.txt'));
    expect(response.status).toBe(403);
    expect(await response.text()).not.toContain('api-key');
  });

  it('answers 404 for missing files and for directories', async () => {
    for (const url of ['app://arbdesk/missing.js', 'app://arbdesk/assets', 'app://arbdesk/index.html/x']) {
      const response = await handle(new Request(url));
      expect(response.status, url).toBe(404);
      expectSecurityHeaders(response);
    }
  });

  it('answers 404 while the renderer has not been built yet, and serves it once it exists', async () => {
    const lateRoot = path.join(temp.dir, 'later');
    const lateHandle = createAppProtocolHandler(lateRoot, createMemoryLogger().logger);
    expect((await lateHandle(new Request('app://arbdesk/'))).status).toBe(404);
    mkdirSync(lateRoot);
    writeFileSync(path.join(lateRoot, 'index.html'), 'built');
    expect(await (await lateHandle(new Request('app://arbdesk/'))).text()).toBe('built');
  });
});

describe('registration', () => {
  it('registers app: as standard, secure and fetch-capable, and nothing more', () => {
    registerAppSchemeAsPrivileged();
    expect(protocol.registerSchemesAsPrivileged).toHaveBeenCalledWith([
      { scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } },
    ]);
  });

  it('installs the handler for the app scheme', async () => {
    serveAppProtocol(root, createMemoryLogger().logger);
    const installed = protocol.handlers.get('app');
    if (installed === undefined) throw new Error('no app: handler was installed');
    expect((await installed(new Request('app://arbdesk/'))).status).toBe(200);
  });
});
