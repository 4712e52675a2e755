import { existsSync } from 'node:fs';

/**
 * HTML -> PDF through Chromium's print engine. The desktop app installs Electron's printToPDF with
 * setPdfRenderer (electron/main); browser mode and the CLI use headless Chromium via Playwright.
 */
export type PdfRenderer = (html: string) => Promise<Buffer>;
let custom: PdfRenderer | null = null;
export const setPdfRenderer = (fn: PdfRenderer | null): void => {
  custom = fn;
};

export const CHROMIUM_ARGS = [
  '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--no-first-run',
];

export function chromiumPath(): string | undefined {
  const env = process.env.AGENT_READINESS_CHROMIUM;
  if (env) return env;
  return existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined;
}

async function playwrightPdf(html: string): Promise<Buffer> {
  const { chromium } = await import('playwright-core');
  const exe = chromiumPath();
  const browser = await chromium.launch({ ...(exe ? { executablePath: exe } : {}), args: CHROMIUM_ARGS });
  try {
    const context = await browser.newContext({ javaScriptEnabled: false, offline: true });
    const page = await context.newPage();
    await page.route('**/*', (route) => route.abort()); // the report is self-contained: nothing may load
    await page.setContent(html, { waitUntil: 'load' });
    return await page.pdf({ format: 'A4', printBackground: true, preferCSSPageSize: true });
  } finally {
    await browser.close();
  }
}

export async function renderPdf(html: string): Promise<Buffer> {
  try {
    return await (custom ?? playwrightPdf)(html);
  } catch (err) {
    throw new Error(`The PDF could not be produced with Chromium (${(err as Error).message.split('\n')[0]}). Set AGENT_READINESS_CHROMIUM to a Chromium binary, or export HTML/DOCX instead.`);
  }
}
