import { constants, promises as fsp, type Stats } from 'node:fs';

/**
 * Every file a door reads for discovery goes through here. Only regular files are read; a FIFO, a
 * device, a socket or a directory is refused by what `lstat`/`fstat` say it is, not by its name. The
 * byte limit is enforced as bytes arrive, because the size a file reports is not the size it has: a
 * FIFO or /dev/zero reports 0 and never ends, and a file can grow while it is read.
 */
export const DISCOVERY_READ_LIMIT = 32 * 1024 * 1024;

export class FileRefused extends Error {
  constructor(
    message: string,
    readonly path: string,
    readonly code: 'NOT_FOUND' | 'NOT_REGULAR' | 'TOO_LARGE' | 'UNREADABLE',
  ) {
    super(message);
    this.name = 'FileRefused';
  }
}

export type BoundedFile = { path: string; realPath: string; viaSymlink: boolean; bytes: Buffer };

export function kindOf(st: Stats): string {
  if (st.isFile()) return 'a regular file';
  if (st.isDirectory()) return 'a folder';
  if (st.isFIFO()) return 'a named pipe (FIFO)';
  if (st.isSocket()) return 'a socket';
  if (st.isCharacterDevice()) return 'a character device';
  if (st.isBlockDevice()) return 'a block device';
  if (st.isSymbolicLink()) return 'a symbolic link';
  return 'not a regular file';
}

/** Resolves symlinks and refuses anything that is not a regular file, naming what it is. */
export async function resolveRegularFile(path: string): Promise<{ realPath: string; viaSymlink: boolean; size: number }> {
  let realPath: string;
  let link: Stats;
  try {
    link = await fsp.lstat(path);
    realPath = await fsp.realpath(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new FileRefused(`${path}: no such file (or a symbolic link whose target is missing).`, path, 'NOT_FOUND');
    throw new FileRefused(`${path}: cannot be opened (${code ?? 'error'}).`, path, 'UNREADABLE');
  }
  const st = await fsp.stat(realPath);
  const via = link.isSymbolicLink() ? ` (a symbolic link to ${realPath})` : '';
  if (!st.isFile())
    throw new FileRefused(`${path}${via} is ${kindOf(st)}, not a regular file: only regular files are read.`, path, 'NOT_REGULAR');
  return { realPath, viaSymlink: link.isSymbolicLink(), size: st.size };
}

/**
 * Reads at most `limit` bytes of a regular file. The file is opened with O_NONBLOCK so that opening a
 * FIFO that replaced the file after the check does not hang, and it is checked again on the open
 * descriptor (the path may have been swapped in between).
 */
export async function readBounded(path: string, limit = DISCOVERY_READ_LIMIT): Promise<BoundedFile> {
  const { realPath, viaSymlink } = await resolveRegularFile(path);
  let handle: fsp.FileHandle;
  try {
    handle = await fsp.open(realPath, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (err) {
    throw new FileRefused(`${path}: cannot be opened (${(err as NodeJS.ErrnoException).code ?? 'error'}).`, path, 'UNREADABLE');
  }
  try {
    const st = await handle.stat();
    if (!st.isFile()) throw new FileRefused(`${path} changed into ${kindOf(st)} while it was opened; it is not read.`, path, 'NOT_REGULAR');
    const chunks: Buffer[] = [];
    let total = 0;
    // end is inclusive: one byte past the limit is enough to know the file is too large.
    const stream = handle.createReadStream({ autoClose: false, highWaterMark: 64 * 1024, start: 0, end: limit });
    for await (const chunk of stream) {
      const b = chunk as Buffer;
      total += b.length;
      // Checked on the running count: the limit holds whatever size the file claims or grows to.
      if (total > limit)
        throw new FileRefused(`${path} is larger than ${Math.round(limit / 1048576)} MB; it is not read.`, path, 'TOO_LARGE');
      chunks.push(b);
    }
    return { path, realPath, viaSymlink, bytes: Buffer.concat(chunks, total) };
  } finally {
    await handle.close();
  }
}

/** Strict UTF-8 text (a BOM is dropped); a binary or UTF-16 file is refused with a message that says so. */
export function textOf(file: BoundedFile): string {
  const b = file.bytes;
  if ((b[0] === 0xff && b[1] === 0xfe) || (b[0] === 0xfe && b[1] === 0xff))
    throw new FileRefused(`${file.path} is UTF-16 text; save it as UTF-8.`, file.path, 'UNREADABLE');
  if (b.subarray(0, 8192).includes(0))
    throw new FileRefused(`${file.path} holds binary data; it is not a text file.`, file.path, 'UNREADABLE');
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(b);
  } catch {
    throw new FileRefused(`${file.path} is not valid UTF-8 text.`, file.path, 'UNREADABLE');
  }
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}
