import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { defaultActor, writeContext } from '../../../electron/services/context';
import { makeHarness, removeDir, type Harness } from '../helpers';

/**
 * The PDF renderer, the save dialog, the clock and the actor belong to a service context, so two
 * contexts in one process (tests, a server with several data folders) never see each other's.
 */
const open: Harness[] = [];
const dirs: string[] = [];
afterEach(() => {
  for (const h of open.splice(0)) {
    h.close();
    removeDir(h.dataDir);
  }
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** A renderer that says who printed: its own marker, and the HTML it was given. */
const pdfSaying = (marker: string, seen: string[]) => (html: string) => {
  seen.push(html);
  return Promise.resolve(Buffer.from(`%PDF-${marker}`));
};

describe('ports on the service context', () => {
  it('two contexts in one process print with their own PDF renderer, save through their own dialog, and act as their own user', async () => {
    const seenA: string[] = [];
    const seenB: string[] = [];
    const saveDir = mkdtempSync(join(tmpdir(), 'ar-save-'));
    dirs.push(saveDir);
    const a = makeHarness({
      pdf: pdfSaying('A', seenA),
      actor: { name: 'Ada Admin', email: 'ada@example.test', source: 'profile' },
      saveDialog: (name) => Promise.resolve(join(saveDir, `A-${name}`)),
      now: () => new Date('2026-03-01T10:00:00Z'),
    });
    const b = makeHarness({ pdf: pdfSaying('B', seenB), actor: { name: 'ci-bot', source: 'cli-flag' } });
    open.push(a, b);
    const wsA = await a.call('workspace:create', { name: 'Alpha', example: true });
    const wsB = await b.call('workspace:create', { name: 'Beta', example: false });

    const pdfA = await a.call('report:export', { workspaceId: wsA.id, format: 'pdf' });
    const pdfB = await b.call('report:export', { workspaceId: wsB.id, format: 'pdf' });
    expect(Buffer.from(pdfA.contentBase64, 'base64').toString()).toBe('%PDF-A');
    expect(Buffer.from(pdfB.contentBase64, 'base64').toString()).toBe('%PDF-B');
    expect(seenA).toHaveLength(1);
    expect(seenB).toHaveLength(1);
    expect(seenA[0]).toContain('Alpha');
    expect(seenB[0]).toContain('Beta');
    // A's clock, not the machine's: the report is dated by the context that made it.
    expect(pdfA.fileName).toContain('2026-03-01');

    // A has a save dialog; B (like browser mode) has none and is told to download instead.
    const saved = await a.call('export:save', { fileName: 'report.pdf', contentBase64: pdfA.contentBase64 });
    expect(saved.saved).toBe(true);
    expect(saved.path).toBe(join(saveDir, 'A-report.pdf'));
    expect(readFileSync(saved.path!, 'utf8')).toBe('%PDF-A');
    const refused = await b.fail('export:save', { fileName: 'report.pdf', contentBase64: pdfB.contentBase64 });
    expect(refused.code).toBe('REFUSED');
    expect(existsSync(join(saveDir, 'report.pdf'))).toBe(false);

    // Each change made through a context is attributed to that context's actor (issue 11 records it).
    expect(writeContext(a.ctx, wsA.id, 'grant:create')).toMatchObject({
      actor: { name: 'Ada Admin', source: 'profile' },
      channel: 'grant:create',
    });
    expect(writeContext(b.ctx, wsB.id, 'grant:create').actor).toEqual({ name: 'ci-bot', source: 'cli-flag' });
    expect(writeContext(a.ctx, wsA.id, 'x').now.toISOString()).toBe('2026-03-01T10:00:00.000Z');
  });

  it('the actor defaults to $AGENT_READINESS_ACTOR, else the operating-system user', () => {
    expect(defaultActor({ AGENT_READINESS_ACTOR: '  Grace  ' })).toEqual({ name: 'Grace', source: 'env' });
    const os = defaultActor({});
    expect(os.source).toBe('os-user');
    expect(os.name.length).toBeGreaterThan(0);
  });
});
