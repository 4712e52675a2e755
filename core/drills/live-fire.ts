/**
 * Live-fire drills: the optional `sandbox` block of a scenario. A scenario with a sandbox can be run
 * against a disposable database that the app creates, seeds and damages with a scripted rogue agent,
 * so containment and recovery are checked against real data instead of being declared.
 * Pure data and validation: the sandbox itself lives in electron/store/sandbox.
 * Every object here is strict: a scenario cannot name a path, a database or a connection for the rogue
 * (an unknown key such as `path:` is refused, not ignored). The app creates the only target there is.
 */
import { z } from 'zod';

/** The seed tables the sandbox knows how to generate, with the columns a rogue action may name. */
export const SEED_TABLES = {
  customers: ['name', 'email', 'country', 'created_at'],
  orders: ['customer_id', 'total_cents', 'status', 'created_at'],
  invoices: ['order_id', 'amount_cents', 'paid', 'issued_at'],
} as const;
export type SeedTableName = keyof typeof SEED_TABLES;
export const SEED_TABLE_NAMES = Object.keys(SEED_TABLES) as SeedTableName[];
const TableName = z.enum(SEED_TABLE_NAMES as [SeedTableName, ...SeedTableName[]], {
  error: `Use one of the seed tables: ${SEED_TABLE_NAMES.join(', ')}`,
});

/** Largest seed accepted per table: "a few thousand rows", kept small so a drill starts in a second. */
export const MAX_SEED_ROWS = 20_000;
/** Longest rogue timeline, seconds on the drill clock. */
export const MAX_ROGUE_SECONDS = 4 * 3600;
/** Most statements a rogue may run in one drill. */
export const MAX_ROGUE_STATEMENTS = 500;

export const SeedTable = z.strictObject({
  name: TableName,
  rows: z.number({ error: 'Use a whole number of rows' }).int('Use a whole number').min(1).max(MAX_SEED_ROWS),
});

export const SeedSpec = z
  .strictObject({
    /** The generator's seed: the same seed gives the same rows, byte for byte. */
    seed: z
      .number({ error: 'Use a whole number' })
      .int('Use a whole number')
      .min(0)
      .max(2 ** 31 - 1),
    tables: z.array(SeedTable).min(1, 'List at least one seed table').max(SEED_TABLE_NAMES.length),
  })
  .superRefine((s, ctx) => {
    const names = s.tables.map((t) => t.name);
    names.forEach((n, i) => {
      if (names.indexOf(n) !== i) ctx.addIssue({ code: 'custom', path: ['tables', i, 'name'], message: 'Table listed twice' });
    });
    // Orders point at customers and invoices at orders: a child table needs its parent.
    if (names.includes('orders') && !names.includes('customers'))
      ctx.addIssue({ code: 'custom', path: ['tables'], message: 'orders needs customers' });
    if (names.includes('invoices') && !names.includes('orders'))
      ctx.addIssue({ code: 'custom', path: ['tables'], message: 'invoices needs orders' });
  });

/**
 * The "before" step the team follows at T0, as their runbook says: take a backup (where their backups
 * really live: on the same volume as the data, within the rogue's reach, or in a separate vault), or
 * none at all if that is the habit being rehearsed. `writesAfterBackup` customer orders arrive between
 * the backup and the incident, so a restore from that backup loses them: the real RPO.
 */
export const BeforeStep = z.strictObject({
  backup: z.enum(['take', 'none'], { error: 'Use take or none' }),
  location: z.enum(['same-volume', 'separate'], { error: 'Use same-volume or separate' }).default('separate'),
  writesAfterBackup: z.number({ error: 'Use a whole number' }).int().min(0).max(5000).default(0),
});

const Seconds = z
  .number({ error: 'Use a number of seconds, e.g. 30' })
  .min(0, 'Must be 0 or more')
  .max(MAX_ROGUE_SECONDS, `At most ${MAX_ROGUE_SECONDS} seconds`);
const Percent = z.number({ error: 'Use a percentage, e.g. 80' }).min(1, 'At least 1').max(100, 'At most 100');

