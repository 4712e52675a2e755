/**
 * Renderer figures in Debian's Chromium: P4 time to an interactive dashboard vs a bare React page,
 * filter-as-you-type on the inventory, and P6 the JS heap with the whole inventory loaded.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { CHROMIUM_ARGS, chromiumPath } from '../../electron/services/report-pdf';
import { median, pct, type Figure } from './backend';
import { agentMatches, refCode, type Doc } from './generate';

const log = (s: string): void => void process.stderr.write(`[bench] ${s}\n`);

/** A process's peak resident set (VmHWM in /proc), in MB; 0 where /proc is not there. */
export function peakRssMb(pid: number | undefined): number {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid ?? 'self'}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : 0;
  } catch {
    return 0;
  }
}

function startApp(serveJs: string, dataDir: string): Promise<{ url: string; child: ChildProcess }> {
  // A returning user: a saved acting profile, so the first-run profile dialog does not cover the screens measured.
  const profileFile = join(dataDir, 'profile.json');
  if (!existsSync(profileFile)) writeFileSync(profileFile, JSON.stringify({ name: 'Bench user', email: '', role: '' }));
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [serveJs, '--data', dataDir], {
      stdio: ['ignore', 'pipe', 'inherit'],
      env: { ...process.env, AR_QUIET: '1' },
    });
    let out = '';
    child.stdout!.on('data', (c: Buffer) => {
      out += c.toString();
      const m = /AGENT_READINESS_URL=(\S+)/.exec(out);
      if (m?.[1]) resolve({ url: m[1], child });
    });
    child.once('exit', (code) => reject(new Error(`server exited with ${code}: ${out}`)));
  });
}

function serveBare(dir: string): Promise<{ url: string; server: Server }> {
  const files: Record<string, [string, string]> = {
    '/': [
      'text/html',
      '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Bare</title></head><body><div id="root"></div><script type="module" src="/bare.js"></script></body></html>',
    ],
    '/bare.js': ['text/javascript', readFileSync(join(dir, 'bare.js'), 'utf8')],
  };
  const server = createServer((req, res) => {
    const f = files[(req.url ?? '/').split('?')[0]!];
    res.writeHead(f ? 200 : 404, { 'content-type': f?.[0] ?? 'text/plain' }).end(f?.[1] ?? '');
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve({ url: `http://127.0.0.1:${(server.address() as { port: number }).port}/`, server })),
  );
}

/**
 * Resolves in the first animation frame where `selector` is visible (laid out, not hidden), checked in the page.
 * Not `locator.waitFor`: that polls from Node with a back-off (0, 20, 50, 100, 100, 500 ms after the call), so a
 * page that shows its content 110 ms after its load event was measured as if it took 170 ms, and one at 180 ms as 270.
 */
async function waitVisible(page: Page, selector: string): Promise<void> {
  await page.waitForFunction(
    (sel) => {
      const el = document.querySelector(sel);
      return !!el && el.getClientRects().length > 0 && el.checkVisibility({ visibilityProperty: true });
    },
    selector,
    { polling: 'raf', timeout: 120_000 },
  );
}

async function timeToVisible(browser: Browser, url: string, selector: string, trace = false): Promise<number> {
  const context = await browser.newContext();
  const page = await context.newPage();
  const idle = trackRequests(page);
  const t0 = performance.now();
  await page.goto(url);
  await waitVisible(page, selector);
  const ms = performance.now() - t0;
  if (trace) {
    // Where the time went: each request's start and end relative to navigation start, and its size.
    const entries = await page.evaluate(() =>
      performance.getEntriesByType('resource').map((e) => {
        const r = e as PerformanceResourceTiming;
        return `${r.name.replace(/^https?:\/\/[^/]+/, '').replace(/\?.*$/, '')} ${r.startTime.toFixed(0)}-${r.responseEnd.toFixed(0)} ms ${(r.encodedBodySize / 1024).toFixed(0)} KB`;
      }),
    );
    log(`P4 trace (${ms.toFixed(0)} ms): ${entries.join(' | ')}`);
  }
  // Let the page finish what it started (e.g. the dashboard's inventory summary) so the next run starts on an idle server.
  // At 100k agents the rest of the page takes more than Playwright's default 30 s: waited for and logged, not counted.
  const t1 = performance.now();
  await idle.settled(600_000);
  if (trace) log(`P4 page idle ${(performance.now() - t1 + ms).toFixed(0)} ms after navigation`);
  await context.close();
  return ms;
}

