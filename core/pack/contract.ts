import { z } from 'zod';
import { Id, WorkspaceScoped } from '../common/schemas';
import { defineChannels } from '../contract/channel';
import { FileOut } from '../transfer/contract';
import { PACK_PROBLEMS } from './manifest';

export const SigningKeyInfo = z.object({ algorithm: z.literal('Ed25519'), fingerprint: z.string(), publicKeyPem: z.string() });

export const PackResult = z.object({
  dir: z.string(),
  files: z.number().int(),
  bytes: z.number().int(),
  identity: z.string(),
  fingerprint: z.string(),
  evidenceProblems: z.array(z.string()),
});

const FolderPath = z.string().trim().min(1, 'Required').max(4096, 'At most 4096 characters');

export const packChannels = defineChannels({
  /** The workspace's signing key (created on first use): its public half and fingerprint, shown in Reports. */
  'pack:key': { request: WorkspaceScoped, response: SigningKeyInfo },
  /** Builds a signed evidence pack into a new folder given by path. CLI only: the renderer never names paths. */
  'pack:build': {
    request: WorkspaceScoped.extend({ assessmentId: Id.nullable().default(null), outDir: FolderPath }),
    response: PackResult,
  },
  /** Desktop: the save dialog names the new folder the pack is built in; null when cancelled. */
  'pack:save': { request: WorkspaceScoped.extend({ assessmentId: Id.nullable().default(null) }), response: PackResult.nullable() },
  /** Browser mode (no folder can be chosen): the pack as one ZIP file to download; unzipped it verifies like a built one. */
  'pack:download': { request: WorkspaceScoped.extend({ assessmentId: Id.nullable().default(null) }), response: FileOut },
  /** Checks a pack folder: every hash and the signature. CLI only. */
  'pack:verify': {
    request: z.object({ dir: FolderPath, expectFingerprint: z.string().max(200).optional() }),
    response: z.object({
      ok: z.boolean(),
      files: z.number().int(),
      fingerprint: z.string().nullable(),
      problems: z.array(z.object({ path: z.string(), problem: z.enum(PACK_PROBLEMS), detail: z.string() })),
    }),
  },
});
