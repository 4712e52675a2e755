import { BrowserWindow, session, type Session } from 'electron';
import { randomUUID } from 'node:crypto';
import { APP_SCHEME } from './policy/app-origin';
import { PRINT_CSP } from './policy/csp';
import { makeWebPreferences } from './policy/web-preferences';
import { lockDownSession } from './guards';

/**
 * printToPdf(html): renders report HTML to a PDF buffer in a hidden BrowserWindow with JavaScript
 * disabled, in its own in-memory session whose only content is the HTML being printed.
 *
 * - The HTML is served from `app://print/<job>.html` by a handler on the private session (no data:
 *   URL size limit, no file on disk), with a CSP that forbids script and any network load.
 * - Every other request from that session is cancelled, permissions are denied, and the window
 *   has no preload (it cannot reach IPC: ipc.ts also only trusts the main window).
 * - The window is always destroyed, including on failure or timeout.
 */
export type PrintOptions = { pageSize?: 'A4' | 'Letter'; landscape?: boolean; timeoutMs?: number };

const PARTITION = 'agent-readiness-print'; // no "persist:" prefix: in memory only
const PRINT_HOST = 'print';
const jobs = new Map<string, string>();
let printSession: Session | null = null;

function getPrintSession(): Session {
  if (printSession) return printSession;
  const ses = session.fromPartition(PARTITION, { cache: false });
  lockDownSession(ses);
  ses.protocol.handle(APP_SCHEME, (request) => {
    const url = new URL(request.url);
    const id = url.hostname === PRINT_HOST ? /^\/([0-9a-f-]{36})\.html$/.exec(url.pathname)?.[1] : undefined;
    const html = id ? jobs.get(id) : undefined;
    if (html === undefined) return new Response('Not found', { status: 404, headers: { 'content-security-policy': PRINT_CSP } });
    return new Response(html, {
      status: 200,
      headers: { 'content-type': 'text/html; charset=utf-8', 'content-security-policy': PRINT_CSP, 'x-content-type-options': 'nosniff' },
    });
  });
  ses.webRequest.onBeforeRequest((details, callback) => {
    callback({ cancel: !details.url.startsWith(`${APP_SCHEME}://${PRINT_HOST}/`) });
  });
  printSession = ses;
  return ses;
}

export async function printToPdf(html: string, opts: PrintOptions = {}): Promise<Buffer> {
  if (typeof html !== 'string') throw new TypeError('printToPdf expects an HTML string');
  const id = randomUUID();
  jobs.set(id, html);
  const win = new BrowserWindow({
    show: false,
    width: 1024,
    height: 1400,
    webPreferences: { ...makeWebPreferences({ javascript: false, devTools: false }), session: getPrintSession() },
  });
  let timer: NodeJS.Timeout | undefined;
  try {
    const work = (async () => {
      await win.loadURL(`${APP_SCHEME}://${PRINT_HOST}/${id}.html`);
      return win.webContents.printToPDF({
        pageSize: opts.pageSize ?? 'A4',
        landscape: opts.landscape ?? false,
        printBackground: true,
        preferCSSPageSize: true,
        generateTaggedPDF: true,
        generateDocumentOutline: true,
      });
    })();
    // If the timeout wins, the window is destroyed and `work` rejects later: keep that quiet.
    work.catch(() => undefined);
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error('Printing the report timed out.')), opts.timeoutMs ?? 60_000);
    });
    return await Promise.race([work, timeout]);
  } finally {
    if (timer) clearTimeout(timer);
    jobs.delete(id);
    if (!win.isDestroyed()) win.destroy();
  }
}
