import { createGunzip } from 'node:zlib';
import { AppError } from '../../../core/common/errors';
import {
  createParser,
  detectActivityFormat,
  type ActivityEvent,
  type ActivityFormat,
  type Framing,
  type ParseContext,
  type ParsedBatch,
  type ParseIssue,
} from '../../../core/activity/index';
import { openRegularFile } from './file-guard';
import { JsonArraySplitter } from './json-array-splitter';
import { LineSplitter } from './line-splitter';

export type ReadProgress = { file: string; bytesRead: number; totalBytes: number };

export type ReadOptions = {
  context: ParseContext;
  /** Skip detection: the user said which format the file is. */
  format?: ActivityFormat;
  /** Receives events as they are parsed; without it they are collected into the result. */
  onEvents?: (events: ActivityEvent[]) => void;
  onProgress?: (progress: ReadProgress) => void;
  signal?: AbortSignal;
  /** Bytes read from disk, counted as they arrive (the size on disk is not trusted). */
  maxFileBytes?: number;
  /** Bytes a .gz may inflate to: the gz-bomb bound. */
  maxInflatedBytes?: number;
  /** The longest line or array element read; a longer one is reported and skipped. */
  maxRecordChars?: number;
  /** Issues kept per file; the rest are counted. */
  maxIssues?: number;
};

export type FileReadResult = {
  path: string;
  realPath: string;
  format: ActivityFormat;
  why: string;
  bytesRead: number;
  eventCount: number;
  issues: ParseIssue[];
  issuesDropped: number;
  events: ActivityEvent[];
};

export const READ_DEFAULTS = {
  maxFileBytes: 4 * 1024 ** 3,
  maxInflatedBytes: 4 * 1024 ** 3,
  maxRecordChars: 4 * 1024 ** 2,
  maxIssues: 1000,
};
const DETECT_CHARS = 16 * 1024;
const GZIP_MAGIC = [0x1f, 0x8b];

const cancelled = (file: string): AppError => new AppError('REFUSED', `Reading ${file} was cancelled`, { details: { path: file } });

