/**
 * Turns anything a user typed (a workspace or agent name) into a file name that is safe on
 * Windows, macOS and Linux and cannot name a folder or climb out of one.
 */
const RESERVED = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])(\..*)?$/i;
// Control characters, path separators, characters Windows forbids, and bidi overrides (U+202E "RLO").
const BAD = /[\u0000-\u001f\u007f-\u009f<>:"/\\|?*\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]/g;

export const MAX_FILENAME_CHARS = 120;

export function sanitizeFileName(input: string, fallback = 'export'): string {
  let s = input.normalize('NFC').replace(BAD, '_').replace(/\s+/g, ' ').trim();
  s = s.replace(/^[.\s]+/, '').replace(/[.\s]+$/, '');
  if (s === '' || /^_+$/.test(s)) s = fallback;
  if (RESERVED.test(s)) s = `_${s}`;
  if (s.length > MAX_FILENAME_CHARS) s = s.slice(0, MAX_FILENAME_CHARS).replace(/[.\s]+$/, '');
  return s;
}

/** A sanitised base name plus a fixed extension we choose (never the user's). */
export function exportFileName(base: string, ext: string, fallback = 'export'): string {
  const cleanExt =
    ext
      .replace(/[^a-z0-9]/gi, '')
      .toLowerCase()
      .slice(0, 8) || 'bin';
  return `${sanitizeFileName(base, fallback).slice(0, MAX_FILENAME_CHARS - cleanExt.length - 1)}.${cleanExt}`;
}
