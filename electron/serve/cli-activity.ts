/** `agent-readiness activity import|check`: activity logs into a workspace, and a CI gate on behaviour findings (issue 13). */
import { resolve } from 'node:path';
import { ACTIVITY_RULES, type ActivityRule } from '../../core/activity/findings';
import { APPROVAL_COMMANDS, APPROVAL_HELP } from './cli-activity-approvals';
import { call, CliError, EXIT, withFile, out, str, type Values } from './cli-workspace';

export const ACTIVITY_HELP = {
  'activity-import': `Usage: agent-readiness activity import --workspace FILE --path FILE_OR_FOLDER [--agent NAME]

Imports activity logs (CloudTrail, Kubernetes audit, PostgreSQL, OpenTelemetry, Claude Code, Codex,
GitHub audit) from a file or every file of a folder. Each file is streamed, attributed to inventory
agents and stored without payloads or secrets; a file imported before (same SHA-256) is skipped.
  --agent  the agent a transcript belongs to (transcripts carry no actor)
Exit 4 when nothing could be imported (not an activity log, or a bound broken).
`,
  'activity-check': `Usage: agent-readiness activity check --workspace FILE [--since 30d] [--fail-on RULE[,RULE]] [--json]

Prints the behaviour findings of the imported activity for the period (--since Nd or Nh, default
all), with the events behind each. Exits 1 when a finding of a --fail-on rule exists.
Rules: ${ACTIVITY_RULES.join(', ')}
`,
  ...APPROVAL_HELP,
} as const;

/** "30d" / "12h" before now, as an ISO time. */
export function sinceToIso(since: string, now: Date): string {
  const m = /^(\d{1,5})([dh])$/.exec(since.trim());
  if (!m) throw new CliError('--since must be a number of days or hours, e.g. 30d or 12h.', EXIT.USAGE);
  const ms = Number(m[1]) * (m[2] === 'd' ? 864e5 : 36e5);
  return new Date(now.getTime() - ms).toISOString();
}

async function importCmd(v: Values): Promise<number> {
  const path = str(v.path);
  if (!path) throw new CliError('--path FILE_OR_FOLDER is required.', EXIT.USAGE);
  const agentName = str(v.agent);
  return withFile(v, async (ctx, workspaceId) => {
    const r = await call(
      ctx,
      'activity:import-path',
      { workspaceId, path: resolve(path), ...(agentName ? { agentName } : {}) },
      { NOT_FOUND: EXIT.INPUT, REFUSED: EXIT.INPUT },
    );
    for (const s of r.sources) out(`imported  ${s.format.padEnd(22)} ${String(s.eventCount).padStart(8)} events  ${s.path}\n`);
    for (const s of r.skipped) process.stderr.write(`skipped   ${s.path}: ${s.reason}\n`);
    for (const i of r.issues.slice(0, 20)) process.stderr.write(`issue     ${i.file}:${i.line}: ${i.message}\n`);
    out(`${r.events} events from ${r.sources.length} file(s); ${r.issueCount} issue(s); ${r.skipped.length} skipped\n`);
    const refused = r.skipped.filter((s) => !s.reason.startsWith('already imported'));
    return r.sources.length === 0 && refused.length > 0 ? EXIT.INPUT : EXIT.OK;
  });
}

async function checkCmd(v: Values): Promise<number> {
  const failOn = (str(v['fail-on']) ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  for (const rule of failOn)
    if (!(ACTIVITY_RULES as readonly string[]).includes(rule))
      throw new CliError(`--fail-on: unknown rule "${rule.slice(0, 40)}"; one of ${ACTIVITY_RULES.join(', ')}.`, EXIT.USAGE);
  return withFile(v, async (ctx, workspaceId) => {
    const since = str(v.since);
    const from = since === undefined ? undefined : sinceToIso(since, ctx.now());
    const findings = await call(ctx, 'activity:findings', { workspaceId, ...(from ? { from } : {}) });
    const failing = findings.filter((f) => failOn.includes(f.rule as ActivityRule));
    if (v.json) out(`${JSON.stringify({ since: from ?? null, findings, failing: failing.length }, null, 2)}\n`);
    else {
      if (findings.length === 0) out('No behaviour findings for the period.\n');
      for (const f of findings)
        out(
          `${failOn.includes(f.rule) ? 'FAIL' : '    '}  ${f.rule.padEnd(32)} ${f.title}\n      ${f.why} (controls ${f.controls.join(', ')}; events ${f.eventIds.slice(0, 10).join(', ')}${f.eventIds.length > 10 ? ', …' : ''})\n`,
        );
    }
    if (failing.length > 0) {
      process.stderr.write(`Activity check failed: ${failing.length} finding(s) of ${failOn.join(', ')}\n`);
      return EXIT.CHECK_FAILED;
    }
    return EXIT.OK;
  });
}

const W = { workspace: { type: 'string' as const, short: 'w' } };
export const ACTIVITY_COMMANDS = {
  'activity-import': { options: { ...W, path: { type: 'string' as const }, agent: { type: 'string' as const } }, run: importCmd },
  'activity-check': {
    options: { ...W, since: { type: 'string' as const }, 'fail-on': { type: 'string' as const }, json: { type: 'boolean' as const } },
    run: checkCmd,
  },
  ...APPROVAL_COMMANDS,
};
