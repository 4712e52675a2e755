import { crc32, inflateRawSync } from 'node:zlib';
import { ImportRefused } from '../../core/transfer/safe-parse';

/**
 * ZIP containers (XLSX) are bounded by the bytes actually inflated, not by the sizes their headers
 * declare: a file can lie about those. `boundedUnzip` walks the central directory, inflates every
 * entry itself with a hard output cap (the budget left), and checks each result against its CRC and
 * declared size. `restoredZip` packs the checked entries again without compression, so the XLSX
 * reader (exceljs / JSZip) only ever copies bytes that were already counted.
 */
export const ZIP_LIMITS = { maxEntries: 2000, maxUncompressed: 200 * 1024 * 1024, maxRatio: 200 };

export type ZipEntry = { name: string; data: Buffer };

const damaged = (why: string) => new ImportRefused(`The workbook is damaged (${why}).`);

function endOfDirectory(buf: Buffer): number {
  const min = Math.max(0, buf.length - 65_557);
  for (let i = buf.length - 22; i >= min; i--) if (buf.readUInt32LE(i) === 0x06054b50) return i;
  throw new ImportRefused('The workbook is damaged (no ZIP directory).');
}

/** Every entry inflated, with the running total of inflated bytes held under `limits.maxUncompressed`. */
export function boundedUnzip(buf: Buffer, limits = ZIP_LIMITS): ZipEntry[] {
  const eocd = endOfDirectory(buf);
  const entries = buf.readUInt16LE(eocd + 10);
  if (entries > limits.maxEntries) throw new ImportRefused(`The workbook has ${entries} parts; at most ${limits.maxEntries} are allowed.`);
  const tooBig = () =>
    new ImportRefused(`The workbook expands to more than ${limits.maxUncompressed / 1048576} MB; it is refused as a possible zip bomb.`);
  const out: ZipEntry[] = [];
  let p = buf.readUInt32LE(eocd + 16);
  let total = 0;
  for (let n = 0; n < entries; n++) {
    if (p + 46 > buf.length || buf.readUInt32LE(p) !== 0x02014b50) throw damaged('bad ZIP directory');
    const method = buf.readUInt16LE(p + 10);
    const crc = buf.readUInt32LE(p + 16);
    const compressed = buf.readUInt32LE(p + 20);
    const size = buf.readUInt32LE(p + 24);
    const nameLen = buf.readUInt16LE(p + 28);
    const local = buf.readUInt32LE(p + 42);
    if (compressed === 0xffffffff || size === 0xffffffff || local === 0xffffffff)
      throw new ImportRefused('The workbook uses ZIP64, which is not accepted.');
    const name = buf.toString('utf8', p + 46, p + 46 + nameLen);
    p += 46 + nameLen + buf.readUInt16LE(p + 30) + buf.readUInt16LE(p + 32);
    if (local + 30 > buf.length || buf.readUInt32LE(local) !== 0x04034b50) throw damaged(`bad entry header for ${name.slice(0, 80)}`);
    const start = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
    if (start + compressed > buf.length) throw damaged(`entry ${name.slice(0, 80)} runs past the end`);
    const raw = buf.subarray(start, start + compressed);
    const budget = limits.maxUncompressed - total;
    let data: Buffer;
    if (method === 0) data = Buffer.from(raw);
    else if (method === 8) {
      try {
        // maxOutputLength stops the inflater itself: the budget holds whatever the header says.
        data = inflateRawSync(raw, { maxOutputLength: Math.max(1, budget) });
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') throw tooBig();
        throw damaged(`entry ${name.slice(0, 80)} does not inflate`);
      }
    } else throw new ImportRefused(`The workbook uses ZIP compression method ${method}, which is not accepted.`);
    total += data.length;
    if (total > limits.maxUncompressed) throw tooBig();
    if (data.length !== size) throw damaged(`entry ${name.slice(0, 80)} inflates to ${data.length} bytes, its header says ${size}`);
    if (crc32(data) >>> 0 !== crc) throw damaged(`entry ${name.slice(0, 80)} fails its checksum`);
    if (compressed > 0 && data.length / compressed > limits.maxRatio && data.length > 1024 * 1024)
      throw new ImportRefused('The workbook is compressed suspiciously well; it is refused as a possible zip bomb.');
    out.push({ name, data });
  }
  return out;
}

/** The entries as a ZIP with no compression (method 0): reading it inflates nothing. */
export function restoredZip(entries: ZipEntry[]): Buffer {
  const locals: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name, 'utf8');
    const crc = crc32(e.data) >>> 0;
    const lh = Buffer.alloc(30);
    lh.writeUInt32LE(0x04034b50, 0);
    lh.writeUInt16LE(20, 4);
    lh.writeUInt16LE(0x0800, 6); // UTF-8 names
    lh.writeUInt32LE(crc, 14);
    lh.writeUInt32LE(e.data.length, 18);
    lh.writeUInt32LE(e.data.length, 22);
    lh.writeUInt16LE(name.length, 26);
    const ch = Buffer.alloc(46);
    ch.writeUInt32LE(0x02014b50, 0);
    ch.writeUInt16LE(20, 4);
    ch.writeUInt16LE(20, 6);
    ch.writeUInt16LE(0x0800, 8);
    ch.writeUInt32LE(crc, 16);
    ch.writeUInt32LE(e.data.length, 20);
    ch.writeUInt32LE(e.data.length, 24);
    ch.writeUInt16LE(name.length, 28);
    ch.writeUInt32LE(offset, 42);
    locals.push(lh, name, e.data);
    central.push(ch, name);
    offset += 30 + name.length + e.data.length;
  }
  const cd = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
}

/** Kept for callers that only need the check: inflates (bounded) and discards. */
export function checkZip(buf: Buffer, limits = ZIP_LIMITS): void {
  boundedUnzip(buf, limits);
}
