import { createHash, generateKeyPairSync, sign } from 'node:crypto';
import { appendFileSync, cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PackManifest } from '../../../core/pack/manifest';
import { keyFileFor } from '../../../electron/services/pack/keys';
import { removeDir, withWorkspace, type Harness } from '../helpers';
import { schemaErrors, validateAssessmentResults, validatePoam } from '../../unit/oscal/validators';

/** A workspace with an evidence file, a completed drill with a corrective action, and a finalised assessment. */
const clock = { mono: 1000, wall: Date.parse('2026-05-01T09:00:00Z') };
let h: Harness;
let workspaceId: string;
let assessmentId: string;
let out: string;
let pack: string;

beforeAll(async () => {
  const r = await withWorkspace(true, { monotonicMs: () => clock.mono, now: () => new Date((clock.wall += 1000)) });
  h = r.h;
  workspaceId = r.workspaceId;
  out = mkdtempSync(join(tmpdir(), 'ar-pack-'));
  const agent = (await h.call('inventory:overview', { workspaceId })).agents.find((a) => a.name === 'DB Maintenance Agent')!;
  const cl = (await h.call('checklist:get', { workspaceId })).summary;
  const ref = { checklistId: cl.id, checklistVersion: cl.version };
  await h.call('answer:set', {
    workspaceId,
    agentId: agent.id,
    ...ref,
    answeredBy: 'Priya',
    answers: [{ controlId: 'LOG-1', value: 'yes' }],
  });
  await h.call('evidence:add', {
    workspaceId,
    agentId: agent.id,
    controlId: 'LOG-1',
    ...ref,
    evidence: {
      kind: 'file',
      fileName: 'audit log.txt',
      fileBase64: Buffer.from('2026-04-30 agent=db action=delete\n').toString('base64'),
      evidenceDate: '2026-04-30',
      recordedBy: 'Priya',
    },
  });
  const drill = await h.call('drills:create', {
    workspaceId,
    scenarioId: 'd1-prod-db-dropped-during-freeze',
    agentIds: [agent.id],
    participants: [{ name: 'Ana', role: 'facilitator' }],
    timeScale: 10,
  });
  const drillId = drill.drill.id;
  await h.call('drills:append', { workspaceId, drillId, event: { type: 'start', payload: {} } as never });
  clock.mono += 60_000;
  await h.call('drills:complete', { workspaceId, drillId });
  await h.call('drills:aar-save', {
    workspaceId,
    drillId,
    aar: {
      summary: 'Restore runbook missing.',
      correctiveActions: [{ title: 'Write the restore runbook', owner: 'Marcus Chen', dueDate: '2026-06-01', controlIds: ['ENV-3'] }],
    },
  });
  assessmentId = (await h.call('assessment:finalise', { workspaceId, title: 'Q2 review', finalisedBy: 'Ana', ...ref })).id;
  pack = join(out, 'q2-pack');
  await h.call('pack:build', { workspaceId, assessmentId, outDir: pack });
}, 180_000);
afterAll(() => {
  h.close();
  removeDir(h.dataDir);
  removeDir(out);
});

const manifestOf = (dir: string) => JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as PackManifest;
/** A fresh copy of the pack to tamper with. */
function copy(name: string): string {
  const dir = join(out, name);
  cpSync(pack, dir, { recursive: true });
  return dir;
}
const verify = (dir: string, expectFingerprint?: string) =>
  h.call('pack:verify', { dir, ...(expectFingerprint ? { expectFingerprint } : {}) });

