import type { ServerResponse } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';

/** What both HTTP doors (loopback browser mode and the team server) send the same way: plain responses and the built renderer. */

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json; charset=utf-8',
  '.woff2': 'font/woff2',
};

export function send(res: ServerResponse, status: number, type: string, body: string | Buffer): void {
  res.statusCode = status;
  res.setHeader('Content-Type', type);
  res.end(body);
}

/** A file of the built renderer; anything else under it falls back to index.html (client-side routes). */
export async function serveStatic(res: ServerResponse, root: string, pathname: string): Promise<void> {
  let rel: string;
  try {
    rel = normalize(decodeURIComponent(pathname)).replace(/^([/\\])+/, '');
  } catch {
    return send(res, 400, 'text/plain; charset=utf-8', 'Bad path');
  }
  const file = join(root, rel);
  if (file !== root && !file.startsWith(root.endsWith(sep) ? root : root + sep))
    return send(res, 404, 'text/plain; charset=utf-8', 'Not found');
  const target = (await isFile(file)) ? file : join(root, 'index.html'); // client-side routes fall back to the app
  if (!(await isFile(target))) return send(res, 500, 'text/plain; charset=utf-8', 'The renderer is not built. Run `npm run build` first.');
  send(res, 200, MIME[extname(target)] ?? 'application/octet-stream', await readFile(target));
}

async function isFile(p: string): Promise<boolean> {
  try {
    return (await stat(p)).isFile();
  } catch {
    return false;
  }
}