/** Streams one activity log file through its parser. Never holds the whole file: memory is bounded by one chunk and one record. */
export async function readActivityFile(path: string, options: ReadOptions): Promise<FileReadResult> {
  const opts = { ...READ_DEFAULTS, ...options };
  const { handle, realPath, size } = await openRegularFile(path);
  const magic = Buffer.alloc(2);
  const { bytesRead: magicBytes } = await handle.read(magic, 0, 2, 0);
  const gz = magicBytes === 2 && magic[0] === GZIP_MAGIC[0] && magic[1] === GZIP_MAGIC[1];
  const stream = handle.createReadStream({ start: 0, highWaterMark: 1024 * 1024, autoClose: false });
  const gunzip = gz ? createGunzip() : null;
  const abort = (): void => {
    stream.destroy(cancelled(realPath));
    gunzip?.destroy(cancelled(realPath));
  };
  opts.signal?.addEventListener('abort', abort, { once: true });
  let bytesRead = 0;
  let inflated = 0;
  const result: FileReadResult = {
    path,
    realPath,
    format: 'cloudtrail',
    why: '',
    bytesRead: 0,
    eventCount: 0,
    issues: [],
    issuesDropped: 0,
    events: [],
  };
  const take = (batch: ParsedBatch): void => {
    result.eventCount += batch.events.length;
    if (batch.events.length > 0) {
      if (opts.onEvents) opts.onEvents(batch.events);
      else for (const e of batch.events) result.events.push(e);
    }
    for (const issue of batch.issues) {
      if (result.issues.length < opts.maxIssues) result.issues.push(issue);
      else result.issuesDropped++;
    }
  };
  /** Counts bytes off the disk as they arrive; returns the error to stop with, if past the bound. */
  const countRaw = (n: number): AppError | null => {
    bytesRead += n;
    opts.onProgress?.({ file: realPath, bytesRead, totalBytes: size });
    return bytesRead > opts.maxFileBytes
      ? new AppError('REFUSED', `${realPath} is larger than ${opts.maxFileBytes} bytes`, { details: { path: realPath } })
      : null;
  };
  try {
    let source: AsyncIterable<Buffer> = stream;
    if (gunzip) {
      stream.on('data', (chunk: string | Buffer) => {
        const tooBig = countRaw(chunk.length);
        if (tooBig) gunzip.destroy(tooBig);
      });
      stream.on('error', (e) => gunzip.destroy(e));
      source = stream.pipe(gunzip);
    }
    const decoder = new TextDecoder('utf-8');
    let head = '';
    const start = (text: string): Wired => {
      const sniffed = detectActivityFormat(realPath, text);
      // a format the user chose keeps the framing the content shows (a GitHub export may be an array or lines)
      const detected = opts.format
        ? { format: opts.format, framing: sniffed.format === opts.format ? sniffed.framing : null, why: 'format chosen by the user' }
        : sniffed;
      if (detected.format === null) throw new AppError('REFUSED', detected.why, { details: { path: realPath } });
      result.format = detected.format;
      result.why = detected.why;
      return wire(
        realPath,
        detected.framing ?? framingOf(detected.format),
        createParser(detected.format, opts.context),
        opts.maxRecordChars,
        take,
      );
    };
    let wired: Wired | null = null;
    for await (const chunk of source) {
      if (opts.signal?.aborted) throw cancelled(realPath);
      if (gunzip === null) {
        const tooBig = countRaw(chunk.length);
        if (tooBig) throw tooBig;
      } else if ((inflated += chunk.length) > opts.maxInflatedBytes)
        throw new AppError('REFUSED', `${realPath} inflates past ${opts.maxInflatedBytes} bytes; stopped (a compression bomb?)`, {
          details: { path: realPath },
        });
      const text = decoder.decode(chunk, { stream: true });
      if (wired !== null) {
        wired.feed(text);
        continue;
      }
      // the format is detected on the first few KB, so a parser is chosen before any record is cut
      head += text;
      if (head.length < DETECT_CHARS) continue;
      wired = start(head);
      wired.feed(head);
      head = '';
    }
    if (opts.signal?.aborted) throw cancelled(realPath);
    const tail = decoder.decode();
    if (wired === null) {
      wired = start(head + tail);
      wired.feed(head + tail);
    } else if (tail !== '') wired.feed(tail);
    wired.end();
    result.bytesRead = bytesRead;
    return result;
  } catch (error) {
    if (opts.signal?.aborted) throw cancelled(realPath);
    if (error instanceof AppError) throw error;
    throw new AppError(
      'REFUSED',
      `${realPath} could not be read: ${error instanceof Error && 'code' in error ? String(error.code) : 'unreadable data'}`,
      { details: { path: realPath } },
    );
  } finally {
    opts.signal?.removeEventListener('abort', abort);
    gunzip?.destroy();
    stream.destroy();
    await handle.close().catch(() => undefined);
  }
}

type Wired = { feed: (text: string) => void; end: () => void };

const framingOf = (format: ActivityFormat): Framing =>
  format === 'cloudtrail'
    ? { kind: 'array', key: 'Records' }
    : format === 'cloudtrail-lookup'
      ? { kind: 'array', key: 'Events' }
      : { kind: 'lines' };

/** Connects a framing (lines or array elements) to a parser, with source positions and size bounds. */
function wire(
  file: string,
  framing: Framing,
  parser: ReturnType<typeof createParser>,
  maxChars: number,
  take: (b: ParsedBatch) => void,
): Wired {
  const tooLong = (line: number, chars: number, record?: number): void =>
    take({
      events: [],
      issues: [
        {
          file,
          line,
          ...(record === undefined ? {} : { record }),
          message: `record of ${chars} characters is longer than ${maxChars}; skipped`,
        },
      ],
    });
  if (framing.kind === 'lines') {
    const lines = new LineSplitter(
      maxChars,
      (text, line) => take(parser.record(text, { file, line })),
      (line, chars) => tooLong(line, chars),
    );
    return { feed: (t) => lines.push(t), end: () => (lines.end(), take(parser.finish())) };
  }
  const splitter = new JsonArraySplitter(
    framing.key,
    maxChars,
    (text, line, record) => take(parser.record(text, { file, line, record })),
    (line, record, chars) => tooLong(line, chars, record),
  );
  return {
    feed: (t) => splitter.push(t),
    end: () => {
      if (!splitter.foundArray)
        take({
          events: [],
          issues: [{ file, line: 1, message: `no ${framing.key === null ? 'top-level' : `"${framing.key}"`} array found` }],
        });
      take(parser.finish());
    },
  };
}