describe('a signed evidence pack', () => {
  it('holds the report, datasets, evidence, OSCAL documents, manifest and signature, and verifies', async () => {
    const m = manifestOf(pack);
    const paths = m.files.map((f) => f.path);
    expect(paths).toEqual(
      expect.arrayContaining([
        'report/report.pdf',
        'report/report.docx',
        'report/report.json',
        'datasets/actions.csv',
        'datasets/agents.csv',
        'oscal/assessment-results.json',
        'oscal/poam.json',
      ]),
    );
    expect(paths.some((p) => /^evidence\/[0-9a-f-]{36}-audit_log\.txt$/.test(p))).toBe(true);
    expect(m.metadata).toMatchObject({ assessment: { id: assessmentId, title: 'Q2 review', finalisedBy: 'Ana' } });
    // The history head frozen with the assessment: the same one its report prints.
    expect(m.metadata.history).toMatchObject({ headHash: expect.stringMatching(/^[0-9a-f]{64}$/), entries: expect.any(Number) });
    expect(m.metadata.generatedAt).toBe(m.metadata.assessment!.finalisedAt);
    expect(readFileSync(join(pack, 'report/report.pdf')).subarray(0, 5).toString()).toBe('%PDF-');
    const r = await verify(pack);
    console.log(`pack: files=${r.files}, verified=${r.ok}, fingerprint=${r.fingerprint}`);
    expect(r).toMatchObject({ ok: true, problems: [] });
    expect(r.fingerprint).toBe((await h.call('pack:key', { workspaceId })).fingerprint);
  });

  it('carries OSCAL Assessment Results and a POA&M of the corrective actions that validate against the NIST schemas', () => {
    const ar = JSON.parse(readFileSync(join(pack, 'oscal/assessment-results.json'), 'utf8')) as unknown;
    const poam = JSON.parse(readFileSync(join(pack, 'oscal/poam.json'), 'utf8')) as {
      'plan-of-action-and-milestones': { risks: { title: string; deadline: string }[] };
    };
    expect(validateAssessmentResults(ar) ? [] : schemaErrors(validateAssessmentResults)).toEqual([]);
    expect(validatePoam(poam) ? [] : schemaErrors(validatePoam)).toEqual([]);
    expect(poam['plan-of-action-and-milestones'].risks).toEqual([
      expect.objectContaining({ title: 'Write the restore runbook', deadline: '2026-06-01T00:00:00Z' }),
    ]);
  });

  it('the same finalised assessment gives the same manifest, byte for byte, the DOCX and PDF included', async () => {
    const again = join(out, 'q2-again');
    await h.call('pack:build', { workspaceId, assessmentId, outDir: again });
    const a = readFileSync(join(pack, 'manifest.json'));
    const b = readFileSync(join(again, 'manifest.json'));
    expect(manifestOf(pack).identity.excludes).toEqual([]);
    expect(b.equals(a)).toBe(true);
    for (const f of ['report/report.docx', 'report/report.pdf', 'history/period.json'])
      expect(readFileSync(join(again, f)).equals(readFileSync(join(pack, f))), f).toBe(true);
    console.log(`same assessment twice: manifest byte-identical=${b.equals(a)}, files=${manifestOf(pack).files.length}`);
  });

  it('refuses to build into a folder that is not empty, and writes nothing there', async () => {
    const err = await h.fail('pack:build', { workspaceId, assessmentId, outDir: pack });
    expect(err.code).toBe('VALIDATION');
    expect(err.issues?.[0]?.path).toBe('outDir');
    expect((await verify(pack)).ok).toBe(true);
  });

  it('keeps the signing key outside the workspace folder with mode 0600', () => {
    const file = keyFileFor(h.dataDir, workspaceId);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const wsDir = h.ctx.workspace(workspaceId).dir;
    expect(file.startsWith(wsDir)).toBe(false);
    const everything = readdirSync(pack, { recursive: true }).map(String);
    expect(everything.some((f) => f.endsWith('.pem'))).toBe(false);
    expect(readFileSync(join(pack, 'signature.json'), 'utf8')).not.toContain('PRIVATE KEY');
  });
});

