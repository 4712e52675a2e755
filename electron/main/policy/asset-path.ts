import { resolve, sep, extname } from 'node:path';
import { APP_HOST, APP_SCHEME, parseStrictUrl } from './app-origin';

/**
 * Maps an `app://agent-readiness/<path>` request to a file inside the renderer build folder,
 * or null. Refuses other hosts, `..` segments (raw or percent-encoded), encoded slashes and
 * backslashes, NUL bytes, absolute paths and drive letters. The protocol handler additionally
 * checks the realpath stays inside the root (symlinks), see ../protocol.ts.
 */
export function resolveAppAsset(requestUrl: string, rootDir: string): string | null {
  const url = parseStrictUrl(requestUrl);
  if (!url || url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST) return null;
  if (url.username || url.password || url.port) return null;
  const rawPath = url.pathname;
  if (!rawPath.startsWith('/')) return null;
  // Encoded separators, dots and NULs are never needed by the bundle: refuse them outright.
  if (/%(2f|5c|00|2e)/i.test(rawPath)) return null;
  let decoded: string;
  try {
    decoded = decodeURIComponent(rawPath);
  } catch {
    return null;
  }
  if (decoded.includes('\0') || decoded.includes('\\') || decoded.includes(':')) return null;
  const segments = decoded.split('/').slice(1);
  if (segments.some((s) => s === '..' || s === '.')) return null;
  const relative = decoded === '/' || decoded === '' ? 'index.html' : segments.join('/');
  if (relative.startsWith('/') || relative.length === 0) return null;
  const root = resolve(rootDir);
  const target = resolve(root, relative);
  return isInside(root, target) ? target : null;
}

/** True when `target` is `root` itself or below it (used again on realpaths). */
export function isInside(root: string, target: string): boolean {
  const r = resolve(root);
  const t = resolve(target);
  return t === r || t.startsWith(r.endsWith(sep) ? r : r + sep);
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
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
  '.txt': 'text/plain; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.yaml': 'text/plain; charset=utf-8',
};

export const contentTypeFor = (file: string): string => TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream';
