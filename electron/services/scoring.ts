import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { AppError, fieldError, type FieldIssue } from '../../core/common/errors';
import { EVIDENCE_MAX_BYTES, type scoringChannels } from '../../core/scoring/contract';
import { isoDay } from '../../core/scoring/dates';
import type { AgentScore } from '../../core/scoring/types';
import { newId } from '../store/ids';
import { samePerson } from '../../core/approvals/model';
import type { StoredAnswer } from '../../core/scoring/carry-over';
import { readAnswersFor } from '../store/scoring/control-hashes';
import {
  clearAnswer,
  deleteAcceptedRisk,
  evidenceFileRow,
  insertEvidence,
  readAcceptedRisks,
  readEvidence,
  removeEvidence,
  upsertAcceptedRisk,
  writeAnswers,
} from '../store/scoring/answers';
import { activeChecklist, ensureChecklist, getChecklist, listChecklists, loadChecklist, setActive } from '../store/scoring/checklists';
import type { OpenWorkspace } from '../store/workspaces';
import { mutate, type ServiceContext } from './context';
import type { Handlers } from './handler-types';
import { agentExists } from '../store/inventory/queries';
import { computeWorkspaceScores } from './scoring-queries';
import { logEvidenceFor } from './activity/log-evidence';
import { assessmentHandlers } from './assessments';
import { retainOrDiscard } from '../store/backup/retention';
import { backupsOf } from './backup';

type Ch = typeof scoringChannels;

/** The active checklist, refusing a request made against another (stale) version. */
function requireActive(ws: OpenWorkspace, now: Date, checklistId: string, version: string) {
  ensureChecklist(ws.db, now);
  const active = activeChecklist(ws.db);
  if (active.checklist.id !== checklistId || active.checklist.version !== version) {
    throw new AppError(
      'CONFLICT',
      `The checklist in use is now "${active.checklist.title}" version ${active.checklist.version}, not ${checklistId} ${version}. Reload the screen and answer again; nothing was saved.`,
      {
        issues: [
          { path: 'checklistVersion', message: `Stale checklist version ${version}; the workspace uses ${active.checklist.version}.` },
        ],
      },
    );
  }
  return active.checklist;
}

function requireAgent(ws: OpenWorkspace, agentId: string): void {
  if (!agentExists(ws.db, agentId)) throw new AppError('NOT_FOUND', 'This agent no longer exists.');
}

/**
 * Score one agent. Some rules look across agents, so this is the agent's line of the workspace's
 * scores: cached per data version, and only this agent's detail is built (opening an agent page
 * at 10k agents no longer reads the whole inventory each time).
 */
export function scoreOneAgent(ctx: ServiceContext, ws: OpenWorkspace, agentId: string): AgentScore {
  const score = computeWorkspaceScores(ws, ctx.now()).agents.find((a) => a.agentId === agentId);
  if (!score) throw new AppError('NOT_FOUND', 'This agent no longer exists.');
  return score;
}

const answerView = (a: StoredAnswer) => ({
  controlId: a.controlId,
  value: a.value,
  naReason: a.naReason,
  note: a.note,
  answeredBy: a.answeredBy,
  answeredAt: a.answeredAt,
  checklistVersion: a.checklistVersion,
});

const safeName = (name: string): string =>
  name
    .replace(/[^A-Za-z0-9._-]+/g, '_')
    .replace(/^[._]+/, '')
    .slice(0, 80) || 'evidence';

