import { existsSync } from 'node:fs';
import { AppError } from '../../core/common/errors';

/**
 * HTML -> PDF through Chromium's print engine. Each service context carries its renderer
 * (ctx.pdf): the desktop app passes Electron's printToPDF (electron/main); browser mode and the
 * CLI use headless Chromium via Playwright (playwrightPdf, the default).
 */
export type PdfRenderer = (html: string, signal?: AbortSignal) => Promise<Buffer>;

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export function chromiumPath(): string | undefined {
  const env = process.env.AGENT_READINESS_CHROMIUM;
  if (env) return env;
  return existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined;
}

export async function playwrightPdf(html: string, signal?: AbortSignal): Promise<Buffer> {
  const { chromium } = await import('playwright-core');
  const exe = chromiumPath();
  const browser = await chromium.launch({ ...(exe ? { executablePath: exe } : {}), args: CHROMIUM_ARGS });
  // Cancelling closes the browser: the print stops there and page.pdf rejects.
  const stop = () => void browser.close();
  signal?.addEventListener('abort', stop, { once: true });
  try {
    if (signal?.aborted) throw new Error('cancelled');
    const context = await browser.newContext({ javaScriptEnabled: false, offline: true });
    const page = await context.newPage();
    await page.route('**/*', (route) => route.abort()); // the report is self-contained: nothing may load
    await page.setContent(html, { waitUntil: 'load' });
    return await page.pdf({ format: 'A4', printBackground: true, preferCSSPageSize: true });
  } finally {
    signal?.removeEventListener('abort', stop);
    await browser.close();
  }
}

export async function renderPdf(renderer: PdfRenderer, html: string, signal?: AbortSignal): Promise<Buffer> {
  try {
    const pdf = await renderer(html, signal);
    if (signal?.aborted) throw new AppError('REFUSED', 'The PDF export was cancelled.');
    return pdf;
  } catch (err) {
    if (signal?.aborted) throw new AppError('REFUSED', 'The PDF export was cancelled.');
    throw new Error(
      `The PDF could not be produced with Chromium (${(err as Error).message.split('\n')[0]}). Set AGENT_READINESS_CHROMIUM to a Chromium binary, or export HTML/DOCX instead.`,
    );
  }
}
