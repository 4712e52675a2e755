import { z } from 'zod';
import { AppError, type FieldIssue, type SerializedError } from '../../core/common/errors';
import { contract, isChannel, type Result } from '../../core/contract/index';
import type { ServiceContext } from './context';
import { handlers } from './index';
import { refusal, visibleResponse, type TeamSession } from './team/access';

/** zod issues -> field paths the UI can put messages next to ("agent.name"). */
export function toFieldIssues(error: z.ZodError): FieldIssue[] {
  return error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message }));
}

/** Responses are re-validated in tests (AR_VALIDATE_RESPONSES=1) so the contract cannot drift from the handlers. */
const validateResponses = typeof process !== 'undefined' && process.env.AR_VALIDATE_RESPONSES === '1';

/**
 * The one entry point every door calls: checks the channel exists, parses the request with the
 * contract's schema, runs the handler, and turns any failure into a serialisable error.
 * Nothing runs when validation fails, so invalid requests change nothing.
 */
export async function dispatch(ctx: ServiceContext, channel: string, rawInput: unknown): Promise<Result<unknown>> {
  if (!isChannel(channel)) return fail({ code: 'UNKNOWN_CHANNEL', message: `Unknown operation "${channel.slice(0, 80)}".` });
  const def = contract[channel];
  const team = ctx.team ? (ctx as ServiceContext & { team: TeamSession }) : null;
  // Team mode: the account is checked before anything else, so a refused request learns nothing and changes nothing.
  const refused = team ? refusal(team, channel, rawInput ?? {}) : null;
  if (refused) return fail(refused);
  const parsed = def.request.safeParse(rawInput ?? {});
  if (!parsed.success) {
    const issues = toFieldIssues(parsed.error);
    return fail({ code: 'VALIDATION', message: summarise(issues), issues });
  }
  try {
    const handler = handlers[channel] as (c: ServiceContext, i: unknown) => unknown;
    const handled = await handler(ctx, parsed.data);
    const value = team ? visibleResponse(team, channel, handled) : handled;
    if (validateResponses) {
      const checked = def.response.safeParse(value);
      if (!checked.success) throw new Error(`Response of ${channel} does not match its schema: ${z.prettifyError(checked.error)}`);
    }
    return { ok: true, value };
  } catch (err) {
    if (err instanceof AppError) return fail(err.toJSON());
    if (err instanceof z.ZodError) {
      const issues = toFieldIssues(err);
      return fail({ code: 'VALIDATION', message: summarise(issues), issues });
    }
    const message = err instanceof Error ? err.message : String(err);
    if (process.env.AR_QUIET !== '1') console.error(`[${channel}]`, err);
    const storage = storageError(err);
    if (storage) return fail(storage);
    return fail({ code: 'INTERNAL', message: `Something went wrong: ${message}` });
  }
}

/** SQLite failures people can act on (disk full, another process writing, read-only folder), said plainly. Nothing was written: each call is one transaction. */
function storageError(err: unknown): SerializedError | null {
  const code = typeof (err as { code?: unknown })?.code === 'string' ? (err as { code: string }).code : '';
  const notSaved = 'The change was not saved (nothing was half-written).';
  if (code === 'SQLITE_FULL')
    return { code: 'INTERNAL', message: `The disk is full. ${notSaved} Free some disk space and try again.`, details: { sqlite: code } };
  if (code.startsWith('SQLITE_BUSY'))
    return {
      code: 'CONFLICT',
      message: `Another Agent Readiness window or process is writing to this workspace. ${notSaved} Try again in a moment.`,
      details: { sqlite: code },
    };
  if (code.startsWith('SQLITE_READONLY'))
    return {
      code: 'INTERNAL',
      message: `The data folder is read-only. ${notSaved} Choose another data folder or make it writable.`,
      details: { sqlite: code },
    };
  if (code.startsWith('SQLITE_IOERR'))
    return { code: 'INTERNAL', message: `The disk reported an input/output error. ${notSaved}`, details: { sqlite: code } };
  return null;
}

function summarise(issues: FieldIssue[]): string {
  const first = issues[0];
  if (!first) return 'The request is invalid.';
  const where = first.path ? `${first.path}: ` : '';
  return issues.length === 1
    ? `${where}${first.message}`
    : `${where}${first.message} (and ${issues.length - 1} more problem${issues.length > 2 ? 's' : ''})`;
}

const fail = (error: SerializedError): Result<never> => ({ ok: false, error });
