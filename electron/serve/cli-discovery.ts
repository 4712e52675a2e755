import { resolve } from 'node:path';
import { z } from 'zod';
import type { Response } from '../../core/contract/index';
import { FAIL_ON_KINDS } from '../../core/discovery/drift';
import { FileRefused, readBounded, textOf } from '../services/files/bounded-read';
import { call, CliError, EXIT, withFile, out, str, type Values } from './cli-workspace';

const list = (v: Values[string]): string[] => (Array.isArray(v) ? v : typeof v === 'string' ? [v] : []);
/** Text from hostile files goes to a terminal: control characters (escape sequences) are shown, not obeyed. */
const safe = (s: string): string => s.replace(/[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g, '�');

export const DISCOVERY_HELP = {
  discover: `Usage: agent-readiness discover --workspace FILE [--path P]... [--home] [--apply] [--json]

Reads agent and MCP client configurations and permission exports (read-only), and shows how they
differ from the declared inventory, each item with its reason. Nothing is written to the inventory
unless --apply is given (which accepts every item). Every run is kept with its files' SHA-256.
  --path   a file or folder (folders are walked for known config files); repeatable
  --home   the standard locations of this OS (~/.claude.json, Claude Desktop, Cursor, VS Code...)
Every path read and every path skipped is printed, with why. Exit 4 when nothing could be read.
`,
  drift: `Usage: agent-readiness drift --workspace FILE [--fail-on KIND]... [--policy FILE] [--json]

Prints the drift findings of the latest discovery run against the inventory as it is now.
  --fail-on  exit 1 when a finding of this kind exists: ${FAIL_ON_KINDS.join(', ')} (repeatable, or comma-separated);
             also exit 1 when no discovery run exists (nothing to judge)
  --policy   also judge the workspace by a policy file (exit 1 on any violation, or an empty workspace)
`,
};

export async function readPolicyText(path: string): Promise<string> {
  try {
    return textOf(await readBounded(resolve(path), 256 * 1024));
  } catch (err) {
    if (err instanceof FileRefused) throw new CliError(`The policy file was refused: ${err.message}`, EXIT.INPUT);
    throw err;
  }
}

/** Judges by a policy: prints every violation with its rule and reason. Returns whether the gate passed. */
export async function judgePolicy(
  ctx: Parameters<typeof call>[0],
  workspaceId: string,
  path: string,
): Promise<{ passed: boolean; evaluation: Response<'policy:evaluate'> }> {
  const text = await readPolicyText(path);
  const evaluation = await call(ctx, 'policy:evaluate', { workspaceId, text }, { VALIDATION: EXIT.INPUT });
  if (evaluation.errors.length) {
    for (const e of evaluation.errors)
      process.stderr.write(`${path}:${e.line}:${e.column}: ${e.field ? `${e.field}: ` : ''}${e.message}\n`);
    throw new CliError(`The policy file has ${evaluation.errors.length} problem(s); nothing was judged.`, EXIT.INPUT);
  }
  return { passed: evaluation.result!.passed, evaluation };
}

function printPolicy(e: Response<'policy:evaluate'>): void {
  const r = e.result!;
  if (r.empty) process.stderr.write('Policy gate failed: the workspace has no agents; with nothing to judge it is not a pass.\n');
  for (const v of r.violations) out(`VIOLATION ${safe(v.ruleId)}: ${safe(v.subject)}\n    ${safe(v.reason)}\n`);
  out(
    `Policy: ${r.rules} rule(s), ${r.judged.agents} agent(s), ${r.judged.grants} grant(s) judged, ${r.violations.length} violation(s).\n`,
  );
}

async function discover(v: Values): Promise<number> {
  const paths = list(v.path).map((p) => resolve(p));
  if (paths.length === 0 && !v.home) throw new CliError('Name a file or folder with --path, or use --home.', EXIT.USAGE);
  return withFile(v, async (ctx, workspaceId) => {
    const view = await call(ctx, 'discovery:runPaths', { workspaceId, paths, home: !!v.home }, { VALIDATION: EXIT.USAGE });
    const accepted =
      v.apply && view.pending > 0 ? await call(ctx, 'discovery:accept', { workspaceId, runId: view.run.id, all: true }) : null;
    if (v.json) {
      out(
        `${JSON.stringify({ ...view, accepted: accepted ? { created: accepted.created, updated: accepted.updated } : null }, null, 2)}\n`,
      );
    } else {
      for (const s of view.sources)
        out(
          s.read
            ? `read     ${safe(s.path)}${s.realPath !== s.path ? ` (real path ${safe(s.realPath)})` : ''} as ${s.format}: ${s.counts.servers} server(s), ${s.counts.permissions} permission(s), sha256 ${s.sha256.slice(0, 12)}\n${s.problems.map((p) => `           problem: ${safe(p.where)}: ${safe(p.message)}\n`).join('')}`
            : `skipped  ${safe(s.path)}: ${safe(s.reason)}\n`,
        );
      for (const s of view.skipped) out(`skipped  ${safe(s.path)}: ${safe(s.reason)}\n`);
      for (const i of view.items.filter((x) => x.acceptable))
        out(
          `${i.change === 'new' ? '+' : '~'} ${i.kind.padEnd(11)} ${safe(i.title)}\n${i.reasons.map((r) => `    ${safe(r)}\n`).join('')}`,
        );
      for (const i of view.items.filter((x) => !x.acceptable)) out(`? ${i.kind.padEnd(11)} ${safe(i.title)}: not found in these sources\n`);
      for (const f of view.findings) out(`DRIFT ${f.kind} (${f.severity}): ${safe(f.subject)}\n    ${safe(f.reason)}\n`);
      out(
        `Run ${view.run.id}: ${view.run.read} file(s) read, ${view.run.skipped} skipped, ${view.pending} item(s) to review, ${view.unchanged} unchanged.\n`,
      );
      if (accepted)
        out(
          `Applied: ${accepted.created.agents} agent(s), ${accepted.created.systems} system(s), ${accepted.created.environments} environment(s), ${accepted.created.grants} grant(s) created, ${accepted.updated} updated.\n`,
        );
      else if (view.pending > 0) out('Nothing was written: review the items, then run again with --apply (or accept them in the app).\n');
    }
    return view.run.read === 0 && paths.length > 0 ? EXIT.INPUT : EXIT.OK;
  });
}

const FailOn = z.array(z.enum(FAIL_ON_KINDS, { error: `--fail-on takes ${FAIL_ON_KINDS.join(', ')}` }));

async function drift(v: Values): Promise<number> {
  const parsed = FailOn.safeParse(
    list(v['fail-on']).flatMap((x) =>
      x
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
    ),
  );
  if (!parsed.success) throw new CliError(parsed.error.issues[0]!.message, EXIT.USAGE);
  const failOn = new Set<string>(parsed.data);
  const policy = str(v.policy);
  return withFile(v, async (ctx, workspaceId) => {
    const d = await call(ctx, 'discovery:drift', { workspaceId });
    const judged = policy ? await judgePolicy(ctx, workspaceId, policy) : null;
    const failing = d.findings.filter((f) => failOn.has(f.kind));
    const noRun = d.runId === null && failOn.size > 0;
    if (v.json)
      out(`${JSON.stringify({ runId: d.runId, findings: d.findings, failing, policy: judged?.evaluation.result ?? null }, null, 2)}\n`);
    else {
      if (d.runId === null) out('No discovery run yet: run "agent-readiness discover" first.\n');
      for (const f of d.findings)
        out(`${failOn.has(f.kind) ? 'FAIL ' : ''}${f.kind} (${f.severity}): ${safe(f.subject)}\n    ${safe(f.reason)}\n`);
      out(`${d.findings.length} drift finding(s).\n`);
      if (judged) printPolicy(judged.evaluation);
    }
    if (noRun) process.stderr.write('Drift gate failed: no discovery run to judge.\n');
    if (failing.length) process.stderr.write(`Drift gate failed: ${failing.length} finding(s) of ${[...failOn].join(', ')}.\n`);
    if (judged && !judged.passed) process.stderr.write('Policy gate failed.\n');
    return noRun || failing.length > 0 || (judged && !judged.passed) ? EXIT.CHECK_FAILED : EXIT.OK;
  });
}

const W = { workspace: { type: 'string' as const, short: 'w' } };
export const DISCOVERY_COMMANDS = {
  discover: {
    options: {
      ...W,
      path: { type: 'string' as const, multiple: true },
      home: { type: 'boolean' as const },
      apply: { type: 'boolean' as const },
      json: { type: 'boolean' as const },
    },
    run: discover,
  },
  drift: {
    options: {
      ...W,
      'fail-on': { type: 'string' as const, multiple: true },
      policy: { type: 'string' as const },
      json: { type: 'boolean' as const },
    },
    run: drift,
  },
};
export { printPolicy };