/**
 * Requests the page has in flight, leaving out the live change stream: Playwright's 'networkidle' never comes while
 * the page holds its EventSource open, so it cannot tell when the page has finished loading.
 */
function trackRequests(page: Page): { settled: (timeoutMs: number) => Promise<void> } {
  const open = new Set<unknown>();
  let quietSince = performance.now();
  const counted = (r: { url: () => string }) => !r.url().includes('/events/changes');
  page.on('request', (r) => {
    if (counted(r)) open.add(r);
  });
  const done = (r: unknown) => {
    if (open.delete(r) && open.size === 0) quietSince = performance.now();
  };
  page.on('requestfinished', done);
  page.on('requestfailed', done);
  return {
    settled: async (timeoutMs) => {
      const until = performance.now() + timeoutMs;
      // Quiet means nothing in flight for 500 ms, as Playwright's own rule; checked on the page's animation frames.
      while (open.size > 0 || performance.now() - quietSince < 500) {
        if (performance.now() > until) throw new Error(`the page still had ${open.size} requests in flight after ${timeoutMs} ms`);
        await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 50))));
      }
    },
  };
}

/** Query strings whose every keystroke (typing, then erasing) changes the number of matching agents. */
function filterPlan(doc: Doc, want: number): { key: string; expect: number }[][] {
  const count = (q: string): number => doc.agents.filter((a) => agentMatches(a, q)).length;
  const plans: { key: string; expect: number }[][] = [];
  // Codes that start with a letter found in no other searched field (see refCode in generate.ts).
  const codes = doc.agents.map((_, i) => refCode(i)).filter((c) => /^[qxz]/.test(c));
  for (const q of codes) {
    const steps: { key: string; expect: number }[] = [];
    for (let i = 1; i <= q.length; i++) steps.push({ key: q[i - 1]!, expect: count(q.slice(0, i)) });
    for (let i = q.length - 1; i >= 0; i--) steps.push({ key: 'Backspace', expect: count(q.slice(0, i)) });
    const ok = steps.every((s, i) => s.expect > 0 && (i === 0 ? s.expect !== doc.agents.length : s.expect !== steps[i - 1]!.expect));
    if (ok) plans.push(steps);
    if (plans.length === want) break;
  }
  return plans;
}

async function measureFilter(page: Page, doc: Doc, rounds: number): Promise<number[]> {
  const total = doc.agents.length;
  const search = page.getByLabel('Search agents');
  await search.focus();
  await page.evaluate(() =>
    document.addEventListener('keydown', () => ((window as unknown as { __kd: number }).__kd = performance.now()), true),
  );
  const samples: number[] = [];
  for (const steps of filterPlan(doc, rounds)) {
    for (const s of steps) {
      const text = s.expect === total ? `${total} agents` : `${s.expect} of ${total} agents`;
      await page.keyboard.press(s.key);
      const handle = await page.waitForFunction(
        (exp) => {
          const el = document.querySelector('.toolbar [aria-live="polite"]');
          const first = document.querySelector('.data-table tbody tr[aria-rowindex="2"]');
          return el?.textContent === exp && first ? performance.now() - (window as unknown as { __kd: number }).__kd : false;
        },
        text,
        { polling: 'raf', timeout: 60_000 },
      );
      samples.push(Number(await handle.jsonValue()));
    }
  }
  return samples;
}

