import { protocol } from 'electron';
import { readFile, realpath } from 'node:fs/promises';
import { APP_SCHEME } from './policy/app-origin';
import { resolveAppAsset, isInside, contentTypeFor } from './policy/asset-path';
import { APP_CSP } from './policy/csp';

/**
 * The app:// scheme. Must be registered before `app.ready`: standard (real origin, relative URLs),
 * secure (treated like https), fetch-capable. No bypassCSP, no service workers, no file:// anywhere.
 */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    {
      scheme: APP_SCHEME,
      privileges: {
        standard: true,
        secure: true,
        supportFetchAPI: true,
        corsEnabled: true,
        codeCache: true,
        allowServiceWorkers: false,
        bypassCSP: false,
        stream: false,
      },
    },
  ]);
}

const SECURITY_HEADERS = {
  'content-security-policy': APP_CSP,
  'x-content-type-options': 'nosniff',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-cache',
};

const text = (status: number, body: string): Response =>
  new Response(body, { status, headers: { ...SECURITY_HEADERS, 'content-type': 'text/plain; charset=utf-8' } });

/** Serves files from the renderer build folder (inside the asar when packaged), nothing else. */
export function handleAppProtocol(rendererDir: string): void {
  protocol.handle(APP_SCHEME, async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return text(405, 'Method not allowed');
    const file = resolveAppAsset(request.url, rendererDir);
    if (!file) return text(404, 'Not found');
    try {
      // Symlinks must not lead out of the bundle.
      const [realRoot, realFile] = await Promise.all([realpath(rendererDir), realpath(file)]);
      if (!isInside(realRoot, realFile)) return text(404, 'Not found');
      const body = await readFile(realFile);
      return new Response(request.method === 'HEAD' ? null : new Uint8Array(body), {
        status: 200,
        headers: { ...SECURITY_HEADERS, 'content-type': contentTypeFor(realFile) },
      });
    } catch {
      return text(404, 'Not found');
    }
  });
}
