import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Channel, Request, Response } from '../../core/contract/index';
import type { SerializedError } from '../../core/common/errors';
import { createServiceContext, type ContextOptions, type ServiceContext } from '../../electron/services/context';
import { dispatch } from '../../electron/services/dispatch';

export type Harness = {
  ctx: ServiceContext;
  dataDir: string;
  /** Calls a channel through the real dispatcher (validation included); throws CallError on failure. */
  call: <K extends Channel>(channel: K, input: Request<K>) => Promise<Response<K>>;
  /** Like call, but returns the error instead of throwing (for bad-input tests). */
  fail: (channel: string, input: unknown) => Promise<SerializedError>;
  /** Closes every connection and opens a new context on the same folder (an app restart). */
  restart: () => Harness;
  close: () => void;
};

export class CallError extends Error {
  constructor(readonly error: SerializedError) {
    super(`${error.code}: ${error.message}`);
  }
}

type HarnessOptions = { dataDir?: string } & Pick<ContextOptions, 'now' | 'monotonicMs' | 'actor' | 'pdf' | 'saveDialog' | 'liveFireDist'>;

export function makeHarness(opts: HarnessOptions = {}): Harness {
  const dataDir = opts.dataDir ?? mkdtempSync(join(tmpdir(), 'ar-test-'));
  const ctx = createServiceContext({
    dataDir,
    mode: 'cli',
    ...(opts.now ? { now: opts.now } : {}),
    ...(opts.monotonicMs ? { monotonicMs: opts.monotonicMs } : {}),
    ...(opts.actor ? { actor: opts.actor } : {}),
    ...(opts.pdf ? { pdf: opts.pdf } : {}),
    ...(opts.saveDialog ? { saveDialog: opts.saveDialog } : {}),
    ...(opts.liveFireDist ? { liveFireDist: opts.liveFireDist } : {}),
  });
  const harness: Harness = {
    ctx,
    dataDir,
    call: async (channel, input) => {
      const r = await dispatch(ctx, channel, input);
      if (!r.ok) throw new CallError(r.error);
      return r.value as never;
    },
    fail: async (channel, input) => {
      const r = await dispatch(ctx, channel, input);
      if (r.ok) throw new Error(`Expected ${channel} to fail, but it succeeded`);
      return r.error;
    },
    restart: () => {
      ctx.close();
      return makeHarness({ ...opts, dataDir });
    },
    close: () => {
      ctx.close();
    },
  };
  return harness;
}

/** Removes a temporary data folder (call in afterEach/afterAll). */
export const removeDir = (dir: string): void => rmSync(dir, { recursive: true, force: true });

/** A harness with one workspace created (optionally from the example organisation). */
export async function withWorkspace(example = false, opts: Parameters<typeof makeHarness>[0] = {}) {
  const h = makeHarness(opts);
  const ws = await h.call('workspace:create', { name: example ? 'Example' : 'Test workspace', example });
  return { h, workspaceId: ws.id, ws };
}

/** Every event of a drill, page by page (one page holds at most 20,000; crash runs write more). */
export async function allDrillEvents(h: Harness, workspaceId: string, drillId: string) {
  const events: Response<'drills:events'>['events'] = [];
  for (let afterSeq = 0; ;) {
    const page = await h.call('drills:events', { workspaceId, drillId, afterSeq, limit: 20000 });
    events.push(...page.events);
    if (page.events.length < 20000) return events;
    afterSeq = page.events.at(-1)!.seq;
  }
}