describe('tampering with a pack is detected, naming the file', () => {
  const cases: { name: string; tamper: (dir: string) => void; expected: { path: string | RegExp; problem: string }; strict?: boolean }[] = [
    {
      name: 'the whole pack re-signed with another key (caught against the fingerprint the app shows)',
      tamper: (d) => {
        const other = generateKeyPairSync('ed25519');
        const pem = other.publicKey.export({ type: 'spki', format: 'pem' }).toString();
        const fp = `sha256:${createHash('sha256')
          .update(other.publicKey.export({ type: 'spki', format: 'der' }))
          .digest('hex')}`;
        const m = manifestOf(d);
        m.metadata.signingKey.fingerprint = fp;
        const bytes = Buffer.from(`${JSON.stringify(m, null, 2)}\n`);
        writeFileSync(join(d, 'manifest.json'), bytes);
        const signatureBase64 = sign(null, bytes, other.privateKey).toString('base64');
        writeFileSync(
          join(d, 'signature.json'),
          JSON.stringify({ algorithm: 'Ed25519', signedFile: 'manifest.json', publicKeyPem: pem, keyFingerprint: fp, signatureBase64 }),
        );
      },
      expected: { path: 'signature.json', problem: 'key' },
      strict: true,
    },
    {
      name: 'a byte of the PDF changed',
      tamper: (d) => {
        const f = join(d, 'report/report.pdf');
        const b = readFileSync(f);
        b[b.length - 10] = b[b.length - 10]! ^ 1;
        writeFileSync(f, b);
      },
      expected: { path: 'report/report.pdf', problem: 'changed' },
    },
    {
      name: 'a dataset edited',
      tamper: (d) => appendFileSync(join(d, 'datasets/agents.csv'), 'x'),
      expected: { path: 'datasets/agents.csv', problem: 'changed' },
    },
    {
      name: 'an evidence file replaced',
      tamper: (d) => {
        const f = readdirSync(join(d, 'evidence'))[0]!;
        writeFileSync(join(d, 'evidence', f), 'forged');
      },
      expected: { path: /^evidence\//, problem: 'changed' },
    },
    {
      name: 'a file added',
      tamper: (d) => writeFileSync(join(d, 'evidence/extra.txt'), 'planted'),
      expected: { path: 'evidence/extra.txt', problem: 'added' },
    },
    {
      name: 'a file removed',
      tamper: (d) => rmSync(join(d, 'oscal/poam.json')),
      expected: { path: 'oscal/poam.json', problem: 'removed' },
    },
    {
      name: 'the manifest edited to match a forged file',
      tamper: (d) => {
        const m = manifestOf(d);
        m.metadata.assessment!.finalisedBy = 'Mallory';
        writeFileSync(join(d, 'manifest.json'), `${JSON.stringify(m, null, 2)}\n`);
      },
      expected: { path: 'signature.json', problem: 'signature' },
    },
    {
      name: 'the signature altered',
      tamper: (d) => {
        const s = JSON.parse(readFileSync(join(d, 'signature.json'), 'utf8')) as { signatureBase64: string };
        const sig = Buffer.from(s.signatureBase64, 'base64');
        sig[0] = sig[0]! ^ 1;
        writeFileSync(join(d, 'signature.json'), JSON.stringify({ ...s, signatureBase64: sig.toString('base64') }));
      },
      expected: { path: 'signature.json', problem: 'signature' },
    },
    {
      name: 'the public key swapped',
      tamper: (d) => {
        const s = JSON.parse(readFileSync(join(d, 'signature.json'), 'utf8')) as object;
        const other = generateKeyPairSync('ed25519').publicKey.export({ type: 'spki', format: 'pem' }).toString();
        writeFileSync(join(d, 'signature.json'), JSON.stringify({ ...s, publicKeyPem: other }));
      },
      expected: { path: 'signature.json', problem: 'key' },
    },
    {
      name: 'the signature removed',
      tamper: (d) => rmSync(join(d, 'signature.json')),
      expected: { path: 'signature.json', problem: 'removed' },
    },
  ];

  const detected: string[] = [];
  it.each(cases)('$name', async ({ name, tamper, expected, strict }) => {
    const dir = copy(name.replace(/\W+/g, '-'));
    tamper(dir);
    const r = await verify(dir, strict ? (await h.call('pack:key', { workspaceId })).fingerprint : undefined);
    expect(r.ok).toBe(false);
    expect(r.problems).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          path: expected.path instanceof RegExp ? expect.stringMatching(expected.path) : expected.path,
          problem: expected.problem,
        }),
      ]),
    );
    detected.push(name);
  });

  it('reports the tamper corpus figure', () => {
    console.log(`pack tamper corpus: detected ${detected.length}/${cases.length}, each with the file named`);
    expect(detected).toHaveLength(cases.length);
  });

  it('a pack signed by another key is refused when the expected fingerprint is given', async () => {
    const r = await verify(pack, 'sha256:0000');
    expect(r.ok).toBe(false);
    expect(r.problems[0]).toMatchObject({ path: 'signature.json', problem: 'key' });
  });

  it('building and verifying by path are refused outside the CLI', async () => {
    const desktop = { ...h.ctx, mode: 'desktop' as const };
    const { dispatch } = await import('../../../electron/services/dispatch');
    const r = await dispatch(desktop, 'pack:verify', { dir: pack });
    expect(r.ok ? null : r.error.code).toBe('REFUSED');
  });
});
