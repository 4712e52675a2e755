import { useEffect } from 'react';
import { onChanges, type LiveSignal } from '../api/changes';
import { useAppStore } from './app.store';

/** Changes arrive in bursts (an import, a drill releasing several injects): one refetch per burst. */
export const COALESCE_MS = 150;

/** Screens that follow their drill themselves (useDrillSession refetches the drill on drills:* notices). */
const DRILL_SCREENS = new Set(['drill-run', 'drill-play']);

/** True when a signal concerns the open workspace (null: the stream reconnected, so it may). */
export const concerns = (signal: LiveSignal, workspaceId: string): boolean => signal === null || signal.workspaceId === workspaceId;

/**
 * Keeps the open screen in step with changes made in other windows (browser mode): a committed
 * change to this workspace bumps the store's revision, so every `useQuery` on screen fetches again.
 */
export function useLiveChanges(workspaceId: string | null): void {
  useEffect(() => {
    if (!workspaceId) return;
    let timer: number | null = null;
    const off = onChanges((signal) => {
      if (!concerns(signal, workspaceId) || timer !== null) return;
      // A running drill appends many events: on its own screen they must not refetch everything else (the
      // top bar's history check re-reads the whole chain) several times a second.
      if (signal?.channel.startsWith('drills:') && DRILL_SCREENS.has(useAppStore.getState().route.id)) return;
      timer = window.setTimeout(() => {
        timer = null;
        useAppStore.getState().bump();
      }, COALESCE_MS);
    });
    return () => {
      off();
      if (timer !== null) window.clearTimeout(timer);
    };
  }, [workspaceId]);
}
