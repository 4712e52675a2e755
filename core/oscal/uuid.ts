/**
 * Deterministic UUIDs (RFC 4122 version 5): SHA-1 of a namespace UUID and a name. The same stable
 * id always gives the same UUID, so the same finalised assessment gives byte-identical OSCAL.
 * core does no I/O and has no crypto, so the SHA-1 function is passed in (node:crypto in electron).
 */
export type Sha1 = (bytes: Uint8Array) => Uint8Array;

/** This app's namespace for OSCAL object UUIDs (a fixed random UUID; never change it). */
export const OSCAL_NAMESPACE = '6f1d7c2e-4b8a-4e5f-9a3d-2c7b1e8f0a94';

/** UTF-8 bytes of a string, without TextEncoder (core's lib has no DOM or Node types). */
export function utf8(text: string): Uint8Array {
  const out: number[] = [];
  for (const ch of text) {
    const c = ch.codePointAt(0)!;
    if (c < 0x80) out.push(c);
    else if (c < 0x800) out.push(0xc0 | (c >> 6), 0x80 | (c & 63));
    else if (c < 0x10000) out.push(0xe0 | (c >> 12), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
    else out.push(0xf0 | (c >> 18), 0x80 | ((c >> 12) & 63), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
  }
  return Uint8Array.from(out);
}

const hex = (b: Uint8Array): string => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');

export function uuidV5(sha1: Sha1, namespace: string, name: string): string {
  const ns = namespace.replace(/-/g, '');
  if (!/^[0-9a-f]{32}$/i.test(ns)) throw new Error(`Not a UUID: ${namespace}`);
  const nsBytes = Uint8Array.from(ns.match(/../g)!.map((h) => parseInt(h, 16)));
  const nameBytes = utf8(name);
  const input = new Uint8Array(nsBytes.length + nameBytes.length);
  input.set(nsBytes, 0);
  input.set(nameBytes, nsBytes.length);
  const h = sha1(input).slice(0, 16);
  h[6] = (h[6]! & 0x0f) | 0x50;
  h[8] = (h[8]! & 0x3f) | 0x80;
  const s = hex(h);
  return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
}

/** A UUID maker for one document: names are prefixed by kind (e.g. "finding:<key>"). */
export const uuidMaker =
  (sha1: Sha1, namespace = OSCAL_NAMESPACE) =>
  (name: string): string =>
    uuidV5(sha1, namespace, name);
