/**
 * Drill scenarios as data. A scenario file (YAML under checklists/drills/, or imported by a user)
 * is validated by `Scenario`; text fields may contain inventory placeholders (see template.ts).
 */
import { z } from 'zod';
import { SandboxSpec } from './live-fire';
import { TEMPLATE_KEYS, findPlaceholders } from './template-keys';

export const DRILL_ROLES = [
  'facilitator',
  'incident-commander',
  'scribe',
  'agent-owner',
  'approver',
  'observer',
  'evaluator',
  'liaison',
] as const;
export const DrillRole = z.enum(DRILL_ROLES, { error: `Use one of: ${DRILL_ROLES.join(', ')}` });
export type DrillRole = z.infer<typeof DrillRole>;
export const ROLE_LABELS: Record<DrillRole, string> = {
  facilitator: 'Facilitator',
  'incident-commander': 'Incident commander',
  scribe: 'Scribe',
  'agent-owner': 'Agent owner',
  approver: 'Approver',
  observer: 'Observer',
  evaluator: 'Evaluator',
  liaison: 'Liaison',
};

/** Longest scenario clock accepted (T+ minutes): a 24-hour drill. */
export const MAX_SCENARIO_MINUTES = 24 * 60;

const Slug = z
  .string({ error: 'Required' })
  .regex(/^[a-z0-9][a-z0-9-]{1,63}$/, 'Use 2-64 lower-case letters, digits and dashes, starting with a letter or digit');

/** Template text: trimmed, bounded, and only known placeholders. */
const TemplateText = (max: number) =>
  z
    .string({ error: 'Required' })
    .trim()
    .min(1, 'Required')
    .max(max, `At most ${max} characters`)
    .superRefine((s, ctx) => {
      for (const p of findPlaceholders(s)) {
        if (!TEMPLATE_KEYS.includes(p.key as (typeof TEMPLATE_KEYS)[number])) {
          ctx.addIssue({ code: 'custom', message: `Unknown placeholder {{${p.key}}}. Known: ${TEMPLATE_KEYS.join(', ')}` });
        }
      }
    });

/** A readiness checklist control id such as ENV-1, APR-2, HITL-2. */
export const ControlId = z.string({ error: 'Required' }).regex(/^[A-Z]{2,6}-\d{1,3}$/, 'Use a control id like ENV-1 or HITL-2');

/** Minutes from T0 on the scenario clock (T+mm). */
const TMinutes = z
  .number({ error: 'Use a number of minutes, e.g. 15' })
  .min(0, 'Must be 0 or more')
  .max(MAX_SCENARIO_MINUTES, `At most ${MAX_SCENARIO_MINUTES} minutes`);

export const BasedOn = z.object({
  incident: z.string({ error: 'Required' }).trim().min(1, 'Required').max(300),
  /** A real incident, or a documented pattern (a threat catalogue entry) rather than one event. */
  kind: z.enum(['incident', 'pattern'], { error: 'Use incident or pattern' }).default('incident'),
  source: z.url({ protocol: /^https$/, error: 'Use an https:// link to the source' }),
  /** More sources, optional. */
  alsoSee: z
    .array(z.url({ protocol: /^https$/, error: 'Use an https:// link' }))
    .max(10)
    .default([]),
});

/**
 * The scenario's shape, built around one text schema: authored files use TemplateText (trimmed,
 * bounded, known placeholders only); the rendered scenario a drill shows has its placeholders filled
 * with inventory names, so its text is any string (a name may be long, or even contain braces).
 * Ids, minutes and controls are checked the same way in both.
 */
function scenarioShapes(text: (max: number) => z.ZodString) {
  const Inject = z.object({
    id: Slug,
    /** T+minutes on the scenario clock. */
    at: TMinutes,
    title: text(160),
    /** Who or what delivers it in the fiction: "DBA on call", "{{agent.name}}", "monitoring". */
    from: z.union([text(120), z.literal('')]).default(''),
    text: text(2000),
  });
  const ExpectedDecision = z.object({
    id: Slug,
    text: text(500),
    /** Deadline, T+minutes on the scenario clock. */
    by: TMinutes,
    controls: z.array(ControlId).max(20).default([]),
  });
  const Phase = z.object({
    id: Slug,
    title: text(160),
    decisions: z.array(ExpectedDecision).min(1, 'Each phase needs at least one expected decision').max(40),
  });
  /** A timed question: the facilitator starts it when asked and stops it when answered. */
  const Timer = z.object({
    id: Slug,
    label: text(200),
    controls: z.array(ControlId).max(10).default([]),
  });
  const Scenario = z.object({
    id: Slug,
    version: z.number({ error: 'Use a whole number, e.g. 1' }).int('Use a whole number').min(1).default(1),
    title: text(160),
    summary: text(2000),
    basedOn: BasedOn,
    objectives: z.array(text(400)).min(1, 'List at least one objective').max(20),
    roles: z.array(DrillRole).min(1, 'List the roles involved').max(DRILL_ROLES.length),
    /** Planned length on the scenario clock, in minutes. */
    durationMinutes: TMinutes.refine((n) => n >= 1, 'At least 1 minute'),
    /** Recovery-point objective for the affected data, minutes. Optional. */
    rpoMinutes: z.number({ error: 'Use a number of minutes' }).min(0).max(10080).optional(),
    /** Hints that steer templating: which kinds of system the scenario is about. */
    systemKinds: z.array(z.string().trim().max(40)).max(8).default([]),
    controls: z.array(ControlId).min(1, 'List the checklist controls the drill exercises').max(40),
    /** What counts as each checkpoint in this scenario (guidance shown to the facilitator). */
    checkpoints: z.object({ declared: text(500).optional(), contained: text(500).optional(), recovered: text(500).optional() }).default({}),
    /** Extra things to measure or watch (free text shown on the runner). */
    measures: z.array(text(300)).max(20).default([]),
    /** Timed questions beyond the two standard ones (log-query time, owner-reach time). */
    timers: z.array(Timer).max(10).default([]),
    injects: z.array(Inject).min(1, 'At least one inject').max(200),
    phases: z.array(Phase).min(1, 'At least one phase').max(20),
    /** Live-fire mode (optional): a disposable database and a scripted rogue agent (see live-fire.ts). */
    sandbox: SandboxSpec.optional(),
  });
  return { Inject, ExpectedDecision, Phase, Timer, Scenario };
}