export const RogueAction = z.discriminatedUnion(
  'action',
  [
    z.strictObject({ at: Seconds, action: z.literal('mass-delete'), table: TableName, percent: Percent.default(100) }),
    z.strictObject({ at: Seconds, action: z.literal('drop-table'), table: TableName }),
    /** Every row of the column set to one value (a bad bulk "fix"). */
    z.strictObject({ at: Seconds, action: z.literal('overwrite'), table: TableName, column: z.string(), value: z.string().max(200) }),
    /** A quiet UPDATE that damages one column in a share of the rows: nothing looks missing. */
    z.strictObject({
      at: Seconds,
      action: z.literal('corrupt-column'),
      table: TableName,
      column: z.string(),
      percent: Percent.default(10),
    }),
    /** Invented rows, like the 4,000 fake users the Replit agent created to fill the gap. */
    z.strictObject({ at: Seconds, action: z.literal('junk-rows'), table: TableName, count: z.number().int().min(1).max(10_000) }),
    /** Deletes the backup files the rogue can reach (only those on the same volume as the data). */
    z.strictObject({ at: Seconds, action: z.literal('delete-backup') }),
  ],
  { error: 'Use one of: mass-delete, drop-table, overwrite, corrupt-column, junk-rows, delete-backup' },
);
export type RogueAction = z.output<typeof RogueAction>;
export const ROGUE_ACTIONS = ['mass-delete', 'drop-table', 'overwrite', 'corrupt-column', 'junk-rows', 'delete-backup'] as const;

export const RogueSpec = z.strictObject({
  /** Statements the rogue may run before it stops on its own. */
  maxStatements: z.number().int().min(1).max(MAX_ROGUE_STATEMENTS).default(100),
  /** Wall-clock bound of the rogue process, seconds (after time scaling). */
  maxSeconds: z.number().int().min(1).max(MAX_ROGUE_SECONDS).default(1800),
  timeline: z.array(RogueAction).min(1, 'The rogue needs at least one action').max(100),
});

export const SandboxSpec = z
  .strictObject({
    engine: z.enum(['sqlite'], { error: 'Use sqlite (PostgreSQL comes with the team engine)' }).default('sqlite'),
    seed: SeedSpec,
    before: BeforeStep,
    rogue: RogueSpec,
  })
  .superRefine((s, ctx) => {
    const seeded = new Set(s.seed.tables.map((t) => t.name));
    s.rogue.timeline.forEach((a, i) => {
      if (a.at >= s.rogue.maxSeconds)
        ctx.addIssue({
          code: 'custom',
          path: ['rogue', 'timeline', i, 'at'],
          message: `At ${a.at} s is past the rogue's limit (maxSeconds ${s.rogue.maxSeconds})`,
        });
      if (a.action === 'delete-backup') return;
      if (!seeded.has(a.table))
        ctx.addIssue({ code: 'custom', path: ['rogue', 'timeline', i, 'table'], message: `${a.table} is not seeded` });
      if (a.action === 'overwrite' || a.action === 'corrupt-column') {
        const cols: readonly string[] = SEED_TABLES[a.table];
        if (!cols.includes(a.column))
          ctx.addIssue({
            code: 'custom',
            path: ['rogue', 'timeline', i, 'column'],
            message: `Use a column of ${a.table}: ${cols.join(', ')}`,
          });
      }
    });
    const dropped = new Set<string>();
    s.rogue.timeline.forEach((a, i) => {
      if (a.action !== 'delete-backup' && dropped.has(a.table) && a.action !== 'drop-table')
        ctx.addIssue({ code: 'custom', path: ['rogue', 'timeline', i, 'table'], message: `${a.table} was already dropped` });
      if (a.action === 'drop-table') dropped.add(a.table);
    });
  });
export type SandboxSpec = z.output<typeof SandboxSpec>;
export type SandboxSpecInput = z.input<typeof SandboxSpec>;

/** Rogue actions in the order they run (by offset, then file order). */
export function rogueTimeline(spec: SandboxSpec): RogueAction[] {
  return spec.rogue.timeline
    .map((a, i) => ({ a, i }))
    .sort((x, y) => x.a.at - y.a.at || x.i - y.i)
    .map((x) => x.a);
}
