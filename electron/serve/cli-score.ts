import type { Response } from '../../core/contract/index';
import { AGENT_PAGE_MAX } from '../../core/scoring/contract';
import { judgePolicy, printPolicy } from './cli-discovery';
import { call, CliError, EXIT, withFile, out, str, type Values } from './cli-workspace';

type Agents = Response<'score:agents'>['rows'];

/**
 * `score`: the readiness gate. It fails when a production agent is Not ready or below --min, when a
 * --policy is violated, and when there is no production agent at all: with nothing to judge, the
 * gate does not pass (an empty workspace used to pass --min 99).
 */
export async function score(v: Values): Promise<number> {
  const minRaw = str(v.min);
  const min = minRaw === undefined ? null : Number(minRaw);
  if (min !== null && (!Number.isFinite(min) || min < 0 || min > 100))
    throw new CliError('--min must be a number from 0 to 100.', EXIT.USAGE);
  const policy = str(v.policy);
  return withFile(v, async (ctx, workspaceId) => {
    const dashboard = await call(ctx, 'score:dashboard', { workspaceId });
    const agents: Agents = [];
    for (let total = 1; agents.length < total;) {
      const page = await call(ctx, 'score:agents', { workspaceId, sort: 'name', offset: agents.length, limit: AGENT_PAGE_MAX });
      agents.push(...page.rows);
      total = page.rows.length ? page.total : agents.length;
    }
    const judged = policy ? await judgePolicy(ctx, workspaceId, policy) : null;
    return printScores(dashboard.checklist, dashboard.workspace.meanScore, agents, min, !!v.json, judged?.evaluation ?? null);
  });
}

function reasonOf(a: Agents[number], min: number | null): string {
  if (a.verdict === 'not-ready') return `Not ready (score ${a.score})`;
  return `score ${a.score} is below the minimum ${min}`;
}

function printScores(
  checklist: Response<'score:dashboard'>['checklist'],
  meanScore: number | null,
  agents: Agents,
  min: number | null,
  json: boolean,
  policy: Response<'policy:evaluate'> | null,
): number {
  const failing = agents.filter((a) => a.lifecycle === 'production' && ((min !== null && a.score < min) || a.verdict === 'not-ready'));
  const judgedAgents = agents.filter((a) => a.lifecycle === 'production').length;
  const nothingToJudge = judgedAgents === 0;
  const policyFailed = policy !== null && !policy.result!.passed;
  if (json) {
    const gate = {
      passed: failing.length === 0 && !nothingToJudge && !policyFailed,
      reasons: [
        ...(nothingToJudge ? ['The workspace has no production agent: with nothing to judge, the gate does not pass.'] : []),
        ...failing.map((a) => `${a.agentName}: ${reasonOf(a, min)}`),
        ...(policyFailed ? policy!.result!.violations.map((x) => `${x.ruleId}: ${x.subject}: ${x.reason}`) : []),
      ],
    };
    out(
      `${JSON.stringify(
        {
          checklist,
          meanScore,
          agents: agents.map((a) => ({ name: a.agentName, lifecycle: a.lifecycle, score: a.score, verdict: a.verdict })),
          min,
          failing: failing.map((a) => a.agentName),
          failures: failing.map((a) => ({ name: a.agentName, reason: reasonOf(a, min) })),
          policy: policy?.result ?? null,
          gate,
        },
        null,
        2,
      )}\n`,
    );
  } else {
    const rows = [...agents]
      .sort((a, b) => a.agentName.localeCompare(b.agentName))
      .map((a) => [
        a.agentName,
        a.lifecycle,
        String(a.score),
        { ready: 'Ready', conditional: 'Conditional', 'not-ready': 'Not ready' }[a.verdict],
        failing.includes(a) ? 'FAIL' : '',
      ]);
    const head = ['Agent', 'Lifecycle', 'Score', 'Verdict', min !== null ? `Gate (min ${min})` : 'Gate'];
    const width = head.map((h, i) => Math.min(48, Math.max(h.length, ...rows.map((r) => r[i]!.length))));
    const line = (r: string[]) =>
      r
        .map((c, i) => (i === 2 ? c.padStart(width[i]!) : c.slice(0, width[i]).padEnd(width[i]!)))
        .join('  ')
        .trimEnd();
    out(
      `${checklist.title} v${checklist.version} · mean score ${meanScore ?? '–'}\n${line(head)}\n${line(width.map((w) => '-'.repeat(w)))}\n${rows.map(line).join('\n')}\n`,
    );
    if (policy) printPolicy(policy);
  }
  if (nothingToJudge)
    process.stderr.write('Readiness gate failed: the workspace has no production agent; with nothing to judge it is not a pass.\n');
  if (failing.length)
    process.stderr.write(`Readiness gate failed: ${failing.map((a) => `${a.agentName} (${a.score}, ${a.verdict})`).join('; ')}\n`);
  if (policyFailed) process.stderr.write(`Policy gate failed: ${policy!.result!.violations.length} violation(s).\n`);
  return failing.length || nothingToJudge || policyFailed ? EXIT.CHECK_FAILED : EXIT.OK;
}