const authored = scenarioShapes(TemplateText);
export const Inject = authored.Inject;
export type Inject = z.output<typeof Inject>;
export const ExpectedDecision = authored.ExpectedDecision;
export type ExpectedDecision = z.output<typeof ExpectedDecision>;
export const Phase = authored.Phase;
export type Phase = z.output<typeof Phase>;
export const Timer = authored.Timer;
export type Timer = z.output<typeof Timer>;

/** A scenario as a drill shows it, placeholders filled (template.ts). Checks the drill channels' responses. */
export const RenderedScenarioSchema = scenarioShapes(() => z.string()).Scenario;

/**
 * Timers every drill has (from the measurement model): how long it takes to answer "what did the
 * agent do?" from the logs (LOG-3), and to reach the agent's accountable owner (OWN-2).
 */
export const STANDARD_TIMERS: readonly Timer[] = [
  {
    id: 'log-query',
    label: 'Log query: what did {{agent.name}} change in {{environment.production}} in the last 24 hours?',
    controls: ['LOG-3'],
  },
  { id: 'owner-reach', label: 'Reach {{owner|the accountable owner (none is named in the inventory)}}', controls: ['OWN-2'] },
];

/**
 * The lists below are derived from a scenario on every drill event and view. A scenario is data that
 * is never changed in place (a drill keeps a snapshot), so each list is kept per source array; the
 * results are shared and read-only.
 */
function derived<K extends object, V>(make: (k: K) => V): (k: K) => V {
  const memo = new WeakMap<K, V>();
  return (k) => {
    let v = memo.get(k);
    if (v === undefined) {
      v = make(k);
      memo.set(k, v);
    }
    return v;
  };
}

const NO_TIMERS: Timer[] = [];
const timersOf = derived((own: Timer[]): readonly Timer[] => [...STANDARD_TIMERS.filter((t) => !own.some((o) => o.id === t.id)), ...own]);

/** The scenario's timers: the standard ones, then its own (an own timer may replace a standard one by id). */
export function allTimers(s: { timers?: Timer[] | undefined }): readonly Timer[] {
  return timersOf(s.timers ?? NO_TIMERS);
}

export const ScenarioSchema = authored.Scenario.superRefine((s, ctx) => {
  dupes(s.injects.map((i) => i.id)).forEach((i) =>
    ctx.addIssue({ code: 'custom', path: ['injects', i, 'id'], message: 'Duplicate inject id' }),
  );
  dupes(s.phases.map((p) => p.id)).forEach((i) =>
    ctx.addIssue({ code: 'custom', path: ['phases', i, 'id'], message: 'Duplicate phase id' }),
  );
  const all = s.phases.flatMap((p, pi) => p.decisions.map((d, di) => ({ id: d.id, pi, di })));
  dupes(all.map((d) => d.id)).forEach((i) => {
    const d = all[i]!;
    ctx.addIssue({
      code: 'custom',
      path: ['phases', d.pi, 'decisions', d.di, 'id'],
      message: 'Duplicate decision id (ids must be unique across phases)',
    });
  });
  dupes(s.timers.map((t) => t.id)).forEach((i) =>
    ctx.addIssue({ code: 'custom', path: ['timers', i, 'id'], message: 'Duplicate timer id' }),
  );
  dupes(s.roles).forEach((i) => ctx.addIssue({ code: 'custom', path: ['roles', i], message: 'Role listed twice' }));
  s.injects.forEach((inj, i) => {
    if (inj.at > s.durationMinutes) {
      ctx.addIssue({
        code: 'custom',
        path: ['injects', i, 'at'],
        message: `T+${inj.at} is after the end of the drill (durationMinutes ${s.durationMinutes})`,
      });
    }
  });
});
export type Scenario = z.output<typeof ScenarioSchema>;
export type ScenarioInput = z.input<typeof ScenarioSchema>;

function dupes(values: string[]): number[] {
  const seen = new Set<string>();
  const out: number[] = [];
  values.forEach((v, i) => {
    if (seen.has(v)) out.push(i);
    seen.add(v);
  });
  return out;
}

const decisionsOf = derived((phases: Scenario['phases']): ReadonlyArray<ExpectedDecision & { phaseId: string; phaseTitle: string }> =>
  phases.flatMap((p) => p.decisions.map((d) => ({ ...d, phaseId: p.id, phaseTitle: p.title }))),
);

/** Every expected decision with its phase, in phase order. */
export function allDecisions(s: Pick<Scenario, 'phases'>): ReadonlyArray<ExpectedDecision & { phaseId: string; phaseTitle: string }> {
  return decisionsOf(s.phases);
}

const injectOrderOf = derived((injects: Inject[]): readonly Inject[] =>
  injects
    .map((inj, i) => ({ inj, i }))
    .sort((a, b) => a.inj.at - b.inj.at || a.i - b.i)
    .map((x) => x.inj),
);

/** Injects in release order (by T+, then file order). */
export function injectsInOrder(s: Pick<Scenario, 'injects'>): readonly Inject[] {
  return injectOrderOf(s.injects);
}
