import type { Database } from 'better-sqlite3';
import { AppError } from '../../../core/common/errors';
import { BUILTIN_CHECKLIST_YAML } from '../../../core/checklist/builtin';
import { parseChecklistYaml } from '../../../core/checklist/loader';
import { Checklist, compareVersions } from '../../../core/checklist/schema';
import type { ChecklistSummary } from '../../../core/scoring/contract';
import { writeTransaction, type WriteTx } from '../mutate/index';
import { SYSTEM_ACTOR } from '../history/baseline';

type Row = { id: string; version: string; title: string; source: 'builtin' | 'user'; body: string; loaded_by: string; loaded_at: string };

const ACTIVE = 'active_checklist';

function active(db: Database): { id: string; version: string } | null {
  const row = db.prepare('SELECT value FROM scoring_settings WHERE key = ?').get(ACTIVE) as { value: string } | undefined;
  return row ? (JSON.parse(row.value) as { id: string; version: string }) : null;
}

function summary(row: Row, act: { id: string; version: string } | null): ChecklistSummary {
  const cl = JSON.parse(row.body) as Checklist;
  return {
    id: row.id,
    version: row.version,
    title: row.title,
    source: row.source,
    loadedBy: row.loaded_by,
    loadedAt: row.loaded_at,
    controlCount: cl.controls.length,
    computedCount: cl.controls.filter((c) => c.rule).length,
    active: act?.id === row.id && act.version === row.version,
  };
}

let builtin: Checklist | null = null;
const builtinChecklist = (): Checklist => {
  if (builtin) return builtin;
  const parsed = parseChecklistYaml(BUILTIN_CHECKLIST_YAML);
  if (!parsed.ok) throw new Error('The built-in checklist is invalid');
  builtin = parsed.checklist;
  return builtin;
};

/**
 * Makes sure this app version's built-in checklist is stored (a newer built-in version arrives with an
 * app update and is offered, not forced: the active one changes only when none is active yet).
 */
export function ensureChecklist(db: Database, now: Date): void {
  const cl = builtinChecklist();
  const stored = db.prepare('SELECT 1 FROM checklists WHERE id = ? AND version = ?').get(cl.id, cl.version);
  const hasActive = active(db) !== null;
  if (stored && hasActive) return;
  // Written by the app itself, through the one write path, so the history accounts for the stored checklist.
  writeTransaction({ db, actor: SYSTEM_ACTOR, channel: 'checklist:builtin', now, door: 'system' }, () => {
    if (!stored) {
      db.prepare(
        `INSERT INTO checklists (id, version, title, source, yaml, body, loaded_by, loaded_at) VALUES (?, ?, ?, 'builtin', ?, ?, 'Agent Readiness', ?)`,
      ).run(cl.id, cl.version, cl.title, BUILTIN_CHECKLIST_YAML, JSON.stringify(cl), now.toISOString());
    }
    if (!hasActive)
      db.prepare('INSERT OR REPLACE INTO scoring_settings (key, value) VALUES (?, ?)').run(
        ACTIVE,
        JSON.stringify({ id: cl.id, version: cl.version }),
      );
  });
}

export function listChecklists(db: Database): ChecklistSummary[] {
  const act = active(db);
  const rows = db.prepare('SELECT id, version, title, source, body, loaded_by, loaded_at FROM checklists').all() as Row[];
  return rows.map((r) => summary(r, act)).sort((a, b) => a.id.localeCompare(b.id) || compareVersions(b.version, a.version));
}

/** The checklist in force (what new answers and assessments use). */
export function activeChecklist(db: Database): { checklist: Checklist; summary: ChecklistSummary } {
  const act = active(db);
  if (!act) throw new AppError('NOT_FOUND', 'No checklist is active in this workspace.');
  return getChecklist(db, act.id, act.version);
}

export function getChecklist(db: Database, id: string, version: string): { checklist: Checklist; summary: ChecklistSummary } {
  const row = db
    .prepare('SELECT id, version, title, source, body, loaded_by, loaded_at FROM checklists WHERE id = ? AND version = ?')
    .get(id, version) as Row | undefined;
  if (!row) throw new AppError('NOT_FOUND', `Checklist ${id} version ${version} is not loaded in this workspace.`);
  return { checklist: JSON.parse(row.body) as Checklist, summary: summary(row, active(db)) };
}

/**
 * Stores a user's checklist file. Refuses an invalid file (every problem with its line and field), a
 * version already loaded, and a version older than one already loaded for the same checklist id.
 */
export function loadChecklist(tx: WriteTx, yaml: string, loadedBy: string, activate: boolean, now: Date): ChecklistSummary {
  const { db } = tx;
  const parsed = parseChecklistYaml(yaml);
  if (!parsed.ok) {
    const issues = parsed.issues.map((i) => ({
      path: 'yaml',
      message: `${i.line !== null ? `Line ${i.line}` : 'File'}${i.path ? `, ${i.path}` : ''}: ${i.message}`,
    }));
    throw new AppError(
      'VALIDATION',
      `The checklist file has ${issues.length} problem${issues.length > 1 ? 's' : ''}. ${issues[0]!.message}`,
      { issues },
    );
  }
  const cl = parsed.checklist;
  const versions = (db.prepare('SELECT version FROM checklists WHERE id = ?').all(cl.id) as { version: string }[]).map((r) => r.version);
  if (versions.some((v) => compareVersions(v, cl.version) === 0)) {
    throw new AppError('CONFLICT', `Checklist "${cl.id}" version ${cl.version} is already loaded. Give the new file a higher version.`, {
      issues: [{ path: 'yaml', message: `Version ${cl.version} is already loaded; raise the version.` }],
    });
  }
  const newest = versions.sort(compareVersions).at(-1);
  if (newest && compareVersions(cl.version, newest) < 0) {
    throw new AppError('CONFLICT', `Version ${cl.version} is older than the loaded version ${newest} of "${cl.id}".`, {
      issues: [{ path: 'yaml', message: `Version ${cl.version} is older than the loaded ${newest}.` }],
    });
  }
  db.transaction(() => {
    db.prepare(
      `INSERT INTO checklists (id, version, title, source, yaml, body, loaded_by, loaded_at) VALUES (?, ?, ?, 'user', ?, ?, ?, ?)`,
    ).run(cl.id, cl.version, cl.title, yaml, JSON.stringify(Checklist.parse(cl)), loadedBy, now.toISOString());
    if (activate) setActive(tx, cl.id, cl.version);
  })();
  return getChecklist(db, cl.id, cl.version).summary;
}

export function setActive(tx: WriteTx, id: string, version: string): void {
  const { db } = tx;
  getChecklist(db, id, version);
  db.prepare('INSERT OR REPLACE INTO scoring_settings (key, value) VALUES (?, ?)').run(ACTIVE, JSON.stringify({ id, version }));
}
