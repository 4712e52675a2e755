import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { AppError } from '../../core/common/errors';
import { ENTITIES, type Entity } from '../../core/transfer/import-fields';
import type { RawRecord } from '../../core/transfer/import-plan';
import { INVENTORY_FORMAT } from '../../core/transfer/import-read';
import { IMPORT_LIMITS } from '../../core/transfer/limits';
import { checkTree, ImportRefused } from '../../core/transfer/safe-parse';
import { streamDocument } from '../../core/transfer/stream-json';
import type { ServiceContext } from './context';

/**
 * The streaming import path (issue 16): a JSON inventory document read from disk entry by entry,
 * for files past the in-memory path's 40 MB. Only the records are kept, never the document's text.
 */
export const STREAM_LIMITS = { maxBytes: 2 * 1024 ** 3, maxRows: 2_500_000 } as const;

/** Paths are the CLI's business: from the renderer or over HTTP the channel is refused. */
export function importPath(ctx: ServiceContext, raw: string): string {
  if (ctx.mode !== 'cli') throw new AppError('REFUSED', 'Importing a file by path is only available from the command line.');
  const file = resolve(raw);
  if (!/\.json$/i.test(file))
    throw new AppError('VALIDATION', 'A file imported by path must be a JSON inventory document (.json).', {
      issues: [{ path: 'path', message: 'Use a .json file' }],
    });
  return file;
}

async function* utf8Chunks(documentPath: string): AsyncGenerator<string> {
  const st = await stat(documentPath).catch(() => null);
  if (!st?.isFile()) throw new ImportRefused('The file does not exist or is not a regular file.');
  if (st.size > STREAM_LIMITS.maxBytes) throw new ImportRefused(`The file is larger than ${STREAM_LIMITS.maxBytes / 1024 ** 3} GB.`);
  const dec = new TextDecoder('utf-8', { fatal: true });
  let bytes = 0;
  try {
    for await (const b of createReadStream(documentPath, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) {
      bytes += b.length;
      if (bytes > STREAM_LIMITS.maxBytes) throw new ImportRefused(`The file is larger than ${STREAM_LIMITS.maxBytes / 1024 ** 3} GB.`);
      yield dec.decode(b, { stream: true });
    }
    yield dec.decode();
  } catch (err) {
    if (err instanceof ImportRefused) throw err;
    if (err instanceof TypeError) throw new ImportRefused('The file is not valid UTF-8.');
    throw err;
  }
}

const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The same records, checks and refusals as recordsFromDocument, read as the file streams. */
export async function recordsFromFile(file: string): Promise<RawRecord[]> {
  const out: RawRecord[] = [];
  try {
    for await (const item of streamDocument(utf8Chunks(file))) {
      const known = (ENTITIES as readonly string[]).includes(item.key);
      if (item.kind === 'scalar' && item.key === 'format') {
        if (item.value === 'agent-readiness-workspace')
          throw new ImportRefused('This is a full workspace export. Use "Import workspace" to open it as a new workspace.');
        if (item.value !== INVENTORY_FORMAT) throw new ImportRefused('Unknown format.', '/format');
        continue;
      }
      if (item.kind === 'scalar' && item.key === 'version') {
        if (item.value !== 1) throw new ImportRefused('Unsupported inventory file version: this app reads version 1.', '/version');
        continue;
      }
      if (!known)
        throw new ImportRefused(
          `Unknown section "${item.key.slice(0, 60)}": use agents, systems, environments, workflows or grants.`,
          `/${item.key.slice(0, 60)}`,
        );
      if (item.kind === 'scalar') {
        if (item.value === null) continue;
        throw new ImportRefused(`"${item.key}" must be a list.`, `/${item.key}`);
      }
      const where = `${item.key}/${item.index}`;
      if (!isPlainObject(item.value))
        throw new ImportRefused(`Each entry of "${item.key}" must be an object (entry ${item.index} is not).`, `/${where}`);
      checkTree(item.value, { ...IMPORT_LIMITS, maxDepth: IMPORT_LIMITS.maxDepth - 2 });
      out.push({ entity: item.key as Entity, where, row: null, values: item.value });
      if (out.length > STREAM_LIMITS.maxRows) throw new ImportRefused(`The file has more than ${STREAM_LIMITS.maxRows} records.`);
    }
  } catch (err) {
    if (err instanceof SyntaxError) throw new ImportRefused(`The file is not valid JSON: ${err.message.slice(0, 200)}`);
    throw err;
  }
  if (out.length === 0) throw new ImportRefused('The file contains no records to import.');
  // The in-memory path orders records by entity (the plan resolves names across sections).
  const order = new Map(ENTITIES.map((e, i) => [e, i]));
  return out.sort((a, b) => order.get(a.entity)! - order.get(b.entity)!);
}
