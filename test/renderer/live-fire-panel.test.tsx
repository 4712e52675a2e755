/**
 * The live-fire panel and its console: data from a damaged database is shown as text only, and the
 * kill switch acts only after its confirmation.
 */
import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import type { LiveFireStatus } from '../../core/drills/live-fire-contract';
import type { DrillView } from '../../core/drills/model';
import { LiveFirePanel } from '../../renderer/features/drills/LiveFirePanel';
import { QueryConsole } from '../../renderer/features/drills/QueryConsole';
import { answer, resetFakeBackend } from './fake-backend';

afterEach(resetFakeBackend);
const ok = (value: unknown) => Promise.resolve({ ok: true as const, value });
const HOSTILE = '<img src=x onerror=alert(1)>';

describe('QueryConsole', () => {
  it('shows a hostile cell value as text, and says when the query recorded the detection', async () => {
    answer('drills:live-fire-query', () =>
      ok({ columns: ['name'], rows: [[HOSTILE], [null]], truncated: false, elapsedMs: 3, detected: true }),
    );
    const { container } = render(<QueryConsole workspaceId="w" drillId="d" disabled={false} />);
    await userEvent.click(screen.getByRole('button', { name: 'Run query' }));
    expect(await screen.findByText(HOSTILE)).toBeTruthy();
    expect(container.querySelector('img')).toBeNull();
    expect(screen.getByText(/Damage observed: detection recorded/)).toBeTruthy();
    expect(screen.getByText('NULL')).toBeTruthy();
  });

  it('shows a refusal as an alert', async () => {
    answer('drills:live-fire-query', () =>
      Promise.resolve({ ok: false as const, error: { code: 'REFUSED', message: 'The console is read-only: that statement would write' } }),
    );
    render(<QueryConsole workspaceId="w" drillId="d" disabled={false} />);
    await userEvent.click(screen.getByRole('button', { name: 'Run query' }));
    expect((await screen.findByRole('alert')).textContent).toMatch(/read-only/);
  });
});

const status = (over: Partial<LiveFireStatus> = {}): LiveFireStatus => ({
  phase: 'running',
  problem: null,
  incidentStartedAt: '2026-12-01T10:00:00.000Z',
  rowCounts: [{ table: 'orders', visible: 0, before: 3000 }],
  statements: [],
  lastStatementSeq: 0,
  rogue: { pid: 4242, running: true },
  before: { backup: 'take', location: 'separate', writesAfterBackup: 0, takenAt: '2026-12-01T10:00:00.000Z' },
  backups: [{ file: 'backup-20261201T100000-000Z.sqlite', location: 'separate', takenAt: '2026-12-01T10:00:00.000Z', sizeBytes: 4096 }],
  detectedBy: null,
  containment: null,
  recovery: null,
  recheck: null,
  ...over,
});
const view = { drill: { id: 'd', status: 'running' }, needsResume: false } as unknown as DrillView;

describe('LiveFirePanel', () => {
  it('the kill switch asks first; the result shows each check; restore waits for containment', async () => {
    let contained = false;
    answer('drills:live-fire-status', () =>
      ok(
        status(
          contained
            ? {
                phase: 'contained',
                containment: {
                  verified: true,
                  verifiedAt: 'x',
                  durationMs: 80,
                  checks: [{ check: 'rogue process stopped', ok: true, detail: 'pid 4242 no longer exists (SIGKILL)' }],
                },
              }
            : {},
        ),
      ),
    );
    answer('drills:live-fire-contain', () => {
      contained = true;
      return ok({
        recorded: true,
        message: 'Containment verified and recorded (TTC).',
        containment: { verified: true, verifiedAt: 'x', durationMs: 80, checks: [] },
      });
    });
    render(<LiveFirePanel workspaceId="w" view={view} />);
    expect((await screen.findByTestId('lf-count-orders')).textContent).toBe('0');
    expect((screen.getByRole('button', { name: 'Restore backup' }) as HTMLButtonElement).disabled).toBe(true);
    await userEvent.click(screen.getByRole('button', { name: 'Kill switch' }));
    expect(contained).toBe(false); // nothing happens before the confirmation
    await userEvent.click(screen.getByRole('button', { name: 'Kill the rogue' }));
    await waitFor(() => expect(screen.getByTestId('lf-containment').textContent).toMatch(/Containment verified/));
    expect(screen.getByTestId('lf-containment').textContent).toMatch(/pid 4242 no longer exists/);
    expect((screen.getByRole('button', { name: 'Restore backup' }) as HTMLButtonElement).disabled).toBe(false);
  });
});
