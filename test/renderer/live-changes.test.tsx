import { renderHook } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { onChanges } from '../../renderer/api/changes';
import { useAppStore } from '../../renderer/app/app.store';
import { COALESCE_MS, useLiveChanges } from '../../renderer/app/useLiveChanges';

/** A stand-in for the browser's EventSource: the test plays the server's side of the stream. */
class FakeSource extends EventTarget {
  static CONNECTING = 0;
  static OPEN = 1;
  static CLOSED = 2;
  static all: FakeSource[] = [];
  readyState = FakeSource.CONNECTING;
  constructor(readonly url: string) {
    super();
    FakeSource.all.push(this);
  }
  open() {
    this.readyState = FakeSource.OPEN;
    this.dispatchEvent(new Event('open'));
  }
  notice(workspaceId: string, channel: string, serial: number) {
    this.dispatchEvent(
      new MessageEvent('change', { data: JSON.stringify({ workspaceId, channel, at: new Date(0).toISOString(), serial }) }),
    );
  }
  drop() {
    this.readyState = FakeSource.CONNECTING; // the browser reconnects by itself, then opens again
    this.dispatchEvent(new Event('error'));
  }
  close() {
    this.readyState = FakeSource.CLOSED;
  }
}

// Browser mode: no preload (the suite's fake backend stands in for one, so it is put aside here).
let desktopApi: typeof window.api;
beforeEach(() => {
  desktopApi = window.api;
  delete window.api;
  FakeSource.all = [];
  vi.stubGlobal('EventSource', FakeSource);
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
  useAppStore.setState({ revision: 0 });
});
afterEach(() => {
  window.api = desktopApi;
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

const revision = () => useAppStore.getState().revision;

describe('live changes in the renderer', () => {
  it('does nothing in the desktop app (a preload is present)', () => {
    window.api = desktopApi;
    const off = onChanges(() => undefined);
    expect(FakeSource.all).toEqual([]);
    off();
  });

  it('shares one stream per page and closes it when the last listener leaves', () => {
    const offA = onChanges(() => undefined);
    const offB = onChanges(() => undefined);
    expect(FakeSource.all.map((s) => s.url)).toEqual(['/events/changes']);
    offA();
    expect(FakeSource.all[0]!.readyState).toBe(FakeSource.CONNECTING);
    offB();
    expect(FakeSource.all[0]!.readyState).toBe(FakeSource.CLOSED);
    expect(document.documentElement.dataset.live).toBe('closed');
  });

  it('refetches the open screen once per burst of changes to its workspace, and not for other workspaces', () => {
    const { unmount } = renderHook(() => useLiveChanges('ws-1'));
    const es = FakeSource.all[0]!;
    es.open();
    expect(document.documentElement.dataset.live).toBe('open');
    for (let i = 1; i <= 5; i++) es.notice('ws-1', 'agent:create', i);
    expect(revision()).toBe(0);
    vi.advanceTimersByTime(COALESCE_MS);
    expect(revision()).toBe(1);
    es.notice('ws-2', 'agent:create', 6);
    es.dispatchEvent(new MessageEvent('change', { data: '{"not":"a notice"}' }));
    vi.advanceTimersByTime(COALESCE_MS * 2);
    expect(revision()).toBe(1);
    // The stream dropped and came back: notices may have been missed, so the screen refetches once.
    es.drop();
    es.open();
    vi.advanceTimersByTime(COALESCE_MS);
    expect(revision()).toBe(2);
    // On a drill's own screen, drill events refresh the drill (useDrillSession), not every query on the page.
    useAppStore.setState({ route: { id: 'drill-run', params: { id: 'd1' } } });
    es.notice('ws-1', 'drills:append', 7);
    vi.advanceTimersByTime(COALESCE_MS);
    expect(revision()).toBe(2);
    es.notice('ws-1', 'agent:update', 8);
    vi.advanceTimersByTime(COALESCE_MS);
    expect(revision()).toBe(3);
    useAppStore.setState({ route: { id: 'drills', params: {} } });
    es.notice('ws-1', 'drills:append', 9);
    vi.advanceTimersByTime(COALESCE_MS);
    expect(revision()).toBe(4);
    unmount();
    es.notice('ws-1', 'agent:create', 10);
    vi.advanceTimersByTime(COALESCE_MS);
    expect(revision()).toBe(4);
  });
});
