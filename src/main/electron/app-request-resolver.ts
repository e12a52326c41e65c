import path from 'node:path';
import { APP_HOST, APP_SCHEME } from './security-policy';

/**
 * Maps an app:// request to a file under the renderer's build folder, or to a refusal.
 * Pure (no file system access) so every traversal trick can be tested directly; the
 * protocol handler adds the checks that need the disk (symlinks, existence).
 */
export type AppRequestResolution =
  | { readonly kind: 'file'; readonly filePath: string; readonly contentType: string }
  | { readonly kind: 'refused'; readonly status: 400 | 403 | 405; readonly reason: string };

export const ALLOWED_METHODS: readonly string[] = ['GET', 'HEAD'];

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.wasm': 'application/wasm',
};

/** With nosniff on every response, an unknown type is downloaded as bytes, never executed. */
export const FALLBACK_CONTENT_TYPE = 'application/octet-stream';

export function contentTypeFor(filePath: string): string {
  return CONTENT_TYPES[path.extname(filePath).toLowerCase()] ?? FALLBACK_CONTENT_TYPE;
}

function refuse(status: 400 | 403 | 405, reason: string): AppRequestResolution {
  return { kind: 'refused', status, reason };
}

// Encoded separators and NUL are refused before decoding: after decoding they would be
// indistinguishable from real separators, which is the whole point of the trick.
const ENCODED_DANGER = /%(2f|5c|00)/i;

/**
 * @param rootDir absolute path of the built renderer (dist/renderer)
 * @param platformPath path flavour of the target OS; tests pass path.win32 to check Windows rules
 */
export function resolveAppRequest(
  method: string,
  rawUrl: string,
  rootDir: string,
  platformPath: path.PlatformPath = path,
): AppRequestResolution {
  if (!ALLOWED_METHODS.includes(method.toUpperCase())) return refuse(405, `method ${method} is not allowed`);

  let url: URL;
  try {
    url = new URL(rawUrl);
  } catch {
    return refuse(400, 'the URL does not parse');
  }
  if (url.protocol !== `${APP_SCHEME}:`) return refuse(400, `scheme ${url.protocol} is not served here`);
  if (url.hostname !== APP_HOST || url.port !== '' || url.username !== '' || url.password !== '') {
    return refuse(403, `host ${JSON.stringify(url.host)} is not served here`);
  }

  const rawPath = url.pathname;
  if (ENCODED_DANGER.test(rawPath)) return refuse(403, 'encoded separators or NUL in the path');
  if (rawPath.includes('\\')) return refuse(403, 'backslash in the path');
  let decoded: string;
  try {
    decoded = decodeURIComponent(rawPath);
  } catch {
    return refuse(400, 'malformed percent-encoding in the path');
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return refuse(403, 'NUL or backslash in the decoded path');

  const segments = decoded.split('/').filter((segment) => segment !== '');
  for (const segment of segments) {
    // Dot segments are traversal; other leading dots are hidden files that were never meant to ship.
    if (segment.startsWith('.')) return refuse(403, 'dot segment in the path');
    // A colon is a drive letter or an NTFS alternate data stream on Windows.
    if (segment.includes(':')) return refuse(403, 'colon in the path');
  }
  if (segments.length === 0) segments.push('index.html');

  const root = platformPath.resolve(rootDir);
  const filePath = platformPath.resolve(root, ...segments);
  const relative = platformPath.relative(root, filePath);
  if (relative === '' || relative.startsWith('..') || platformPath.isAbsolute(relative)) {
    return refuse(403, 'the path leaves the renderer folder');
  }
  return { kind: 'file', filePath, contentType: contentTypeFor(filePath) };
}

/** True when `candidate` is `root` itself or lies beneath it. Both must be absolute and normalised. */
export function isWithin(root: string, candidate: string, platformPath: path.PlatformPath = path): boolean {
  const relative = platformPath.relative(root, candidate);
  return relative === '' || (!relative.startsWith('..') && !platformPath.isAbsolute(relative));
}
