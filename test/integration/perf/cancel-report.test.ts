import { afterAll, expect, it } from 'vitest';
import { CallError, removeDir, withWorkspace } from '../helpers';

/** Long operations can be cancelled (issue 6): a PDF export stops when report:cancel arrives. */
const ready = withWorkspace(true);
afterAll(async () => {
  const { h } = await ready;
  h.close();
  removeDir(h.dataDir);
});

it('report:cancel stops a PDF export in progress; it fails with REFUSED and the next export works', async () => {
  const { h, workspaceId } = await ready;
  const exporting = h.call('report:export', { workspaceId, assessmentId: null, format: 'pdf' });
  const cancelled = await h.call('report:cancel', { workspaceId });
  expect(cancelled.cancelled).toBe(1);
  const err = await exporting.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(CallError);
  expect((err as CallError).error.code).toBe('REFUSED');
  expect((err as CallError).error.message).toMatch(/cancelled/);
  // Nothing is left running, and a new export is unaffected.
  expect((await h.call('report:cancel', { workspaceId })).cancelled).toBe(0);
  const pdf = await h.call('report:export', { workspaceId, assessmentId: null, format: 'md' });
  expect(pdf.fileName).toMatch(/\.md$/);
}, 60_000);
