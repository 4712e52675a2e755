import type { IncomingMessage, ServerResponse } from 'node:http';
import { CONTENT_SECURITY_POLICY } from './http-policy';
import { send } from './http-static';

export { send, serveStatic } from './http-static';

/**
 * The small HTTP pieces of the team server (the loopback bridge in http-bridge.ts keeps its own,
 * unchanged): the same strict CSP and security headers, JSON replies, bounded bodies, and the
 * built renderer served from one folder.
 */
export const MAX_TEAM_BODY_BYTES = 16 * 1024 * 1024;

export function securityHeaders(res: ServerResponse, secure: boolean): void {
  res.setHeader('Content-Security-Policy', CONTENT_SECURITY_POLICY);
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Referrer-Policy', 'no-referrer');
  res.setHeader('Cache-Control', 'no-store');
  res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
  res.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
  res.setHeader('X-Frame-Options', 'DENY');
  if (secure) res.setHeader('Strict-Transport-Security', 'max-age=31536000');
}

export const sendJson = (res: ServerResponse, status: number, value: unknown): void =>
  send(res, status, 'application/json; charset=utf-8', JSON.stringify(value));

/** The body as parsed JSON; null when too big; undefined when not JSON. */
export function readJson(req: IncomingMessage): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooBig = false;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_TEAM_BODY_BYTES) tooBig = true;
      else chunks.push(c);
    });
    req.on('end', () => {
      if (tooBig) return resolve(null);
      const text = Buffer.concat(chunks).toString('utf8');
      try {
        resolve(text.length ? (JSON.parse(text) as unknown) : {});
      } catch {
        resolve(undefined);
      }
    });
    req.on('error', reject);
  });
}
