import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatDateTime } from '../../../core/common/format-time';
import { REPORT_TIME } from '../../../core/report/time';
import { removeDir, withWorkspace, type Harness } from '../helpers';

/**
 * Issue 11, section 3: a finalised assessment's report is reproducible. Finalise, generate every
 * format, then change everything the report reads (delete an agent, run and complete a drill, close
 * an action, replace evidence, edit a grant) and generate again: identical apart from the time stamp.
 */
const has = (bin: string): boolean => {
  try {
    execFileSync('which', [bin], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
};
const HAS_PDF = has('pdftotext') && has('chromium');
const HAS_UNZIP = has('unzip');
type Format = 'json' | 'md' | 'html' | 'pdf' | 'docx';
const FORMATS: Format[] = ['json', 'md', 'html', ...(HAS_PDF ? (['pdf'] as const) : []), ...(HAS_UNZIP ? (['docx'] as const) : [])];

const clock = { mono: 1000, wall: Date.parse('2026-05-01T09:00:00Z') };
const advance = (ms: number) => {
  clock.mono += ms;
  clock.wall += ms;
};
let h: Harness;
let workspaceId: string;
let out: string;
let assessmentId: string;
let victim: { id: string; name: string };
let evidenceId: string;
let replacedId: string;
let actionId: string;
const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');

async function runDrill(agentId: string, actions: { title: string; owner: string; dueDate: string; controlIds: string[] }[]) {
  const view = await h.call('drills:create', {
    workspaceId,
    scenarioId: 'd1-prod-db-dropped-during-freeze',
    agentIds: [agentId],
    participants: [{ name: 'Ana', role: 'facilitator' }],
    timeScale: 10,
  });
  const drillId = view.drill.id;
  const append = (event: object) => h.call('drills:append', { workspaceId, drillId, event: event as never });
  await append({ type: 'start', payload: {} });
  advance(18_000);
  await append({ type: 'checkpoint', payload: { checkpoint: 'declared' } });
  advance(30_000);
  await append({ type: 'containment', payload: { step: 'agent-halted', confirmed: true } });
  await append({ type: 'containment', payload: { step: 'credentials-revoked', confirmed: true } });
  await append({ type: 'checkpoint', payload: { checkpoint: 'contained' } });
  advance(60_000);
  await append({
    type: 'checkpoint',
    payload: { checkpoint: 'recovered', verifiedAgainstSystemOfRecord: true, systemOfRecord: 'ledger', dataLossMinutes: 5 },
  });
  await h.call('drills:complete', { workspaceId, drillId });
  return h.call('drills:aar-save', {
    workspaceId,
    drillId,
    aar: {
      summary: 'Halted fast; the restore runbook was missing.',
      strengths: ['Fast halt'],
      improvements: ['Runbook'],
      correctiveActions: actions,
    },
  });
}

/** Every format's text with the generation time stamp replaced, the only part allowed to differ. */
async function generateAll(): Promise<Record<string, string>> {
  const texts: Record<string, string> = {};
  for (const format of FORMATS) {
    const r = await h.call('report:export', { workspaceId, assessmentId, format });
    const buf = Buffer.from(r.contentBase64, 'base64');
    const path = join(out, `r-${clock.wall}.${format}`);
    writeFileSync(path, buf);
    let text =
      format === 'pdf'
        ? execFileSync('pdftotext', [path, '-'], { encoding: 'utf8' })
        : format === 'docx'
          ? execFileSync('unzip', ['-p', path, 'word/document.xml'], { encoding: 'utf8' })
          : buf.toString('utf8');
    const now = new Date(clock.wall).toISOString();
    text = text.replaceAll(now, '<GENERATED>').replaceAll(formatDateTime(now, REPORT_TIME), '<GENERATED>');
    texts[format] = text;
  }
  return texts;
}

beforeAll(async () => {
  const r = await withWorkspace(true, { monotonicMs: () => clock.mono, now: () => new Date(clock.wall) });
  h = r.h;
  workspaceId = r.workspaceId;
  out = mkdtempSync(join(tmpdir(), 'ar-frozen-'));
  const inv = await h.call('inventory:overview', { workspaceId });
  const db = inv.agents.find((a) => a.name === 'DB Maintenance Agent')!;
  victim = inv.agents.find((a) => a.name === 'Billing Reconciler')!;
  const cl = (await h.call('checklist:get', { workspaceId })).summary;
  const ref = { checklistId: cl.id, checklistVersion: cl.version };
  await h.call('answer:set', {
    workspaceId,
    agentId: victim.id,
    ...ref,
    answeredBy: 'Priya Raman',
    answers: [
      { controlId: 'LOG-1', value: 'no' },
      { controlId: 'LOG-2', value: 'yes' },
    ],
  });
  evidenceId = (
    await h.call('evidence:add', {
      workspaceId,
      agentId: victim.id,
      controlId: 'LOG-2',
      ...ref,
      evidence: {
        kind: 'file',
        fileName: 'retention.txt',
        fileBase64: b64('retention: 180 days'),
        evidenceDate: '2026-04-30',
        recordedBy: 'Priya Raman',
      },
    })
  ).id;
  replacedId = (
    await h.call('evidence:add', {
      workspaceId,
      agentId: db.id,
      controlId: 'LOG-2',
      ...ref,
      evidence: { kind: 'file', fileName: 'logs.txt', fileBase64: b64('logs kept 1 year'), evidenceDate: '2026-04-29', recordedBy: 'Ana' },
    })
  ).id;
  const aar = await runDrill(db.id, [
    { title: 'Enforce the freeze in the platform', owner: 'Marcus Chen', dueDate: '2026-06-01', controlIds: ['ENV-3'] },
  ]);
  actionId = aar.correctiveActions[0]!.id;
  advance(3_600_000);
  assessmentId = (await h.call('assessment:finalise', { workspaceId, title: 'Q2 review', finalisedBy: 'Ana', ...ref })).id;
}, 120_000);
afterAll(() => {
  h.close();
  removeDir(h.dataDir);
  rmSync(out, { recursive: true, force: true });
});

describe('a finalised assessment is frozen', () => {
  it(`gives identical ${FORMATS.join(', ')} after the data changes, while the draft moves`, async () => {
    advance(60_000); // generated after finalising, so the generation stamp differs from the finalisation time
    const before = await generateAll();
    const draftBefore = await h.call('report:export', { workspaceId, assessmentId: null, format: 'json' });
    advance(86_400_000);

    // Change everything the report reads.
    await h.call('agent:delete', { workspaceId, id: victim.id });
    const survivor = (await h.call('inventory:overview', { workspaceId })).agents.find((a) => a.name === 'DB Maintenance Agent')!;
    await runDrill(survivor.id, [{ title: 'Second drill action', owner: 'Ana', dueDate: '2026-07-01', controlIds: ['REC-2'] }]);
    await h.call('drills:action-close', { workspaceId, actionId, closedBy: 'Marcus Chen', note: 'Freeze flag deployed' });
    const agent = await h.call('agent:get', { workspaceId, id: survivor.id });
    const grant = agent.grants[0]!;
    await h.call('grant:update', {
      workspaceId,
      id: grant.id,
      grant: { ...grant, approvalGate: grant.approvalGate === 'two-person' ? 'none' : 'two-person', scope: 'changed/*' },
    });
    const cl = (await h.call('checklist:get', { workspaceId })).summary;
    // Replace evidence: remove the record, overwrite its stored copy, add a new file for the same control.
    const ws = h.ctx.workspace(workspaceId);
    const stored = ws.db.prepare('SELECT stored_name FROM evidence WHERE id = ?').get(replacedId) as { stored_name: string };
    await h.call('evidence:remove', { workspaceId, id: replacedId });
    writeFileSync(join(ws.dir, 'evidence', stored.stored_name), 'logs kept 1 week');
    await h.call('evidence:add', {
      workspaceId,
      agentId: survivor.id,
      controlId: 'LOG-2',
      checklistId: cl.id,
      checklistVersion: cl.version,
      evidence: {
        kind: 'file',
        fileName: 'retention-v2.txt',
        fileBase64: b64('retention: 30 days'),
        evidenceDate: '2026-05-02',
        recordedBy: 'Ana',
      },
    });

    const after = await generateAll();
    for (const f of FORMATS) expect(after[f], f).toBe(before[f]);

    // The test can fail: the same changes do show in a draft, and the frozen report still has what was deleted.
    const draftAfter = await h.call('report:export', { workspaceId, assessmentId: null, format: 'json' });
    const d0 = JSON.parse(Buffer.from(draftBefore.contentBase64, 'base64').toString('utf8'));
    const d1 = JSON.parse(Buffer.from(draftAfter.contentBase64, 'base64').toString('utf8'));
    expect(d0.scorecards.map((s: { agentName: string }) => s.agentName)).toContain('Billing Reconciler');
    expect(d1.scorecards.map((s: { agentName: string }) => s.agentName)).not.toContain('Billing Reconciler');
    expect(d1.drills.length).toBe(d0.drills.length + 1);
    const frozen = JSON.parse(after.json!);
    expect(frozen.scorecards.map((s: { agentName: string }) => s.agentName)).toContain('Billing Reconciler');
    expect(frozen.drills).toHaveLength(1);
    expect(frozen.openActions.map((a: { title: string }) => a.title)).toEqual(['Enforce the freeze in the platform']);
    expect(frozen.evidenceFiles).toEqual([
      expect.objectContaining({ id: evidenceId, fileName: 'retention.txt', check: 'intact' }),
      expect.objectContaining({ id: replacedId, fileName: 'logs.txt', check: 'intact' }),
    ]);
    expect(d1.evidenceFiles.map((e: { fileName: string }) => e.fileName)).toEqual(['retention-v2.txt']);
    expect(frozen.provenance).toMatchObject({ kind: 'frozen', banner: null });
    expect(frozen.provenance.snapshotSha256).toMatch(/^[0-9a-f]{64}$/);
    console.log(
      `frozen report identity: ${FORMATS.length}/${FORMATS.length} formats identical after 5 kinds of change (${FORMATS.join(', ')})`,
    );
  }, 180_000);

  it('a draft says it is live, with the time, in every format', async () => {
    const stamp = formatDateTime(new Date(clock.wall).toISOString(), REPORT_TIME);
    for (const format of ['md', 'html', 'json'] as const) {
      const r = await h.call('report:export', { workspaceId, assessmentId: null, format });
      expect(Buffer.from(r.contentBase64, 'base64').toString('utf8'), format).toContain(`Draft: live data as of ${stamp}`);
    }
    if (HAS_UNZIP) {
      const r = await h.call('report:export', { workspaceId, assessmentId: null, format: 'docx' });
      const path = join(out, 'draft.docx');
      writeFileSync(path, Buffer.from(r.contentBase64, 'base64'));
      expect(execFileSync('unzip', ['-p', path, 'word/document.xml'], { encoding: 'utf8' })).toContain(`Draft: live data as of ${stamp}`);
    }
  });
});
