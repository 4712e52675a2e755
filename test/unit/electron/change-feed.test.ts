import { describe, expect, it } from 'vitest';
import { ChangeFeed } from '../../../electron/services/change-feed';

describe('change feed', () => {
  it('numbers notices, skips the drill heartbeat, and drops a listener that throws without stopping the others', () => {
    const feed = new ChangeFeed();
    const got: string[] = [];
    feed.subscribe(() => {
      throw new Error('broken stream');
    });
    const off = feed.subscribe((n) => got.push(`${n.serial}:${n.channel}`));
    const at = new Date('2026-05-01T09:00:00Z');
    expect(feed.publish('ws', 'agent:create', at)).toEqual({ workspaceId: 'ws', channel: 'agent:create', at: at.toISOString(), serial: 1 });
    expect(feed.size).toBe(1);
    expect(feed.publish('ws', 'drills:tick', at)).toBeNull();
    feed.publish('ws', 'drills:append', at);
    off();
    feed.publish('ws', 'grant:create', at);
    expect(got).toEqual(['1:agent:create', '2:drills:append']);
    expect(feed.size).toBe(0);
  });
});
