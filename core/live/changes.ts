import { z } from 'zod';

/**
 * Live updates (issue 14 §5): after a change commits, every open client of the workspace is told
 * which channel changed it, so it can fetch again. The notice carries no data: a client re-reads
 * through the same channels (and checks) as ever, so a notice can leak nothing a read would not.
 */
export const ChangeNotice = z.object({
  workspaceId: z.string().min(1).max(200),
  /** The contract channel the change came through, e.g. "agent:create" or "drills:append". */
  channel: z.string().min(1).max(200),
  /** ISO time of the commit, as the change history records it. */
  at: z.string().min(1).max(64),
  /** Increases by one per notice of this server process: a gap tells a client it missed some. */
  serial: z.number().int().nonnegative(),
});
export type ChangeNotice = z.infer<typeof ChangeNotice>;

/** The server-sent events endpoint of browser mode (GET, same token, Host and Origin checks as every route). */
export const CHANGES_PATH = '/events/changes';

/** The SSE event name a notice is sent as. */
export const CHANGE_EVENT = 'change';

/** The PostgreSQL channel the team server's instances tell each other about committed changes on (LISTEN/NOTIFY). */
export const TEAM_CHANGES_CHANNEL = 'ar_changes';

/** PostgreSQL refuses a NOTIFY payload of 8000 bytes or more. */
export const MAX_NOTIFY_BYTES = 7999;

/**
 * A notice as one team server instance sends it to the others (NOTIFY payload): the notice's
 * fields without the serial (each instance numbers what it streams) and the sending instance's id,
 * so an instance skips its own notices (its clients already got them locally). No record data.
 */
export const TeamChangeMessage = ChangeNotice.omit({ serial: true }).extend({
  instance: z.string().min(1).max(100),
});
export type TeamChangeMessage = z.infer<typeof TeamChangeMessage>;