export async function benchBrowser(opts: {
  serveJs: string;
  bareDir: string;
  dataDir: string;
  doc: Doc;
  quick: boolean;
}): Promise<Figure[]> {
  const exe = chromiumPath();
  const browser = await chromium.launch({ ...(exe ? { executablePath: exe } : {}), args: CHROMIUM_ARGS });
  const app = await startApp(opts.serveJs, opts.dataDir);
  const bare = await serveBare(opts.bareDir);
  const figures: Figure[] = [];
  try {
    const agents = opts.doc.agents.length;
    // Warm both servers and the browser's code cache equally, then alternate the measured runs.
    await timeToVisible(browser, bare.url, '#ready');
    await timeToVisible(browser, app.url, '[data-testid="readiness-headline"]');
    const bareMs: number[] = [];
    const dashMs: number[] = [];
    for (let i = 0; i < (opts.quick ? 3 : 5); i++) {
      bareMs.push(await timeToVisible(browser, bare.url, '#ready'));
      dashMs.push(await timeToVisible(browser, app.url, '[data-testid="readiness-headline"]', i === 0));
    }
    const d = median(dashMs);
    const b = median(bareMs);
    log(`P4 dashboard ${dashMs.map((x) => x.toFixed(0)).join(', ')} ms; bare ${bareMs.map((x) => x.toFixed(0)).join(', ')} ms`);
    figures.push({
      id: 'P4',
      what: `dashboard interactive, ${agents} agents / bare React page (median of ${dashMs.length})`,
      value: d,
      baseline: b,
      unit: 'ms',
      ratio: d / b,
      target: '<= 3',
      met: d / b <= 3,
    });

    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(app.url);
    await page.locator('[data-testid="readiness-headline"]').waitFor({ timeout: 120_000 });
    const t0 = performance.now();
    await page.getByRole('link', { name: 'Inventory' }).click();
    await page.locator('.toolbar [aria-live="polite"]', { hasText: `${agents} agents` }).waitFor({ timeout: 120_000 });
    const invMs = performance.now() - t0;
    const samples = await measureFilter(page, opts.doc, opts.quick ? 2 : 4);
    if (samples.length === 0) throw new Error('No filter query narrows step by step on this data');
    const p95 = pct(samples, 95);
    log(`P4b filter samples (ms): ${samples.map((x) => x.toFixed(0)).join(', ')}`);
    figures.push({
      id: 'P4b',
      what: `inventory filter-as-you-type, ${agents} agents: keystroke to rendered rows p95 (${samples.length} keystrokes)`,
      value: p95,
      baseline: b,
      unit: 'ms',
      ratio: p95 / b,
      target: 'report',
      met: null,
      note: `p50 ${pct(samples, 50).toFixed(0)} ms; inventory screen opened in ${invMs.toFixed(0)} ms`,
    });

    const cdp = await context.newCDPSession(page);
    await cdp.send('HeapProfiler.enable');
    await cdp.send('HeapProfiler.collectGarbage');
    await cdp.send('Performance.enable');
    const { metrics } = await cdp.send('Performance.getMetrics');
    const used = (metrics.find((m) => m.name === 'JSHeapUsedSize')?.value ?? 0) / 1048576;
    const totalHeap = (metrics.find((m) => m.name === 'JSHeapTotalSize')?.value ?? 0) / 1048576;
    const bp = await (await browser.newContext()).newPage();
    await bp.goto(bare.url);
    await bp.locator('#ready').waitFor();
    const bcdp = await bp.context().newCDPSession(bp);
    await bcdp.send('HeapProfiler.enable');
    await bcdp.send('HeapProfiler.collectGarbage');
    await bcdp.send('Performance.enable');
    const bareUsed = ((await bcdp.send('Performance.getMetrics')).metrics.find((m) => m.name === 'JSHeapUsedSize')?.value ?? 0) / 1048576;
    log(`P6 heap used ${used.toFixed(1)} MB (total ${totalHeap.toFixed(1)} MB); bare page ${bareUsed.toFixed(1)} MB`);
    figures.push({
      id: 'P6',
      what: `renderer JS heap after GC, dashboard + inventory with ${agents} agents loaded (bare React page as baseline)`,
      value: used,
      baseline: bareUsed,
      unit: 'MB',
      ratio: used / bareUsed,
      target: '<= 200 MB',
      met: used <= 200,
      note: `heap total ${totalHeap.toFixed(1)} MB`,
    });
    await context.close();
    const hwm = peakRssMb(app.child.pid);
    log(`P8 server process peak RSS ${hwm.toFixed(0)} MB`);
    figures.push({
      id: 'P8',
      what: `server process (serve.mjs) peak RSS (VmHWM) after P4-P6 on ${agents} agents`,
      value: hwm,
      baseline: 1536,
      unit: 'MB',
      ratio: hwm / 1536,
      target: '<= 1.5 GB',
      met: hwm <= 1536,
    });
  } finally {
    await browser.close();
    bare.server.close();
    await new Promise<void>((done) => {
      app.child.once('exit', () => done());
      app.child.kill('SIGTERM');
    });
  }
  return figures;
}
