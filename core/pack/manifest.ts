import { z } from 'zod';

/**
 * The evidence pack's manifest.json and signature.json, and the pure comparison of a pack's files
 * with its manifest. The manifest lists every file of the pack except itself and signature.json;
 * signature.json holds an Ed25519 signature of manifest.json's exact bytes.
 */
export const PACK_FORMAT = 'agent-readiness-evidence-pack';
export const MANIFEST_FILE = 'manifest.json';
export const SIGNATURE_FILE = 'signature.json';

const PackPath = z
  .string()
  .min(1)
  .max(400)
  .regex(/^(?!.*(^|\/)\.\.?(\/|$))[A-Za-z0-9 ._()+,@&'-]+(\/[A-Za-z0-9 ._()+,@&'-]+)*$/, 'Invalid file path');
const Sha256 = z.string().regex(/^[0-9a-f]{64}$/, 'Invalid sha256');

export const PackEntry = z.object({ path: PackPath, bytes: z.number().int().nonnegative(), sha256: Sha256 });
export type PackEntry = z.infer<typeof PackEntry>;

/** The change history's head: frozen with the assessment, or when a draft pack was made; null for an empty history. */
export const HistoryHead = z.object({ headHash: Sha256, entries: z.number().int().nonnegative() }).nullable();

export const PackManifest = z.object({
  format: z.literal(PACK_FORMAT),
  formatVersion: z.literal(1),
  metadata: z.object({
    workspace: z.object({ id: z.string(), name: z.string() }),
    assessment: z.object({ id: z.string(), title: z.string(), finalisedAt: z.string(), finalisedBy: z.string() }).nullable(),
    /** The time the pack's documents carry: the assessment's finalisation time, or the build time of a draft. */
    generatedAt: z.string(),
    appVersion: z.string(),
    history: HistoryHead,
    signingKey: z.object({ algorithm: z.literal('Ed25519'), fingerprint: z.string() }),
  }),
  /**
   * The reproducible part: SHA-256 over "path sha256\n" of every file not in `excludes` (today none:
   * the PDF and DOCX carry the pack's own time). The same finalised assessment gives the same identity.
   */
  identity: z.object({ sha256: Sha256, excludes: z.array(PackPath), note: z.string() }),
  files: z.array(PackEntry),
  /** Evidence records whose file could not be packed, named (missing, or bytes no longer matching the recorded sha256). */
  evidenceProblems: z.array(z.object({ evidenceId: z.string(), fileName: z.string(), problem: z.enum(['missing', 'changed']) })),
});
export type PackManifest = z.infer<typeof PackManifest>;

export const PackSignature = z.object({
  algorithm: z.literal('Ed25519'),
  signedFile: z.literal(MANIFEST_FILE),
  publicKeyPem: z.string().max(2000),
  keyFingerprint: z.string(),
  signatureBase64: z.string().regex(/^[A-Za-z0-9+/]+={0,2}$/),
});
export type PackSignature = z.infer<typeof PackSignature>;

export const PACK_PROBLEMS = ['changed', 'added', 'removed', 'invalid', 'signature', 'key'] as const;
export type PackProblem = { path: string; problem: (typeof PACK_PROBLEMS)[number]; detail: string };

/** Every difference between the files on disk and the manifest: changed, added or removed, each named. */
export function compareWithManifest(manifest: PackManifest, actual: PackEntry[]): PackProblem[] {
  const problems: PackProblem[] = [];
  const listed = new Map(manifest.files.map((f) => [f.path, f]));
  const seen = new Set<string>();
  for (const a of actual) {
    if (a.path === MANIFEST_FILE || a.path === SIGNATURE_FILE) continue;
    seen.add(a.path);
    const m = listed.get(a.path);
    if (!m) problems.push({ path: a.path, problem: 'added', detail: 'not listed in the manifest' });
    else if (m.sha256 !== a.sha256 || m.bytes !== a.bytes)
      problems.push({ path: a.path, problem: 'changed', detail: `sha256 ${a.sha256.slice(0, 12)}… instead of ${m.sha256.slice(0, 12)}…` });
  }
  for (const m of manifest.files)
    if (!seen.has(m.path)) problems.push({ path: m.path, problem: 'removed', detail: 'listed in the manifest but absent' });
  return problems.sort((x, y) => (x.path < y.path ? -1 : x.path > y.path ? 1 : 0));
}

/** The canonical text the identity hash is taken over. */
export const identityText = (files: PackEntry[], excludes: string[]): string =>
  files
    .filter((f) => !excludes.includes(f.path))
    .map((f) => `${f.path} ${f.sha256}\n`)
    .join('');
