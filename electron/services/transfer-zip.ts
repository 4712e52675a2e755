import { ImportRefused } from '../../core/transfer/safe-parse';

/**
 * Reads a ZIP's central directory (without inflating anything) and refuses zip bombs before the
 * XLSX reader sees the file: too many entries, too much uncompressed data, or absurd ratios.
 */
export const ZIP_LIMITS = { maxEntries: 2000, maxUncompressed: 200 * 1024 * 1024, maxRatio: 200 };

export function checkZip(buf: Buffer, limits = ZIP_LIMITS): void {
  const min = Math.max(0, buf.length - 65_557);
  let eocd = -1;
  for (let i = buf.length - 22; i >= min; i--) {
    if (buf.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new ImportRefused('The workbook is damaged (no ZIP directory).');
  const entries = buf.readUInt16LE(eocd + 10);
  const cdOffset = buf.readUInt32LE(eocd + 16);
  if (entries > limits.maxEntries) throw new ImportRefused(`The workbook has ${entries} parts; at most ${limits.maxEntries} are allowed.`);
  let p = cdOffset;
  let total = 0;
  for (let n = 0; n < entries; n++) {
    if (p + 46 > buf.length || buf.readUInt32LE(p) !== 0x02014b50) throw new ImportRefused('The workbook is damaged (bad ZIP directory).');
    const compressed = buf.readUInt32LE(p + 20);
    const size = buf.readUInt32LE(p + 24);
    if (compressed === 0xffffffff || size === 0xffffffff) throw new ImportRefused('The workbook uses ZIP64, which is not accepted.');
    total += size;
    if (total > limits.maxUncompressed)
      throw new ImportRefused(
        `The workbook expands to more than ${limits.maxUncompressed / 1048576} MB; it is refused as a possible zip bomb.`,
      );
    if (compressed > 0 && size / compressed > limits.maxRatio && size > 1024 * 1024)
      throw new ImportRefused('The workbook is compressed suspiciously well; it is refused as a possible zip bomb.');
    p += 46 + buf.readUInt16LE(p + 28) + buf.readUInt16LE(p + 30) + buf.readUInt16LE(p + 32);
  }
}
