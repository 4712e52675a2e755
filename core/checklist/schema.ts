/**
 * The checklist file format. A checklist is product content as data (checklists/*.yaml):
 * users can load their own file or a new version of one. `parseChecklistYaml` (loader.ts)
 * validates a file with this schema and reports line numbers.
 */
import { z } from 'zod';
import { FRAMEWORKS, FRAMEWORK_ID_PATTERNS, type Framework } from './frameworks';
import { RULE_PARAMS, isRuleId, RULE_IDS } from '../scoring/rule-params';

export const CONTROL_AREAS = ['ENV', 'APR', 'PRM', 'HITL', 'LOG', 'REC', 'OWN'] as const;
export const ControlArea = z.enum(CONTROL_AREAS, { error: `Use one of ${CONTROL_AREAS.join(', ')}` });
export type ControlArea = z.infer<typeof ControlArea>;

const line = (max: number) => z.string({ error: 'Required text' }).trim().min(1, 'Required').max(max, `At most ${max} characters`);

/** "1.0.0" style versions; compared numerically part by part. */
export const ChecklistVersion = z
  .string({ error: 'Required, e.g. "1.0.0" (quote it)' })
  .regex(/^\d{1,4}(\.\d{1,4}){0,2}$/, 'Use a version like 1.0.0 (quote it in YAML)');

export const FrameworkMapping = z
  .object({
    framework: z.enum(FRAMEWORKS, { error: `Use one of ${FRAMEWORKS.join(', ')}` }),
    ids: z.array(z.string().trim().min(1, 'Required')).min(1, 'List at least one identifier').max(20),
  })
  .strict()
  .superRefine((m, ctx) => {
    const { pattern, example } = FRAMEWORK_ID_PATTERNS[m.framework as Framework];
    m.ids.forEach((id, i) => {
      if (!pattern.test(id))
        ctx.addIssue({ code: 'custom', path: ['ids', i], message: `"${id}" is not a ${m.framework} identifier (e.g. ${example})` });
    });
  });

export const ControlRule = z
  .object({
    id: z.string({ error: 'Required' }).refine(isRuleId, { message: `Unknown rule; known rules: ${RULE_IDS.join(', ')}` }),
    params: z.record(z.string(), z.unknown()).default({}),
  })
  .strict()
  .superRefine((r, ctx) => {
    if (!isRuleId(r.id)) return;
    const parsed = RULE_PARAMS[r.id].safeParse(r.params);
    if (!parsed.success) {
      for (const issue of parsed.error.issues)
        ctx.addIssue({
          code: 'custom',
          path: ['params', ...issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p))],
          message: issue.message,
        });
    }
  });
export type ControlRule = z.output<typeof ControlRule>;

export const Control = z
  .object({
    id: z.string({ error: 'Required' }).regex(/^[A-Z]{2,6}-\d{1,3}$/, 'Use an id like ENV-1'),
    area: ControlArea,
    title: line(120),
    question: line(600),
    guidance: line(2000),
    evidence: line(1000),
    weight: z.number({ error: 'Use 1, 2 or 3' }).int('Use 1, 2 or 3').min(1, 'Use 1, 2 or 3').max(3, 'Use 1, 2 or 3'),
    critical: z.boolean({ error: 'Use true or false' }).default(false),
    reviewPeriodDays: z.number({ error: 'A number of days' }).int('Whole days').min(1, 'At least 1 day').max(1095, 'At most 1095 days'),
    frameworks: z.array(FrameworkMapping).min(2, 'Map each control to at least 2 frameworks'),
    rule: ControlRule.optional(),
  })
  .strict()
  .superRefine((c, ctx) => {
    if (!c.id.startsWith(`${c.area}-`)) ctx.addIssue({ code: 'custom', path: ['id'], message: `Id must start with its area "${c.area}-"` });
    const seen = new Set<string>();
    c.frameworks.forEach((f, i) => {
      if (seen.has(f.framework))
        ctx.addIssue({ code: 'custom', path: ['frameworks', i, 'framework'], message: `${f.framework} is listed twice` });
      seen.add(f.framework);
    });
  });
export type Control = z.output<typeof Control>;

export const AreaInfo = z.object({ id: ControlArea, title: line(80), description: line(600) }).strict();

export const Checklist = z
  .object({
    id: z.string({ error: 'Required' }).regex(/^[a-z0-9][a-z0-9-]{1,63}$/, 'Use lowercase letters, digits and dashes'),
    version: ChecklistVersion,
    title: line(120),
    description: z.string().max(2000).default(''),
    bands: z
      .object({
        ready: z.number().int().min(1).max(100).default(85),
        conditional: z.number().int().min(0).max(99).default(60),
      })
      .strict()
      .default({ ready: 85, conditional: 60 })
      .refine((b) => b.conditional < b.ready, { message: 'The conditional band must be below the ready band', path: ['conditional'] }),
    areas: z.array(AreaInfo).min(1, 'List the areas'),
    controls: z.array(Control).min(1, 'List at least one control').max(200, 'At most 200 controls'),
  })
  .strict()
  .superRefine((cl, ctx) => {
    const ids = new Map<string, number>();
    cl.controls.forEach((c, i) => {
      const first = ids.get(c.id);
      if (first !== undefined)
        ctx.addIssue({
          code: 'custom',
          path: ['controls', i, 'id'],
          message: `Duplicate control id "${c.id}" (first used by control ${first + 1})`,
        });
      else ids.set(c.id, i);
    });
    const areaIds = new Set<string>();
    cl.areas.forEach((a, i) => {
      if (areaIds.has(a.id)) ctx.addIssue({ code: 'custom', path: ['areas', i, 'id'], message: `Area ${a.id} is listed twice` });
      areaIds.add(a.id);
    });
    cl.controls.forEach((c, i) => {
      if (!areaIds.has(c.area))
        ctx.addIssue({ code: 'custom', path: ['controls', i, 'area'], message: `Area ${c.area} is not listed under areas` });
    });
  });
export type Checklist = z.output<typeof Checklist>;

/** Compare "1.2.0" style versions: negative when a < b. */
export function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}
