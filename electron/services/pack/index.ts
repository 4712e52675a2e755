import { AppError } from '../../../core/common/errors';
import type { packChannels } from '../../../core/pack/contract';
import type { ServiceContext } from '../context';
import type { Handlers } from '../handler-types';
import { buildPack } from './build';
import { signingKeyFor } from './keys';
import { verifyPack } from './verify';

/** Channels that take a file-system path are for the CLI only: the renderer must never name a path. */
function cliOnly(ctx: ServiceContext, what: string): void {
  if (ctx.mode !== 'cli') throw new AppError('REFUSED', `${what} takes a folder path and is only available from the command line.`);
}

export const signingKeyOf = (ctx: ServiceContext, workspaceId: string) => {
  ctx.workspaces.fileFor(workspaceId);
  return signingKeyFor(ctx.workspaces.dataDir, workspaceId);
};

export const packHandlers: Handlers<typeof packChannels> = {
  'pack:key': (ctx, { workspaceId }) => {
    const key = signingKeyOf(ctx, workspaceId);
    return { algorithm: 'Ed25519' as const, fingerprint: key.fingerprint, publicKeyPem: key.publicKeyPem };
  },
  'pack:build': async (ctx, { workspaceId, assessmentId, outDir }) => {
    cliOnly(ctx, 'Building a pack into a folder');
    const ws = ctx.workspace(workspaceId);
    const key = signingKeyOf(ctx, ws.id);
    const built = await buildPack(ws, key, ctx.now(), assessmentId, outDir);
    return {
      dir: built.dir,
      files: built.manifest.files.length + 2,
      bytes: built.bytes,
      identity: built.manifest.identity.sha256,
      fingerprint: key.fingerprint,
      evidenceProblems: built.manifest.evidenceProblems.map((p) => `${p.fileName}: ${p.problem}`),
    };
  },
  'pack:verify': (ctx, { dir, expectFingerprint }) => {
    cliOnly(ctx, 'Verifying a pack folder');
    return verifyPack(dir, expectFingerprint);
  },
};
