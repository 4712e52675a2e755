/**
 * Family F: the injection corpus (lib/payloads.ts, 40 payloads) through the text fields of every
 * kind of record, into the UI in Chromium under the production CSP, the HTML report (also rendered
 * with JavaScript on and no CSP, as if opened from disk), PDF (pdftotext), DOCX (document.xml),
 * Markdown and CSV; plus path traversal in export file names (R27-R29).
 */
import { revealBidiControls } from '../../core/common/bidi';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, realpathSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve, sep } from 'node:path';
import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { exportFileName } from '../../core/transfer/filename';
import { startServer, type ServerHandle } from '../e2e/server';
import { removeDir } from '../integration/helpers';
import { ROOT } from './lib/bundle';
import { PAYLOADS } from './lib/payloads';
import { FAST, report, skip } from './lib/report';

const ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];
const CAN_RUN = existsSync('/usr/bin/chromium') && existsSync(join(ROOT, 'dist/serve/serve.mjs'));

let server: ServerHandle;
let browser: Browser;
let workspaceId = '';
const agentIds: string[] = [];
let drillId = '';
/** Every stored (field, payload) pair and where it should show. */
const stored: { field: string; payload: string; id: string }[] = [];

async function api<T = unknown>(channel: string, input: unknown): Promise<T> {
  const r = await fetch(`${server.origin}/api/${channel}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${server.token}` },
    body: JSON.stringify(input),
  });
  const j = (await r.json()) as { ok: boolean; value?: T; error?: { message: string } };
  if (!j.ok) throw new Error(`${channel}: ${j.error?.message}`);
  return j.value as T;
}

const nameFor = (i: number) => (PAYLOADS[i]!.name ? PAYLOADS[i]!.text : `payload ${PAYLOADS[i]!.id}`);

beforeAll(async () => {
  if (!CAN_RUN) return;
  server = await startServer();
  // the workspace's own name is a payload too (it reaches the title bar, the picker and every report)
  const ws = await api<{ id: string }>('workspace:create', { name: PAYLOADS[0]!.text, example: false });
  workspaceId = ws.id;
  await api('workspace:open', { workspaceId });
  const envs = await api<{ environments: { id: string; name: string }[] }>('inventory:overview', { workspaceId });
  const prod = envs.environments.find((e) => /prod/i.test(e.name))!.id;
  for (let i = 0; i < PAYLOADS.length; i++) {
    const p = PAYLOADS[i]!;
    const name = nameFor(i);
    const short = p.name ? p.text : '';
    const wf = await api<{ id: string }>('workflow:create', { workspaceId, workflow: { name, purpose: p.text, owner: short } });
    const agent = await api<{ id: string }>('agent:create', {
      workspaceId,
      agent: {
        name,
        purpose: p.text,
        accountableOwner: short,
        technicalOperator: short,
        vendorModel: short,
        escalationContact: short,
        lifecycle: 'production',
        workflowIds: [wf.id],
      },
    });
    agentIds.push(agent.id);
    const sys = await api<{ id: string }>('system:create', { workspaceId, system: { name, kind: 'database' } });
    if (i < 8) await api('environment:create', { workspaceId, environment: { name, tier: 'staging' } });
    await api('grant:create', {
      workspaceId,
      grant: {
        agentId: agent.id,
        systemId: sys.id,
        environmentId: prod,
        actions: ['read', 'delete'],
        scope: p.text.length <= 200 && !/[\u0000-\u001f]/.test(p.text) ? p.text : '*',
        credentialIdentity: short,
        approvalGate: 'none',
        justification: p.text,
      },
    });
    for (const f of ['workflow.name', 'agent.name', 'system.name']) stored.push({ field: f, payload: name, id: p.id });
    stored.push({ field: 'agent.purpose', payload: p.text, id: p.id });
    if (p.name)
      for (const f of ['agent.accountableOwner', 'grant.credentialIdentity']) stored.push({ field: f, payload: p.text, id: p.id });
  }
  const view = await api<{ drill: { id: string } }>('drills:create', {
    workspaceId,
    scenarioId: 'd7-coding-agent-wipes-shared-drive',
    agentIds: [agentIds[0]],
    participants: PAYLOADS.filter((p) => p.name)
      .slice(0, 10)
      .map((p, i) => ({ name: p.text, role: i === 0 ? 'facilitator' : 'observer' })),
  });
  drillId = view.drill.id;
  await api('drills:append', { workspaceId, drillId, event: { type: 'start', payload: {} } });
  for (const p of PAYLOADS) {
    await api('drills:append', { workspaceId, drillId, event: { type: 'note', payload: { text: p.text } } });
    stored.push({ field: 'drill.note', payload: p.text.trim(), id: p.id });
  }
  const { chromium } = await import('playwright-core');
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ARGS });
}, 240_000);

