import { randomUUID } from 'node:crypto';
import { TeamChangeMessage, type ChangeNotice } from '../../../core/live/changes';
import { listenChanges, notifyChange, type ChangeListening } from '../../store/team/changes';
import type { TeamDatabase } from '../../store/team/database';
import { ChangeFeed } from '../change-feed';

/**
 * Live changes across team server instances (issue 14 §5). `local` is the instance's service
 * feed (mutate() publishes there after a commit). Each local notice goes at once to this
 * instance's streams (`feed`) and, as a NOTIFY on `ar_changes`, to the other instances; each
 * instance LISTENs on one dedicated connection and republishes the others' notices on its `feed`,
 * skipping its own (the instance id is in the payload), so every client hears of a change once.
 */
export type TeamLive = {
  /** What this instance's /events/changes streams subscribe to: local and remote notices, numbered by this instance. */
  feed: ChangeFeed;
  instance: string;
  listening: ChangeListening;
  /**
   * Calls `fn` when the LISTEN connection came back after being lost: notices of other instances
   * sent meanwhile are gone, so the server ends its streams and every browser reconnects and
   * refetches (renderer/api/changes.ts does on every reconnect).
   */
  onResync: (fn: () => void) => void;
  close: () => Promise<void>;
};

export type TeamLiveOptions = { instance?: string; onError?: (what: string, err: Error) => void; retryMs?: number };

export function startTeamLive(db: TeamDatabase, local: ChangeFeed, opts: TeamLiveOptions = {}): TeamLive {
  const instance = opts.instance ?? randomUUID();
  const feed = new ChangeFeed();
  const resyncs: (() => void)[] = [];
  const report = (what: string) => (err: unknown) => opts.onError?.(what, err instanceof Error ? err : new Error(String(err)));

  const unsubscribe = local.subscribe((n: ChangeNotice) => {
    feed.publish(n.workspaceId, n.channel, new Date(n.at));
    const message: TeamChangeMessage = { instance, workspaceId: n.workspaceId, channel: n.channel, at: n.at };
    notifyChange(db, JSON.stringify(message)).catch(report('notify'));
  });

  const listening = listenChanges(
    db,
    (payload) => {
      let data: unknown;
      try {
        data = JSON.parse(payload);
      } catch {
        return;
      }
      const m = TeamChangeMessage.safeParse(data);
      if (!m.success || m.data.instance === instance || Number.isNaN(Date.parse(m.data.at))) return;
      feed.publish(m.data.workspaceId, m.data.channel, new Date(m.data.at));
    },
    {
      onError: report('listen'),
      onConnect: (count) => {
        if (count > 1) for (const fn of resyncs) fn();
      },
      ...(opts.retryMs !== undefined ? { retryMs: opts.retryMs } : {}),
    },
  );

  return {
    feed,
    instance,
    listening,
    onResync: (fn) => void resyncs.push(fn),
    async close() {
      unsubscribe();
      await listening.close();
    },
  };
}
