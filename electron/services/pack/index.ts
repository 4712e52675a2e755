import { AppError } from '../../../core/common/errors';
import type { packChannels } from '../../../core/pack/contract';
import type { ServiceContext } from '../context';
import type { Handlers } from '../handler-types';
import { exportFileName } from '../../../core/transfer/filename';
import { assemblePack, buildPack } from './build';
import { zipStored } from './zip';
import { getAssessmentSummary } from '../../store/scoring/assessments';
import { signingKeyFor } from './keys';
import { verifyPack } from './verify';

/** Channels that take a file-system path are for the CLI only: the renderer must never name a path. */
function cliOnly(ctx: ServiceContext, what: string): void {
  if (ctx.mode !== 'cli') throw new AppError('REFUSED', `${what} takes a folder path and is only available from the command line.`);
}

/** The bridge carries 64 MB of JSON and base64 adds a third. */
const DOWNLOAD_MAX = 40 * 1024 * 1024;

/** "<workspace> evidence pack 2026-06-01" (DRAFT for the current state), safe as a file or folder name. */
export const packName = (workspaceName: string, at: string, draft: boolean): string =>
  `${workspaceName} evidence pack ${at.slice(0, 10)}${draft ? ' DRAFT' : ''}`.replace(/[^A-Za-z0-9 ._-]+/g, '_').slice(0, 100);

/** The workspace's signing key; the workspace must exist (no key is made for a mistyped id). */
export const signingKeyOf = (ctx: ServiceContext, workspaceId: string) =>
  signingKeyFor(ctx.workspaces.dataDir, ctx.workspace(workspaceId).id);

async function buildInto(ctx: ServiceContext, workspaceId: string, assessmentId: string | null, outDir: string) {
  const ws = ctx.workspace(workspaceId);
  const key = signingKeyOf(ctx, ws.id);
  const built = await buildPack(ws, key, ctx.now(), assessmentId, ctx.pdf, outDir);
  return {
    dir: built.dir,
    files: built.manifest.files.length + 2,
    bytes: built.bytes,
    identity: built.manifest.identity.sha256,
    fingerprint: key.fingerprint,
    evidenceProblems: built.manifest.evidenceProblems.map((p) => `${p.fileName}: ${p.problem}`),
  };
}

export const packHandlers: Handlers<typeof packChannels> = {
  'pack:key': (ctx, { workspaceId }) => {
    const key = signingKeyOf(ctx, workspaceId);
    return { algorithm: 'Ed25519' as const, fingerprint: key.fingerprint, publicKeyPem: key.publicKeyPem };
  },
  'pack:build': async (ctx, { workspaceId, assessmentId, outDir }) => {
    cliOnly(ctx, 'Building a pack into a folder');
    return buildInto(ctx, workspaceId, assessmentId, outDir);
  },
  'pack:save': async (ctx, { workspaceId, assessmentId }) => {
    const dialog = ctx.saveDialog;
    if (!dialog) throw new AppError('REFUSED', 'Choosing a folder is only available in the desktop app; download the pack instead.');
    const ws = ctx.workspace(workspaceId);
    const summary = assessmentId ? { at: getAssessmentSummary(ws.db, assessmentId).finalisedAt } : { at: ctx.now().toISOString() };
    const chosen = await dialog(packName(ws.name, summary.at, assessmentId === null));
    if (!chosen) return null;
    return buildInto(ctx, workspaceId, assessmentId, chosen);
  },
  'pack:download': async (ctx, { workspaceId, assessmentId }) => {
    const ws = ctx.workspace(workspaceId);
    const { files, manifest } = await assemblePack(ws, signingKeyOf(ctx, ws.id), ctx.now(), assessmentId, ctx.pdf);
    const total = [...files.values()].reduce((n, b) => n + b.length, 0);
    if (total > DOWNLOAD_MAX)
      throw new AppError(
        'REFUSED',
        `The pack is ${Math.round(total / 1048576)} MB, too large to download here; build it with the desktop app or "agent-readiness pack".`,
      );
    const folder = packName(ws.name, manifest.metadata.generatedAt, assessmentId === null);
    const sorted = [...files.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    const zip = zipStored(sorted.map(([path, bytes]) => ({ path: `${folder}/${path}`, bytes })));
    return { fileName: exportFileName(folder, 'zip', 'evidence-pack'), mime: 'application/zip', contentBase64: zip.toString('base64') };
  },
  'pack:verify': (ctx, { dir, expectFingerprint }) => {
    cliOnly(ctx, 'Verifying a pack folder');
    return verifyPack(dir, expectFingerprint);
  },
};
