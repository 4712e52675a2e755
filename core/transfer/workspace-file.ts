import { z } from 'zod';

/**
 * The full, versioned workspace export: every table of the workspace database, row for row,
 * plus the workspace's attachment files. It imports back into a new workspace losslessly.
 */
export const WORKSPACE_FORMAT = 'agent-readiness-workspace';
export const WORKSPACE_FORMAT_VERSION = 1;

const Cell = z.union([z.string(), z.number(), z.null(), z.object({ $base64: z.string() }).strict()]);
const Ident = z.string().regex(/^[a-z_][a-z0-9_]{0,63}$/, 'Invalid table or column name');

export const WorkspaceFile = z
  .object({
    format: z.literal(WORKSPACE_FORMAT),
    formatVersion: z.literal(WORKSPACE_FORMAT_VERSION),
    schemaVersion: z.number().int().min(1),
    appVersion: z.string().max(40),
    exportedAt: z.string().max(40),
    workspace: z.object({ name: z.string().max(200), createdAt: z.string().max(40) }).strict(),
    tables: z.array(z.object({ name: Ident, columns: z.array(Ident).max(200), rows: z.array(z.array(Cell)) }).strict()).max(200),
    files: z
      .array(
        z
          .object({
            path: z
              .string()
              .regex(/^[A-Za-z0-9._ -]+(\/[A-Za-z0-9._ -]+)*$/, 'Invalid file path')
              .max(300),
            base64: z.string(),
          })
          .strict(),
      )
      .max(10_000),
  })
  .strict()
  .superRefine((f, ctx) => {
    f.tables.forEach((t, i) => {
      t.rows.forEach((r, j) => {
        if (r.length !== t.columns.length)
          ctx.addIssue({ code: 'custom', path: ['tables', i, 'rows', j], message: 'Row has the wrong number of cells' });
      });
    });
    f.files.forEach((file, i) => {
      if (file.path.split('/').some((p) => p === '.' || p === '..'))
        ctx.addIssue({ code: 'custom', path: ['files', i, 'path'], message: 'Invalid file path' });
    });
  });
export type WorkspaceFile = z.infer<typeof WorkspaceFile>;
