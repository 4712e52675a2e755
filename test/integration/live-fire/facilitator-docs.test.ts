/**
 * Facilitator materials (issue 15, section 3): the Situation Manual of a scenario and the AAR/IP of a
 * completed drill, each as DOCX (word/document.xml read with unzip) and PDF (read with pdftotext).
 * Text typed by users is hostile: it must come out literally, never as markup.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { removeDir, withWorkspace, type Harness } from '../helpers';

const has = (bin: string): boolean => {
  try {
    execFileSync('which', [bin], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
};
const XSS = '<script>window.__xss=1</script>';

let h: Harness;
let workspaceId = '';
let drillId = '';
let agentId = '';
let out = '';

beforeAll(async () => {
  const r = await withWorkspace(true);
  h = r.h;
  workspaceId = r.workspaceId;
  out = mkdtempSync(join(tmpdir(), 'ar-facilitator-'));
  agentId = (await h.call('inventory:overview', { workspaceId })).agents.find((a) => a.name === 'DB Maintenance Agent')!.id;
  const v = await h.call('drills:create', {
    workspaceId,
    scenarioId: 'd1-prod-db-dropped-during-freeze',
    agentIds: [agentId],
    participants: [
      { name: 'Ana Facilitator', role: 'facilitator' },
      { name: 'Ivo Commander', role: 'incident-commander' },
    ],
    timeScale: 60,
  });
  drillId = v.drill.id;
  const append = (event: object) => h.call('drills:append', { workspaceId, drillId, event: event as never });
  await append({ type: 'start', payload: {} });
  await append({ type: 'checkpoint', payload: { checkpoint: 'declared' } });
  await h.call('drills:complete', { workspaceId, drillId });
  await h.call('drills:aar-save', {
    workspaceId,
    drillId,
    aar: {
      summary: 'The team halted the agent quickly.',
      strengths: [`Fast halt ${XSS}`],
      improvements: ['Restore was never tried before'],
      correctiveActions: [{ title: 'Rehearse the restore monthly', owner: 'Mia Owner', dueDate: '2026-09-30', controlIds: ['REC-2'] }],
    },
  });
});

afterAll(() => {
  h.close();
  removeDir(h.dataDir);
  removeDir(out);
});

async function save(channel: 'drills:situation-manual' | 'drills:aar-ip', format: 'docx' | 'pdf') {
  const f =
    channel === 'drills:situation-manual'
      ? await h.call(channel, { workspaceId, scenarioId: 'd1-prod-db-dropped-during-freeze', agentIds: [agentId], format })
      : await h.call(channel, { workspaceId, drillId, format });
  const path = join(out, f.fileName);
  writeFileSync(path, Buffer.from(f.contentBase64, 'base64'));
  return { path, f };
}
const docxText = (path: string) => execFileSync('unzip', ['-p', path, 'word/document.xml'], { encoding: 'utf8' });
const pdfText = (path: string) => execFileSync('pdftotext', [path, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');

const SITMAN = [
  'Situation Manual',
  'Scope',
  'Objectives',
  'Participants and roles',
  'Module 1: Detect and contain',
  'Module 3: Recover and verify',
  'Discussion questions',
  'Core tables are empty',
  'Live-fire option',
];
const AARIP = [
  'After-Action Report / Improvement Plan',
  'Measures',
  'Time to contain',
  'Expected decisions',
  'Strengths',
  'Areas for improvement',
  'Improvement plan',
  'Rehearse the restore monthly',
  'Mia Owner',
  '2026-09-30',
  'REC-2',
];

describe('Situation Manual', () => {
  it.runIf(has('unzip'))(
    'DOCX: scope, objectives, roles, the module-by-module inject plan and questions, for the chosen target',
    async () => {
      const { path, f } = await save('drills:situation-manual', 'docx');
      expect(f.fileName).toMatch(/^Situation Manual .*\.docx$/);
      const xml = docxText(path);
      for (const s of SITMAN) expect(xml, s).toContain(s.replace('&', '&amp;'));
      expect(xml).toContain('DB Maintenance Agent');
    },
  );
  it.runIf(has('pdftotext'))(
    'PDF: the same document',
    async () => {
      const { path, f } = await save('drills:situation-manual', 'pdf');
      expect(Buffer.from(f.contentBase64, 'base64').subarray(0, 5).toString()).toBe('%PDF-');
      const txt = pdfText(path);
      for (const s of SITMAN) expect(txt, s).toContain(s);
    },
    120_000,
  );
});

describe('After-Action Report / Improvement Plan', () => {
  it.runIf(has('unzip'))('DOCX: measures, decisions, strengths, and the corrective-action table; typed text stays literal', async () => {
    const xml = docxText((await save('drills:aar-ip', 'docx')).path);
    for (const s of AARIP) expect(xml, s).toContain(s);
    expect(xml).toContain('&lt;script&gt;window.__xss=1&lt;/script&gt;');
    expect(xml).not.toContain('<script');
  });
  it.runIf(has('pdftotext'))(
    'PDF: the same, with the hostile text printed as text',
    async () => {
      const txt = pdfText((await save('drills:aar-ip', 'pdf')).path);
      for (const s of AARIP) expect(txt, s).toContain(s);
      expect(txt).toContain(XSS);
      expect(txt).toContain('declared'); // a tabletop: nothing was verified on a sandbox
    },
    120_000,
  );
  it('refuses a format it does not make, naming the field', async () => {
    const e = await h.fail('drills:aar-ip', { workspaceId, drillId, format: 'exe' });
    expect(e.code).toBe('VALIDATION');
    expect(e.issues?.[0]?.path).toBe('format');
  });
});
