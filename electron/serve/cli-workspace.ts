import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import type { ErrorCode } from '../../core/common/errors';
import type { Channel, Request, Response } from '../../core/contract/index';
import type { Actor, ServiceContext } from '../services/context';
import { dispatch } from '../services/dispatch';
import { openWorkspaceFileSession } from '../services/workspace-file';

/** Parsed command-line options, as node:util's parseArgs gives them. */
export type Values = Record<string, string | boolean | string[] | undefined>;
/** An option's value when it was given as a string (a flag or a repeated option is not one). */
export const str = (v: Values[string]): string | undefined => (typeof v === 'string' ? v : undefined);
export const out = (s: string): void => void process.stdout.write(s);

/** Exit codes (documented in electron/serve/README.md). */
export const EXIT = { OK: 0, CHECK_FAILED: 1, USAGE: 2, WORKSPACE: 3, INPUT: 4, OUTPUT: 5, INTERNAL: 70 } as const;

export class CliError extends Error {
  constructor(
    message: string,
    readonly code: number,
  ) {
    super(message);
  }
}

/** Which exit code an error of the handler table becomes, per command (an INTERNAL failure of a report is its output failing). */
export type ExitFor = Partial<Record<ErrorCode, number>>;

/**
 * One call through the handler table: the same validation, handlers and error messages as the
 * app's IPC and HTTP doors. A failure becomes a CliError with the handler's own message.
 */
export async function call<C extends Channel>(
  ctx: ServiceContext,
  channel: C,
  input: Request<C>,
  exitFor: ExitFor = {},
): Promise<Response<C>> {
  const r = await dispatch(ctx, channel, input);
  if (r.ok) return r.value as Response<C>;
  const { code, message } = r.error;
  const fallback = code === 'VALIDATION' ? EXIT.USAGE : code === 'NOT_FOUND' ? EXIT.WORKSPACE : EXIT.INTERNAL;
  throw new CliError(message, exitFor[code] ?? fallback);
}

/** Opens the --workspace FILE (it must exist: the CLI never creates an empty database), runs `fn`, and always closes it. */
export async function withWorkspaceFile<T>(
  fileArg: string | undefined,
  fn: (ctx: ServiceContext, workspaceId: string, name: string) => Promise<T>,
  opts: { actor?: Actor } = {},
): Promise<T> {
  if (!fileArg) throw new CliError('--workspace FILE is required.', EXIT.USAGE);
  let session;
  try {
    session = openWorkspaceFileSession(fileArg, opts);
  } catch (err) {
    throw new CliError((err as Error).message, EXIT.WORKSPACE);
  }
  try {
    return await fn(session.ctx, session.workspace.id, session.workspace.name);
  } finally {
    session.ctx.close();
  }
}

export function ensureOutDir(out: string | undefined): string {
  if (!out) throw new CliError('--out DIR is required.', EXIT.USAGE);
  const dir = resolve(out);
  try {
    mkdirSync(dir, { recursive: true });
  } catch (err) {
    throw new CliError(`Cannot create the output folder ${dir}: ${(err as Error).message}`, EXIT.OUTPUT);
  }
  return dir;
}

/**
 * Who the CLI acts as: `--actor NAME` (on every command), else the context's default:
 * $AGENT_READINESS_ACTOR, else the operating-system user, marked as such in the history.
 */
export function cliActor(v: Record<string, unknown>): { actor?: Actor } {
  if (v.actor === undefined) return {};
  const name = typeof v.actor === 'string' ? v.actor.trim() : '';
  if (!name) throw new CliError('--actor needs a name, e.g. --actor "Ada Lovelace".', EXIT.USAGE);
  if (name.length > 200) throw new CliError('--actor: the name is longer than 200 characters.', EXIT.USAGE);
  return { actor: { name, source: 'cli-flag' } };
}

/** The --workspace FILE of a command, opened as its --actor (or the default actor). */
export const withFile = <T>(v: Record<string, unknown>, fn: Parameters<typeof withWorkspaceFile<T>>[1]): Promise<T> =>
  withWorkspaceFile(typeof v.workspace === 'string' ? v.workspace : undefined, fn, cliActor(v));
