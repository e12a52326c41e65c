import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { contentTypeFor, isWithin, resolveAppRequest } from '../../../src/main/electron/app-request-resolver';

const root = path.resolve('/srv/arbdesk/dist/renderer');

function refusedStatus(method: string, url: string, rootDir = root, platformPath = path): number | 'file' {
  const resolution = resolveAppRequest(method, url, rootDir, platformPath);
  return resolution.kind === 'file' ? 'file' : resolution.status;
}

describe('resolveAppRequest', () => {
  it('maps / and the empty path to index.html', () => {
    for (const url of ['app://arbdesk/', 'app://arbdesk']) {
      expect(resolveAppRequest('GET', url, root)).toEqual({
        kind: 'file',
        filePath: path.join(root, 'index.html'),
        contentType: 'text/html; charset=utf-8',
      });
    }
  });

  it('serves nested assets with a content type from the extension, ignoring query and fragment', () => {
    expect(resolveAppRequest('HEAD', 'app://arbdesk/assets/index-3f2a.js?v=1#x', root)).toEqual({
      kind: 'file',
      filePath: path.join(root, 'assets', 'index-3f2a.js'),
      contentType: 'text/javascript; charset=utf-8',
    });
    expect(resolveAppRequest('GET', 'app://arbdesk/assets/my%20font.woff2', root)).toMatchObject({
      filePath: path.join(root, 'assets', 'my font.woff2'),
      contentType: 'font/woff2',
    });
  });

  it('allows only GET and HEAD', () => {
    for (const method of ['POST', 'PUT', 'DELETE', 'OPTIONS', 'PATCH']) expect(refusedStatus(method, 'app://arbdesk/')).toBe(405);
    expect(refusedStatus('get', 'app://arbdesk/')).toBe('file');
  });

  it('serves only the arbdesk host, without port or credentials', () => {
    for (const url of ['app://evil/index.html', 'app://arbdesk.evil/index.html', 'app://arbdesk:8080/', 'app://me@arbdesk/', 'app:///etc/passwd']) {
      expect(refusedStatus('GET', url), url).toBe(403);
    }
    expect(refusedStatus('GET', 'https://arbdesk/index.html')).toBe(400);
    expect(refusedStatus('GET', '::not a url')).toBe(400);
  });

  it('refuses every traversal spelling', () => {
    const attempts = [
      'app://arbdesk/../../etc/passwd',
      'app://arbdesk/assets/../../../etc/passwd',
      'app://arbdesk/%2e%2e/%2e%2e/etc/passwd',
      'app://arbdesk/%2E%2E%2Fetc%2Fpasswd',
      'app://arbdesk/..%2f..%2fetc%2fpasswd',
      'app://arbdesk/assets%2f..%2f..%2fsecret',
      'app://arbdesk/..%5c..%5cwindows%5cwin.ini',
      'app://arbdesk/..\\..\\windows\\win.ini',
      'app://arbdesk/index.html%00.png',
      'app://arbdesk/.env',
      'app://arbdesk/assets/.git/config',
      'app://arbdesk/C:/Windows/win.ini',
      'app://arbdesk/index.html:secret-stream',
    ];
    for (const url of attempts) {
      const resolution = resolveAppRequest('GET', url, root);
      // Whatever the parser made of it, nothing outside the root is ever returned.
      if (resolution.kind === 'file') expect(isWithin(root, resolution.filePath), url).toBe(true);
      else expect([400, 403], url).toContain(resolution.status);
    }
    expect(refusedStatus('GET', 'app://arbdesk/%2E%2E%2Fetc%2Fpasswd')).toBe(403);
    expect(refusedStatus('GET', 'app://arbdesk/index.html%00.png')).toBe(403);
    expect(refusedStatus('GET', 'app://arbdesk/.env')).toBe(403);
  });

  it('treats an absolute-looking path as relative to the root', () => {
    expect(resolveAppRequest('GET', 'app://arbdesk//etc/passwd', root)).toMatchObject({
      kind: 'file',
      filePath: path.join(root, 'etc', 'passwd'),
    });
  });

  it('refuses malformed percent-encoding', () => {
    expect(refusedStatus('GET', 'app://arbdesk/%E0%A4%A')).toBe(400);
  });

  it('applies Windows path rules on Windows', () => {
    const windowsRoot = 'C:\\Program Files\\ArbDesk\\resources\\app.asar\\dist\\renderer';
    expect(resolveAppRequest('GET', 'app://arbdesk/assets/a.css', windowsRoot, path.win32)).toMatchObject({
      kind: 'file',
      filePath: `${windowsRoot}\\assets\\a.css`,
    });
    expect(refusedStatus('GET', 'app://arbdesk/..%5c..%5csecret', windowsRoot, path.win32)).toBe(403);
    expect(refusedStatus('GET', 'app://arbdesk/D:/secret', windowsRoot, path.win32)).toBe(403);
  });

  it('never resolves outside the root, whatever the path (property)', () => {
    const segment = fc.oneof(
      fc.constantFrom('..', '.', '%2e%2e', '%2E.', '.%2e', '%2f', '%5c', '%00', '\\', '', 'C:', 'assets', 'index.html'),
      fc.string({ maxLength: 6 }),
    );
    fc.assert(
      fc.property(fc.array(segment, { maxLength: 8 }), (segments) => {
        const resolution = resolveAppRequest('GET', `app://arbdesk/${segments.join('/')}`, root);
        return resolution.kind === 'refused' || (isWithin(root, resolution.filePath) && resolution.filePath !== root);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('contentTypeFor', () => {
  it('knows the renderer asset types and falls back to bytes', () => {
    expect(contentTypeFor('/x/INDEX.HTML')).toBe('text/html; charset=utf-8');
    expect(contentTypeFor('/x/app.css')).toBe('text/css; charset=utf-8');
    expect(contentTypeFor('/x/logo.svg')).toBe('image/svg+xml');
    expect(contentTypeFor('/x/blob.bin')).toBe('application/octet-stream');
    expect(contentTypeFor('/x/noext')).toBe('application/octet-stream');
  });
});
