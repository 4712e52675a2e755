import { act, renderHook, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { Result } from '../../core/contract/index';
import { useAgentPages, type AgentQuery, type AgentRowView } from '../../renderer/features/scoring/useAgentPages';
import { answer, deferred } from './fake-backend';

const row = (name: string): AgentRowView => ({
  agentId: `id-${name}`,
  agentName: name,
  lifecycle: 'production',
  score: 50,
  verdict: 'not-ready',
  capReasons: [],
  openFindings: 1,
  blastRadius: 1,
  delta: null,
});
const page = (names: string[]): Result<unknown> => ({ ok: true, value: { rows: names.map(row), total: names.length, all: 3 } });

const query = (q: string): AgentQuery => ({ workspaceId: 'w1', q, verdict: 'all', sort: 'score', dir: 'asc' });

/** Each search's first page is answered only when the test says so. */
function heldAnswers() {
  const pending = new Map<string, ReturnType<typeof deferred<Result<unknown>>>>();
  answer('score:agents', (input) => {
    const d = deferred<Result<unknown>>();
    pending.set((input as { q: string }).q, d);
    return d.promise;
  });
  return pending;
}

describe('the paged all-agents table (useAgentPages)', () => {
  it('drops the answer to an older search that arrives after the newer one', async () => {
    const pending = heldAnswers();
    const { result, rerender } = renderHook(({ q }) => useAgentPages(query(q)), { initialProps: { q: 'bil' } });
    await waitFor(() => expect(pending.has('bil')).toBe(true));

    rerender({ q: 'billing' }); // the user kept typing
    await waitFor(() => expect(pending.has('billing')).toBe(true));
    await act(async () => pending.get('billing')?.resolve(page(['Billing agent'])));
    await waitFor(() => expect(result.current.rowAt(0)?.agentName).toBe('Billing agent'));

    // The slow answer for "bil" lands last: it must not replace the rows of "billing".
    await act(async () => pending.get('bil')?.resolve(page(['Billing agent', 'Bilbo bot', 'Bill helper'])));
    expect(result.current.rowAt(0)?.agentName).toBe('Billing agent');
    expect(result.current.rowAt(1)).toBeUndefined();
    expect(result.current.total).toBe(1);
    expect(result.current.fresh).toBe(true);
    expect(result.current.loading).toBe(false);
  });

  it('keeps the previous rows on screen, marked not fresh, until the new search answers', async () => {
    const pending = heldAnswers();
    const { result, rerender } = renderHook(({ q }) => useAgentPages(query(q)), { initialProps: { q: '' } });
    await waitFor(() => expect(pending.has('')).toBe(true));
    await act(async () => pending.get('')?.resolve(page(['Alpha', 'Beta', 'Gamma'])));
    await waitFor(() => expect(result.current.total).toBe(3));

    rerender({ q: 'beta' });
    expect(result.current.fresh).toBe(false);
    expect(result.current.loading).toBe(true);
    expect(result.current.rowAt(0)?.agentName).toBe('Alpha');

    await waitFor(() => expect(pending.has('beta')).toBe(true));
    await act(async () => pending.get('beta')?.resolve(page(['Beta'])));
    await waitFor(() => expect(result.current.fresh).toBe(true));
    expect(result.current.rowAt(0)?.agentName).toBe('Beta');
  });

  it('ignores a failure of an older search and shows the failure of the current one', async () => {
    const pending = heldAnswers();
    const { result, rerender } = renderHook(({ q }) => useAgentPages(query(q)), { initialProps: { q: 'a' } });
    await waitFor(() => expect(pending.has('a')).toBe(true));
    rerender({ q: 'ab' });
    await waitFor(() => expect(pending.has('ab')).toBe(true));

    await act(async () => pending.get('a')?.resolve({ ok: false, error: { code: 'INTERNAL', message: 'old query failed' } }));
    expect(result.current.error).toBeNull();

    await act(async () => pending.get('ab')?.resolve({ ok: false, error: { code: 'INTERNAL', message: 'The workspace is locked' } }));
    await waitFor(() => expect(result.current.error).toBe('The workspace is locked'));
  });
});
