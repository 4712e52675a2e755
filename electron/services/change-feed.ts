import type { ChangeNotice } from '../../core/live/changes';

export type ChangeListener = (notice: ChangeNotice) => void;

/**
 * Channels whose writes nobody else needs to see: the running drill's liveness heartbeat
 * (`drills:tick` writes it about once a second; the injects it releases are `drills:append`).
 */
const QUIET = new Set(['drills:tick']);

/**
 * Who wants to hear about committed changes (browser mode's event streams). One per service
 * context, never module state. `publish` is called after a commit, never inside a transaction;
 * a listener that throws is dropped so one broken stream cannot stop the others.
 */
export class ChangeFeed {
  private readonly listeners = new Set<ChangeListener>();
  private serial = 0;

  subscribe(listener: ChangeListener): () => void {
    this.listeners.add(listener);
    return () => this.unsubscribe(listener);
  }

  unsubscribe(listener: ChangeListener): void {
    this.listeners.delete(listener);
  }

  get size(): number {
    return this.listeners.size;
  }

  /** Tells every listener that `channel` committed a change to `workspaceId`; returns the notice (null: a quiet channel). */
  publish(workspaceId: string, channel: string, at: Date): ChangeNotice | null {
    if (QUIET.has(channel)) return null;
    const notice: ChangeNotice = { workspaceId, channel, at: at.toISOString(), serial: ++this.serial };
    for (const l of [...this.listeners]) {
      try {
        l(notice);
      } catch {
        this.listeners.delete(l);
      }
    }
    return notice;
  }
}
