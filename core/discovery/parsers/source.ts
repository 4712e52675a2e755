import { ReadContext } from '../read-context';
import { SyntaxProblem } from '../syntax';
import type { DiscoveredAgent, DiscoveredPermission, DiscoveredServer, DiscoveredSource, Fingerprinter, SourceFormat } from '../types';

export type ParseBody = (ctx: ReadContext, text: string) => { agents?: DiscoveredAgent[]; permissions?: DiscoveredPermission[] };

/**
 * Runs one parser body and turns whatever it could not read into problems that name the file. A
 * syntax error leaves an empty source with one problem; nothing is thrown at the caller.
 */
export function runParser(format: SourceFormat, fileName: string, text: string, fp: Fingerprinter, body: ParseBody): DiscoveredSource {
  const ctx = new ReadContext(fileName, fp);
  let agents: DiscoveredAgent[] = [];
  let permissions: DiscoveredPermission[] = [];
  try {
    const out = body(ctx, text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
    agents = out.agents ?? [];
    permissions = out.permissions ?? [];
  } catch (err) {
    // Only our own messages are passed on: a library's message may quote the file.
    ctx.problem([], err instanceof SyntaxProblem ? err.message : 'the file could not be read');
  }
  return { fileName, format, agents, permissions, credentials: ctx.credentials, problems: ctx.finishProblems() };
}

/** One client agent holding the servers of one file. */
export function clientAgent(
  name: string,
  client: string,
  servers: DiscoveredServer[],
  extra: Partial<DiscoveredAgent> = {},
): DiscoveredAgent {
  return { name, client, servers, approvals: [], credentials: [], where: '', ...extra };
}

export const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