export const scoringHandlers: Handlers<Ch> = {
  'checklist:list': (ctx, input) => {
    const ws = ctx.workspace(input.workspaceId);
    ensureChecklist(ws.db, ctx.now());
    return listChecklists(ws.db);
  },
  'checklist:get': (ctx, input) => {
    const ws = ctx.workspace(input.workspaceId);
    ensureChecklist(ws.db, ctx.now());
    return input.checklistId && input.version ? getChecklist(ws.db, input.checklistId, input.version) : activeChecklist(ws.db);
  },
  'checklist:load': (ctx, input) => {
    const ws = ctx.workspace(input.workspaceId);
    ensureChecklist(ws.db, ctx.now());
    return mutate(ctx, ws.id, 'checklist:load', (tx) => loadChecklist(tx, input.yaml, input.loadedBy, input.activate, tx.now));
  },
  'checklist:activate': (ctx, input) => {
    const ws = ctx.workspace(input.workspaceId);
    ensureChecklist(ws.db, ctx.now());
    return mutate(ctx, ws.id, 'checklist:activate', (tx) => {
      setActive(tx, input.checklistId, input.version);
      return getChecklist(tx.db, input.checklistId, input.version).summary;
    });
  },

  'answer:set': (ctx, input) => {
    const ws = ctx.workspace(input.workspaceId);
    requireAgent(ws, input.agentId);
    const checklist = requireActive(ws, ctx.now(), input.checklistId, input.checklistVersion);
    const known = new Set(checklist.controls.map((c) => c.id));
    const issues: FieldIssue[] = [];
    const seen = new Set<string>();
    input.answers.forEach((a, i) => {
      if (!known.has(a.controlId))
        issues.push({
          path: `answers.${i}.controlId`,
          message: `Unknown control "${a.controlId}" in ${checklist.title} ${checklist.version}`,
        });
      else if (seen.has(a.controlId)) issues.push({ path: `answers.${i}.controlId`, message: `Control ${a.controlId} is answered twice` });
      seen.add(a.controlId);
    });
    if (issues.length > 0) throw new AppError('VALIDATION', `${issues[0]!.message}. Nothing was saved.`, { issues });
    mutate(ctx, ws.id, 'answer:set', (tx) =>
      // The attester is the acting user (issue 11), whatever name a form carried.
      writeAnswers(tx, input.agentId, checklist, tx.actor.name, tx.now.toISOString(), input.answers),
    );
    return scoreOneAgent(ctx, ws, input.agentId);
  },
  'answer:clear': (ctx, input) => {
    const ws = ctx.workspace(input.workspaceId);
    requireAgent(ws, input.agentId);
    mutate(ctx, ws.id, 'answer:clear', (tx) => clearAnswer(tx, input.agentId, input.controlId));
    return scoreOneAgent(ctx, ws, input.agentId);
  },

  'evidence:add': (ctx, input) => {
    const ws = ctx.workspace(input.workspaceId);
    requireAgent(ws, input.agentId);
    const checklist = requireActive(ws, ctx.now(), input.checklistId, input.checklistVersion);
    if (!checklist.controls.some((c) => c.id === input.controlId)) throw fieldError('controlId', `Unknown control "${input.controlId}".`);
    const e = input.evidence;
    if (e.evidenceDate > isoDay(ctx.now())) throw fieldError('evidence.evidenceDate', 'The evidence date cannot be in the future');
    const id = newId();
    let stored: { name: string; size: number; sha256: string } | null = null;
    if (e.kind === 'file') {
      if (!/^[A-Za-z0-9+/]*={0,2}$/.test(e.fileBase64)) throw fieldError('evidence.fileName', 'The file could not be read (bad encoding)');
      const bytes = Buffer.from(e.fileBase64, 'base64');
      if (bytes.length === 0) throw fieldError('evidence.fileName', 'The file is empty');
      if (bytes.length > EVIDENCE_MAX_BYTES) throw fieldError('evidence.fileName', `Files up to ${EVIDENCE_MAX_BYTES / 1024 / 1024} MB`);
      const folder = join(ws.dir, 'evidence');
      mkdirSync(folder, { recursive: true });
      const name = `${id}-${safeName(e.fileName)}`;
      writeFileSync(join(folder, name), bytes, { flag: 'wx' });
      stored = { name, size: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') };
    }
    try {
      const row = {
        id,
        agentId: input.agentId,
        controlId: input.controlId,
        kind: e.kind,
        label: e.kind === 'file' ? e.label || e.fileName : e.kind === 'link' ? e.label || e.url : e.label,
        url: e.kind === 'link' ? e.url : null,
        fileName: stored ? e.fileName : null,
        fileSize: stored?.size ?? null,
        storedName: stored?.name ?? null,
        sha256: stored?.sha256 ?? null,
        evidenceDate: e.evidenceDate,
        recordedBy: e.recordedBy,
      };
      return mutate(ctx, ws.id, 'evidence:add', (tx) => insertEvidence(tx, row, tx.now.toISOString()));
    } catch (err) {
      if (stored) unlinkSync(join(ws.dir, 'evidence', stored.name));
      throw err;
    }
  },
  'evidence:file': (ctx, input) => {
    const ws = ctx.workspace(input.workspaceId);
    const row = evidenceFileRow(ws.db, input.id);
    if (row === undefined) throw new AppError('NOT_FOUND', 'This evidence no longer exists.');
    if (row === null) throw new AppError('REFUSED', 'This evidence is a note or a link, not a file.');
    const path = join(ws.dir, 'evidence', row.storedName);
    if (!existsSync(path)) throw new AppError('NOT_FOUND', `The evidence file is missing from the workspace folder (${row.storedName}).`);
    const bytes = readFileSync(path);
    const intact = createHash('sha256').update(bytes).digest('hex') === row.sha256;
    return { fileName: row.fileName, base64: bytes.toString('base64'), size: bytes.length, intact };
  },
  'evidence:remove': (ctx, input) => {
    const ws = ctx.workspace(input.workspaceId);
    const file = evidenceFileRow(ws.db, input.id);
    if (!mutate(ctx, ws.id, 'evidence:remove', (tx) => removeEvidence(tx, input.id)))
      throw new AppError('NOT_FOUND', 'This evidence was already removed.');
    // The file is kept (retained/) while a backup, a finalised assessment or the change history references it, else deleted.
    if (file) retainOrDiscard(ws, backupsOf(ctx, ws.id), file.storedName);
    return { removed: true as const };
  },

  'risk:accept': (ctx, input) => {
    const ws = ctx.workspace(input.workspaceId);
    const today = isoDay(ctx.now());
    if (input.expiresOn <= today) throw fieldError('expiresOn', 'Choose a date after today: an accepted risk must expire');
    const limit = isoDay(new Date(ctx.now().getTime() + 366 * 86_400_000));
    if (input.expiresOn > limit) throw fieldError('expiresOn', 'At most one year ahead; review the risk again then');
    if (samePerson({ name: input.approvedBy }, ctx.actor) || samePerson({ name: input.approvedBy }, { name: input.acceptedBy }))
      throw fieldError('approvedBy', 'The approver must be someone other than the person who records the acceptance');
    const score = scoreOneAgent(ctx, ws, input.agentId);
    const finding = score.controls.flatMap((c) => c.findings).find((f) => f.key === input.findingKey);
    if (!finding) throw new AppError('NOT_FOUND', 'This finding is no longer open (the data changed). Reload the agent.');
    const risk = {
      findingKey: finding.key,
      agentId: input.agentId,
      controlId: finding.controlId,
      message: finding.message,
      owner: input.owner,
      reason: input.reason,
      expiresOn: input.expiresOn,
      acceptedBy: input.acceptedBy,
      approvedBy: input.approvedBy,
      acceptedAt: ctx.now().toISOString(),
    };
    mutate(ctx, ws.id, 'risk:accept', (tx) => upsertAcceptedRisk(tx, risk));
    return risk;
  },
  'risk:revoke': (ctx, input) => {
    const ws = ctx.workspace(input.workspaceId);
    if (!mutate(ctx, ws.id, 'risk:revoke', (tx) => deleteAcceptedRisk(tx, input.findingKey)))
      throw new AppError('NOT_FOUND', 'This risk acceptance was already withdrawn.');
    return { revoked: true as const };
  },

  'score:agent': (ctx, input) => {
    const ws = ctx.workspace(input.workspaceId);
    const score = scoreOneAgent(ctx, ws, input.agentId);
    const checklist = activeChecklist(ws.db).checklist;
    const { inForce, reattest } = readAnswersFor(ws.db, checklist, input.agentId);
    return {
      checklist,
      score,
      answers: inForce.map(answerView),
      reattest: reattest.map((r) => ({ ...answerView(r.previous), reason: r.reason })),
      evidence: [...readEvidence(ws.db, input.agentId), ...logEvidenceFor(ws.db, input.agentId)],
      acceptedRisks: readAcceptedRisks(ws.db, input.agentId),
    };
  },
  ...assessmentHandlers,
};