afterAll(async () => {
  await browser?.close();
  if (server) {
    await server.stop();
    removeDir(server.dataDir);
  }
});

/** Opens a page that records every execution attempt: the sentinel, dialogs, CSP violations. */
async function instrumentedPage(): Promise<{ page: Page; dialogs: () => number }> {
  const page = await browser.newPage();
  let dialogs = 0;
  page.on('dialog', (d) => {
    dialogs++;
    void d.dismiss();
  });
  await page.addInitScript(() => {
    const w = window as unknown as { __violations: number; __violationList: string[] };
    w.__violations = 0;
    w.__violationList = [];
    document.addEventListener('securitypolicyviolation', (e) => {
      w.__violations++;
      w.__violationList.push(`${e.effectiveDirective} ${e.blockedURI}`.slice(0, 80));
    });
  });
  return { page, dialogs: () => dialogs };
}

describe('F. output and rendering injection', () => {
  it('R27 payloads through every text field render literally in the app and never execute', async () => {
    if (!CAN_RUN) return skip('R27', 'needs /usr/bin/chromium and a build (npm run build)');
    const { page, dialogs } = await instrumentedPage();
    await page.goto(server.url);
    await page.waitForSelector('#root[data-app-state="ready"]');
    const screens = [
      '#/dashboard',
      '#/inventory',
      '#/inventory?tab=workflows',
      '#/inventory?tab=systems',
      '#/inventory?tab=environments',
      '#/matrix',
      '#/assessments',
      '#/drills',
      '#/drill-history',
      `#/drill-run?id=${drillId}`,
      '#/reports',
      '#/backups',
      ...agentIds.slice(0, FAST ? 8 : agentIds.length).flatMap((id) => [`#/agent?id=${id}`, `#/readiness-agent?id=${id}`]),
    ];
    const seen = new Set<string>();
    let pwned: unknown = null;
    for (const s of screens) {
      await page.evaluate((h) => (window.location.hash = h), s);
      await page.waitForLoadState('domcontentloaded');
      await page
        .waitForFunction(() => !document.querySelector('[aria-busy="true"]'), undefined, { timeout: 10_000 })
        .catch(() => undefined);
      await page.waitForTimeout(250); // let data arrive; there is no single "loaded" signal shared by every screen
      // The drill log is virtualised (only the rows in view are in the DOM): walk it from top to bottom.
      const logTexts = await page.evaluate(async () => {
        const log = document.querySelector<HTMLElement>('[role="log"][aria-label="Drill log"]');
        if (!log) return [];
        const frame = () => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
        const out: string[] = [];
        for (let top = 0; ; top += Math.max(50, log.clientHeight / 2)) {
          log.scrollTop = top;
          await frame();
          out.push(log.textContent ?? '');
          if (log.scrollTop + log.clientHeight >= log.scrollHeight - 1) break;
        }
        return out;
      });
      const texts = await page.evaluate(() => {
        const frames = [...document.querySelectorAll('iframe')].map((f) => f.contentDocument?.body?.textContent ?? '');
        const attrs = [...document.querySelectorAll('[title],[aria-label],input,textarea')].map(
          (e) => `${e.getAttribute('title') ?? ''}\n${e.getAttribute('aria-label') ?? ''}\n${(e as HTMLInputElement).value ?? ''}`,
        );
        return [document.title, document.body.textContent ?? '', ...frames, ...attrs].join('\n');
      });
      const all = [texts, ...logTexts].join('\n');
      for (const st of stored) if (all.includes(st.payload)) seen.add(`${st.field}|${st.id}`);
      pwned = pwned ?? (await page.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned ?? null));
    }
    // type payloads through the New agent form too (the keyboard path, not only the API)
    const typed = PAYLOADS.filter((p) => p.name).slice(0, FAST ? 3 : 12);
    let typedShown = 0;
    const typedFailures: string[] = [];
    const violations: string[] = [];
    const collect = async () =>
      violations.push(...(await page.evaluate(() => (window as unknown as { __violationList: string[] }).__violationList)));
    for (const p of typed) {
      await collect();
      // a fresh load per payload: no state carried over from the screens above (or a resume-offer dialog)
      await page.goto(`${server.origin}/#/inventory`);
      await page.waitForSelector('#root[data-app-state="ready"]');
      const button = page.getByRole('button', { name: 'New agent' });
      const ready = await button.waitFor({ timeout: 60_000 }).then(
        () => true,
        async (e: Error) => {
          typedFailures.push(
            `${p.id}: ${e.message.split('\n')[0]} (dialogs open: ${await page.locator('[role="dialog"],[role="alertdialog"]').count()}, hash ${await page.evaluate(() => location.hash)})`,
          );
          return false;
        },
      );
      if (!ready) continue;
      await button.click();
      const dialog = page.getByRole('dialog');
      await dialog.getByLabel('Name').fill(`typed ${p.text}`);
      await dialog.getByLabel('Accountable owner').fill(p.text);
      await dialog.getByRole('button', { name: 'Create agent' }).click();
      const shown = await page
        .waitForFunction((t) => [...document.querySelectorAll('h1')].some((h) => h.textContent === t), `typed ${p.text}`, {
          timeout: 10_000,
        })
        .then(
          () => true,
          () => false,
        );
      if (shown) typedShown++;
      pwned = pwned ?? (await page.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned ?? null));
    }
    pwned = pwned ?? (await page.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned ?? null));
    await collect();
    const imgs = await page.locator('img[onerror], svg[onload], iframe[src^="javascript"], script:not([src])').count();
    const title = await page.title();
    await page.close();
    const byField = new Map<string, [number, number]>();
    for (const st of stored) {
      const v = byField.get(st.field) ?? [0, 0];
      v[1]++;
      if (seen.has(`${st.field}|${st.id}`)) v[0]++;
      byField.set(st.field, v);
    }
    const names = [...byField].filter(([f]) => f.endsWith('.name'));
    const namesLiteral = names.every(([, [a, b]]) => a === b);
    const pass =
      pwned === null &&
      dialogs() === 0 &&
      imgs === 0 &&
      namesLiteral &&
      typedShown === typed.length &&
      (byField.get('drill.note')?.[0] ?? 0) === PAYLOADS.length;
    expect(
      report(
        'R27',
        pass,
        `payloads=${PAYLOADS.length}; fields=${byField.size}+workspace name+drill participants; screens=${screens.length}; executed=${pwned === null ? 0 : `1 (${String(pwned)})`} dialogs=${dialogs()} live handler elements=${imgs}; textContent == literal payload: ${[...byField].map(([f, [a, b]]) => `${f} ${a}/${b}`).join(', ')}; typed through the form=${typedShown}/${typed.length}${typedFailures.length ? ` (${typedFailures.join('; ')})` : ''}; title literal=${title.includes(PAYLOADS[0]!.text)}; CSP violations=${violations.length} over ${typed.length + 1} page loads${violations.length ? ` (${[...new Set(violations)].join(', ')}: a library probing for eval support, refused by the CSP)` : ''}`,
      ),
    ).toBe(true);
  });

  it('R28 HTML, PDF, DOCX and Markdown reports and CSV exports show the payloads as text', async () => {
    if (!CAN_RUN) return skip('R28', 'needs /usr/bin/chromium and a build (npm run build)');
    const names = PAYLOADS.map((_, i) => nameFor(i)).filter((n) => !n.startsWith('payload '));
    const file = async (format: string) =>
      Buffer.from((await api<{ contentBase64: string }>('report:export', { workspaceId, format })).contentBase64, 'base64');
    // HTML: escaped in the source, and inert even when opened with JavaScript on and no CSP
    const html = (await file('html')).toString('utf8');
    const rawHtml = names.filter((n) => /[<>]/.test(n) && html.includes(n)).length;
    const { page, dialogs } = await instrumentedPage();
    await page.route('**/*', (r) => r.abort());
    await page.setContent(html, { waitUntil: 'load' });
    await page.waitForTimeout(200);
    const htmlPwned = await page.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned ?? null);
    const htmlText = await page.evaluate(() => document.title + '\n' + (document.body.textContent ?? ''));
    await page.close();
    // Reports show bidi controls as visible markers ("[RLO]"), so a name cannot reorder itself on the page: either form is literal text.
    const inHtml = names.filter((n) => htmlText.includes(n) || htmlText.includes(revealBidiControls(n)));
    // PDF: the literal text, and no active PDF features
    const pdf = await file('pdf');
    const dir = mkdtempSync(join(tmpdir(), 'ar-rel-pdf-'));
    writeFileSync(join(dir, 'r.pdf'), pdf);
    let pdfLiteral = -1;
    const pdfMissing: string[] = [];
    let pdfActive = -1;
    if (existsSync('/usr/bin/pdftotext')) {
      const text = execFileSync('/usr/bin/pdftotext', ['-enc', 'UTF-8', join(dir, 'r.pdf'), '-'], { maxBuffer: 64 << 20 }).toString('utf8');
      // whitespace and invisible controls are layout, and emoji glyphs depend on the fonts installed: compare the rest
      const squash = (s: string) =>
        s.replace(/[\s\u00ad\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufe0f]+|\p{Extended_Pictographic}|\p{Emoji_Modifier}/gu, '');
      const flat = squash(text);
      // text extraction re-orders right-to-left runs and combining marks: compare those as sorted characters within a window
      const letters = (s: string) => [...squash(s).normalize('NFD').replace(/\p{M}/gu, '')].sort().join('');
      const found = (n: string) => {
        if (flat.includes(squash(n)) || flat.includes(squash(revealBidiControls(n)))) return true;
        if (!/[\u202a-\u202e\u2066-\u2069\u200e\u200f]|\p{M}/u.test(n)) return false;
        const want = letters(n);
        const len = [...squash(n).normalize('NFD').replace(/\p{M}/gu, '')].length;
        const plain = [...flat.normalize('NFD').replace(/\p{M}/gu, '')];
        for (let i = 0; i + len <= plain.length; i++)
          if (
            plain
              .slice(i, i + len)
              .sort()
              .join('') === want
          )
            return true;
        return false;
      };
      pdfLiteral = inHtml.filter(found).length;
      pdfMissing.push(...inHtml.filter((n) => !found(n)).map((n) => PAYLOADS.find((p) => p.text === n)?.id ?? n));
      pdfActive = (pdf.toString('latin1').match(/\/(JavaScript|JS|OpenAction|Launch|AA|SubmitForm|URI)\b/g) ?? []).length;
    }
    // DOCX: document.xml holds the names XML-escaped, never as markup
    const docx = await file('docx');
    writeFileSync(join(dir, 'r.docx'), docx);
    const xml = execFileSync('unzip', ['-p', join(dir, 'r.docx'), 'word/document.xml'], { maxBuffer: 64 << 20 }).toString('utf8');
    const xmlEsc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
    const docxEscaped = inHtml.filter((n) =>
      [n, revealBidiControls(n)].some(
        (v) => xml.includes(xmlEsc(v)) || xml.includes(xmlEsc(v).replace(/"/g, '&quot;').replace(/'/g, '&apos;')),
      ),
    ).length;
    const docxRaw = names.filter((n) => /<[a-z!/]/i.test(n) && xml.includes(n)).length;
    // Markdown: no raw HTML, no live links from user text
    const md = (await file('md')).toString('utf8');
    const mdRaw = names.filter((n) => /<[a-z!/]|\]\(/i.test(n) && md.includes(n)).length;
    // CSV: formula cells defanged, everything else literal
    const csv = Buffer.from(
      (await api<{ contentBase64: string }>('export:data', { workspaceId, dataset: 'agents', format: 'csv' })).contentBase64,
      'base64',
    )
      .toString('utf8')
      .replace(/^\ufeff/, '');
    const rows = Papa.parse<Record<string, string>>(csv, { header: true, skipEmptyLines: true });
    const cells = rows.data.flatMap((r) => Object.values(r));
    const csvDangerous = cells.filter((c) => typeof c === 'string' && /^[=+\-@\t\r\n]/.test(c)).length;
    const csvLiteral = PAYLOADS.filter((p) => cells.includes(/^[=+\-@\t\r\n]/.test(p.text) ? `'${p.text}` : p.text)).length;
    removeDir(dir);
    const pass =
      rawHtml === 0 &&
      htmlPwned === null &&
      dialogs() === 0 &&
      inHtml.length === names.length &&
      pdfLiteral === inHtml.length &&
      pdfActive === 0 &&
      docxEscaped === inHtml.length &&
      docxRaw === 0 &&
      mdRaw === 0 &&
      csvDangerous === 0 &&
      csvLiteral === PAYLOADS.length &&
      rows.errors.length === 0;
    expect(
      report(
        'R28',
        pass,
        `HTML: raw payloads=${rawHtml}, executed with JS on and no CSP=${htmlPwned === null ? 0 : 1}, literal=${inHtml.length}/${names.length}; PDF (pdftotext) literal=${pdfLiteral}/${inHtml.length} (emoji excluded: font-dependent)${pdfMissing.length ? ` (not found: ${pdfMissing.join(', ')})` : ''}, /JavaScript,/OpenAction,/Launch,/URI=${pdfActive}; DOCX document.xml escaped=${docxEscaped}/${inHtml.length} raw markup=${docxRaw}; Markdown raw HTML or links=${mdRaw}; CSV: formula cells left live=${csvDangerous}, payloads literal (defanged where needed)=${csvLiteral}/${PAYLOADS.length}`,
      ),
    ).toBe(true);
  });
});

