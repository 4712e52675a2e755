import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { removeDir, withWorkspace, type Harness } from '../helpers';

const XSS = [
  '<script>window.__xss=1</script>',
  '<img src=x onerror=alert(1)>',
  '"><svg onload=alert(1)>',
  '[click](javascript:alert(1))',
  '=HYPERLINK("http://evil")',
];
const has = (bin: string): boolean => {
  try {
    execFileSync('which', [bin], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
};

let h: Harness;
let workspaceId: string;
let out: string;
const NOW = new Date('2026-06-30T12:00:00.000Z');

beforeAll(async () => {
  const r = await withWorkspace(true, { now: () => NOW });
  h = r.h;
  workspaceId = r.workspaceId;
  for (const [i, name] of XSS.entries()) {
    const a = await h.call('agent:create', { workspaceId, agent: { name: `${name} ${i}`, lifecycle: 'production', purpose: name } });
    void a;
  }
  out = mkdtempSync(join(tmpdir(), 'ar-report-'));
});
afterAll(() => {
  h.close();
  removeDir(h.dataDir);
  if (!process.env.AR_KEEP_REPORT) rmSync(out, { recursive: true, force: true });
  else console.log('kept', out);
});

const file = async (format: 'pdf' | 'docx' | 'md' | 'json' | 'html') => {
  const r = await h.call('report:export', { workspaceId, format });
  const p = join(out, `report.${format}`);
  writeFileSync(p, Buffer.from(r.contentBase64, 'base64'));
  return { ...r, path: p, buf: Buffer.from(r.contentBase64, 'base64') };
};

describe('executive report', () => {
  it('is deterministic for the same input and marks a draft', async () => {
    const a = await file('json');
    const b = await file('json');
    expect(a.buf.equals(b.buf)).toBe(true);
    const model = JSON.parse(a.buf.toString('utf8'));
    expect(model.isDraft).toBe(true);
    expect(model.generatedAt).toBe(NOW.toISOString());
    expect(model.checklist?.version).toBeTruthy();
    expect(model.topRisks.length).toBeGreaterThan(0);
    expect(model.topRisks[0].sentence).toMatch(
      /^The .+ can .+ in .+ on .+ (with no approval|with a single approver|behind two-person approval)\.$/,
    );
    expect(a.fileName).toMatch(/DRAFT\.json$/);
  });

  it('HTML escapes every user string and contains no script', async () => {
    const { buf } = await file('html');
    const html = buf.toString('utf8');
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/<img src=x/i);
    expect(html).not.toMatch(/<svg onload/i);
    expect(html).toContain('&lt;script&gt;window.__xss=1&lt;/script&gt;');
    expect(html).toContain("default-src 'none'");
    const preview = await h.call('report:preview', { workspaceId });
    expect(preview.html).toBe(html);
  });

  it('Markdown escapes user text (no raw HTML, no links)', async () => {
    const md = (await file('md')).buf.toString('utf8');
    expect(md).not.toMatch(/<script|<img|<svg/i);
    expect(md).not.toContain('[click](javascript');
    expect(md).toContain('Top risks');
  });

  it.runIf(has('pdftotext'))(
    'PDF: pdftotext shows headings, scores and agent names; payloads are literal; page 1 renders',
    async () => {
      const { path, buf } = await file('pdf');
      expect(buf.subarray(0, 5).toString()).toBe('%PDF-');
      const txt = execFileSync('pdftotext', ['-layout', path, '-'], { encoding: 'utf8' });
      for (const heading of [
        'Agent readiness report',
        'Overall readiness',
        'Top risks',
        'Agents not ready for production',
        'Drill results',
        'Open corrective actions',
        'Agent scorecards',
        'Framework mappings',
      ]) {
        expect(txt, heading).toContain(heading);
      }
      expect(txt).toContain('Billing Reconciler');
      const flat = txt.replace(/\s+/g, ' ');
      expect(flat).toMatch(/Mean score/);
      expect(flat).toMatch(/\b\d{1,3} Ready\b|\bReady\b/);
      expect(txt).toContain('DRAFT');
      let literal = 0;
      for (const p of XSS.slice(0, 3)) if (flat.includes(p)) literal++;
      expect(literal).toBe(3);
      const raw = buf.toString('latin1');
      expect(raw).not.toMatch(/\/JavaScript|\/OpenAction|\/Launch/);
      if (has('pdftoppm')) {
        execFileSync('pdftoppm', ['-f', '1', '-l', '1', '-png', '-r', '50', path, join(out, 'page')]);
        expect(existsSync(join(out, 'page-1.png')) || existsSync(join(out, 'page-01.png'))).toBe(true);
      }
      console.log(`R28 pdftotext literal payloads=${literal}/3; /JavaScript,/OpenAction,/Launch=0; raw "<script" in HTML=0`);
    },
    120_000,
  );

  it.runIf(has('unzip'))('DOCX: document.xml holds the text and there are no external relations', async () => {
    const { path } = await file('docx');
    const doc = execFileSync('unzip', ['-p', path, 'word/document.xml'], { encoding: 'utf8' });
    expect(doc).toContain('Agent readiness report');
    expect(doc).toContain('Top risks');
    expect(doc).toContain('Billing Reconciler');
    expect(doc).toContain('&lt;script&gt;window.__xss=1&lt;/script&gt;');
    expect(doc).not.toContain('<script');
    const list = execFileSync('unzip', ['-Z1', path], { encoding: 'utf8' })
      .split('\n')
      .filter((n) => n.endsWith('.rels'));
    for (const rel of list) {
      const x = execFileSync('unzip', ['-p', path, rel], { encoding: 'utf8' });
      expect(x, rel).not.toMatch(/TargetMode="External"/);
      expect(x, rel).not.toMatch(/Target="(https?:|file:)/);
    }
    expect(list.length).toBeGreaterThan(0);
  });
});

void readFileSync;
