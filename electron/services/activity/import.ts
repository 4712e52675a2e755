/**
 * activity import: hash each file, stream it through its parser, analyse every batch against the
 * inventory and write it in its own transaction. Never holds a whole file or all its events: memory is
 * one chunk, one record and one batch.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { analyseActivity, type ActivityEvent, type ActivityFormat, type AnalysedEvent } from '../../../core/activity/index';
import type { ActivityImportResult, ActivityProgress } from '../../../core/activity/contract';
import { AppError } from '../../../core/common/errors';
import { listSources, sourceByHash } from '../../store/activity/queries';
import { addSourceAgentCounts } from '../../store/activity/approvals';
import { deleteSource, fingerprintKey, finishSource, insertEvents, insertSource, type ReasonIds } from '../../store/activity/write';
import { readInventory } from '../../store/inventory/snapshot';
import { mutate, type ServiceContext } from '../context';
import { makeFingerprinter, newFingerprintKey } from '../discovery-fingerprint';
import { readActivityFile } from './read-stream';
import { walk, type SkippedFile } from './read-path';

/** Events per transaction: large enough that commits are rare, small enough that a batch is a few MB. */
export const IMPORT_BATCH = 10_000;
const MAX_REPORTED_ISSUES = 200;

/**
 * The keyed hash, remembered for the values already seen: a log repeats a handful of access keys a
 * million times, and attribution hashes every grant's credential for every event. Bounded; lives for one
 * import only, so no secret outlives it.
 */
function memoised(fp: (value: string) => string, max = 10_000): (value: string) => string {
  const seen = new Map<string, string>();
  return (value) => {
    let out = seen.get(value);
    if (out === undefined) {
      if (seen.size >= max) seen.clear();
      out = fp(value);
      seen.set(value, out);
    }
    return out;
  };
}

type AgentCount = { events: number; first: string | null; last: string | null };

/** Adds one batch to the per-agent counts (how many events, first and last time: the file's LOG evidence for that agent). */
function addAgentCounts(out: Map<string, AgentCount>, analysed: readonly AnalysedEvent[]): void {
  for (const a of analysed) {
    const id = a.attribution.agentId;
    if (id === null) continue;
    let c = out.get(id);
    if (!c) out.set(id, (c = { events: 0, first: null, last: null }));
    c.events++;
    const t = a.event.time;
    if (t !== null) {
      if (c.first === null || t < c.first) c.first = t;
      if (c.last === null || t > c.last) c.last = t;
    }
  }
}

/** Batches between writes of the per-agent counts: each write is a history entry per agent, so not every batch. */
const COUNTS_EVERY = 10;

export type ImportInput = { path: string; displayPath?: string; format?: ActivityFormat; agentName?: string };

async function sha256Of(path: string, signal: AbortSignal): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path, { highWaterMark: 1024 * 1024, signal }) as AsyncIterable<Buffer>) hash.update(chunk);
  return hash.digest('hex');
}

/** Position-based ids begin with the file's path; the key uses the source row instead, so a moved file is still one source. */
const dedupeKeyFor =
  (sourceId: string) =>
  (a: AnalysedEvent): string =>
    a.event.correlation !== null
      ? `c:${a.event.correlation}`
      : a.event.id.startsWith(a.event.source.file)
        ? `p:${sourceId}${a.event.id.slice(a.event.source.file.length)}`
        : `i:${a.event.id}`;