describe('F. export file names', () => {
  it('R29 hostile names never produce a path outside the export folder', () => {
    const base = mkdtempSync(join(tmpdir(), 'ar-rel-names-'));
    const exportDir = join(base, 'exports');
    mkdirSync(exportDir);
    mkdirSync(join(base, 'outside'));
    symlinkSync(join(base, 'outside'), join(exportDir, 'link'));
    const names = [
      '../../x',
      '..\\..\\x',
      '/etc/passwd',
      'C:\\Windows\\System32\\calc',
      '\\\\server\\share\\x',
      'CON',
      'nul',
      'com1.txt',
      'LPT1',
      'a\u0000b',
      'x'.repeat(300),
      'report\u202Efdp.exe',
      '.',
      '..',
      '...',
      ' ',
      '',
      'link/../../x',
      'link',
      'link/x',
      '%2e%2e%2f%2e%2e%2fx',
      'file:///etc/passwd',
      '~/x',
      '.bashrc',
      'a/b/c',
      'a:b',
      'a|b>c<d*e?f"g',
      '\u2066x\u2069',
      ...PAYLOADS.map((p) => p.text),
    ];
    let outside = 0;
    let followed = 0;
    let bad = 0;
    for (const n of names) {
      const f = exportFileName(n, 'pdf');
      if (/[/\\\u0000]/.test(f) || f.startsWith('.') || f.length > 120) bad++;
      const target = resolve(exportDir, f);
      if (!target.startsWith(exportDir + sep)) outside++;
      writeFileSync(target, 'x');
      if (!realpathSync(target).startsWith(realpathSync(exportDir) + sep) || realpathSync(target).includes(`${sep}outside${sep}`))
        followed++;
    }
    removeDir(base);
    expect(
      report(
        'R29',
        outside === 0 && followed === 0 && bad === 0,
        `cases=${names.length} (traversal, absolute, UNC, reserved device names, NUL, 300 chars, U+202E, symlink in the export folder, injection corpus); final path outside export dir=${outside}; symlink followed=${followed}; unsafe names produced=${bad}`,
      ),
    ).toBe(true);
  });
});