export async function importActivity(
  ctx: ServiceContext,
  workspaceId: string,
  channel: string,
  inputs: readonly ImportInput[],
  progress: ActivityProgress,
  signal: AbortSignal,
): Promise<ActivityImportResult> {
  const db = ctx.workspace(workspaceId).db;
  const inventory = readInventory(db);
  const fingerprint = memoised(makeFingerprinter(mutate(ctx, workspaceId, channel, (tx) => fingerprintKey(tx, newFingerprintKey))));
  const skipped: SkippedFile[] = [];
  const files: { path: string; display: string; size: number; input: ImportInput }[] = [];
  for (const input of inputs) {
    const s = await stat(input.path).catch(() => null);
    if (s === null)
      throw new AppError('NOT_FOUND', `${input.displayPath ?? input.path} does not exist or cannot be read`, {
        details: { path: input.displayPath ?? input.path },
      });
    if (s.isDirectory())
      for (const f of await walk(input.path, skipped)) files.push({ path: f.path, display: f.path, size: f.size, input });
    else files.push({ path: input.path, display: input.displayPath ?? input.path, size: s.size, input });
  }
  Object.assign(progress, { totalBytes: files.reduce((n, f) => n + f.size, 0), filesTotal: files.length, filesDone: 0, bytesRead: 0 });
  const result: ActivityImportResult = { sources: [], skipped, events: 0, issues: [], issueCount: 0 };
  const created = new Set<string>();
  let doneBytes = 0;
  for (const file of files) {
    if (signal.aborted) throw new AppError('REFUSED', 'The import was cancelled', { details: { path: file.display } });
    progress.file = file.display;
    const sha256 = await sha256Of(file.path, signal).catch((e: unknown) => {
      if (signal.aborted) throw new AppError('REFUSED', 'The import was cancelled', { details: { path: file.display } });
      throw e;
    });
    const known = sourceByHash(db, sha256);
    if (known !== null) {
      skipped.push({ path: file.display, reason: `already imported (same SHA-256) on ${known.importedAt} as ${known.path}` });
      doneBytes += file.size;
      progress.filesDone++;
      continue;
    }
    const sourceId = mutate(ctx, workspaceId, channel, (tx) =>
      insertSource(tx, {
        path: file.display,
        realPath: file.path,
        format: file.input.format ?? 'pending',
        sha256,
        bytes: file.size,
        eventCount: 0,
        issueCount: 0,
        periodFrom: null,
        periodUntil: null,
      }),
    );
    created.add(sourceId);
    const key = dedupeKeyFor(sourceId);
    let written = 0;
    let periodFrom: string | null = null;
    let periodUntil: string | null = null;
    let pending: ActivityEvent[] = [];
    const reasons: ReasonIds = new Map();
    const counts = new Map<string, AgentCount>();
    let batches = 0;
    const writeCounts = (): void => {
      if (counts.size === 0) return;
      mutate(ctx, workspaceId, channel, (tx) => addSourceAgentCounts(tx, sourceId, counts));
      counts.clear();
    };
    const flush = (): void => {
      if (pending.length === 0) return;
      const analysed = analyseActivity(pending, inventory, { fingerprint });
      try {
        mutate(ctx, workspaceId, channel, (tx) => insertEvents(tx, sourceId, analysed, key, reasons));
      } catch (error) {
        reasons.clear(); // ids of reasons first written in the rolled-back batch point at nothing now
        throw error;
      }
      addAgentCounts(counts, analysed);
      if (++batches % COUNTS_EVERY === 0) writeCounts();
      progress.events += pending.length;
      written += pending.length;
      pending = [];
    };
    try {
      const read = await readActivityFile(file.path, {
        context: { fingerprint, ...(file.input.agentName ? { sourceAgentName: file.input.agentName } : {}) },
        ...(file.input.format ? { format: file.input.format } : {}),
        signal,
        onEvents: (events) => {
          for (const e of events) {
            pending.push(e);
            if (e.time !== null) {
              if (periodFrom === null || e.time < periodFrom) periodFrom = e.time;
              if (periodUntil === null || e.time > periodUntil) periodUntil = e.time;
            }
          }
          if (pending.length >= IMPORT_BATCH) flush();
        },
        onProgress: (p) => Object.assign(progress, { bytesRead: doneBytes + p.bytesRead }),
      });
      flush();
      writeCounts();
      const issueCount = read.issues.length + read.issuesDropped;
      mutate(ctx, workspaceId, channel, (tx) =>
        finishSource(tx, sourceId, {
          format: read.format,
          bytes: read.bytesRead,
          eventCount: read.eventCount,
          issueCount,
          periodFrom,
          periodUntil,
        }),
      );
      result.events += read.eventCount;
      result.issueCount += issueCount;
      for (const issue of read.issues) if (result.issues.length < MAX_REPORTED_ISSUES) result.issues.push({ ...issue, file: file.display });
    } catch (error) {
      if (signal.aborted) {
        flush();
        writeCounts();
        mutate(ctx, workspaceId, channel, (tx) =>
          finishSource(tx, sourceId, {
            format: file.input.format ?? 'partial',
            bytes: file.size,
            eventCount: written,
            issueCount: 0,
            periodFrom,
            periodUntil,
          }),
        );
        throw new AppError('REFUSED', `The import was cancelled at ${file.display}; the events read so far are kept`, {
          details: { path: file.display },
        });
      }
      // not an activity log, or a bound broken: nothing of it is kept
      mutate(ctx, workspaceId, channel, (tx) => deleteSource(tx, sourceId));
      created.delete(sourceId);
      skipped.push({ path: file.display, reason: error instanceof Error ? error.message : 'unreadable' });
    }
    doneBytes += file.size;
    progress.filesDone++;
  }
  result.sources = listSources(db).filter((s) => created.has(s.id));
  return result;
}
