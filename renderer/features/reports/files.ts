import { api } from '../../api/client';

/** File helpers for exports (download / save) and imports (read with progress). */
export type FileOut = { fileName: string; mime: string; contentBase64: string };

const toBytes = (b64: string): Uint8Array<ArrayBuffer> => {
  const bin = atob(b64);
  const bytes = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
  return bytes;
};

/**
 * Desktop: the main process shows a save dialog and writes the file (downloads are blocked in the
 * app window). Browser mode: a download. Resolves to a status message, or null when cancelled.
 */
export async function saveFile(f: FileOut): Promise<string | null> {
  if (typeof window !== 'undefined' && window.api) {
    const r = await api.call('export:save', { fileName: f.fileName, contentBase64: f.contentBase64 });
    return r.saved ? `Saved ${r.path ?? f.fileName}` : null;
  }
  download(f);
  return `Saved ${f.fileName}`;
}

function download(f: FileOut): void {
  const url = URL.createObjectURL(new Blob([toBytes(f.contentBase64)], { type: f.mime }));
  const a = document.createElement('a');
  a.href = url;
  a.download = f.fileName;
  a.rel = 'noopener';
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

const toBase64 = (buf: ArrayBuffer): string => {
  const bytes = new Uint8Array(buf);
  let bin = '';
  for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(bin);
};

/** Reads a chosen file, reporting progress (0..1) so large files show a progress bar. */
export function readFileBase64(file: File, onProgress: (fraction: number) => void, signal?: AbortSignal): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    // Cancel: stop reading; the caller gets an AbortError and nothing was sent anywhere.
    signal?.addEventListener(
      'abort',
      () => {
        reader.abort();
        reject(new DOMException('Cancelled', 'AbortError'));
      },
      { once: true },
    );
    reader.onprogress = (e) => e.lengthComputable && onProgress(e.loaded / e.total);
    reader.onerror = () => reject(new Error(`Could not read ${file.name}.`));
    reader.onload = () => {
      onProgress(1);
      resolve(toBase64(reader.result as ArrayBuffer));
    };
    reader.readAsArrayBuffer(file);
  });
}

/** 40 MB: the largest import the app accepts. */
export const MAX_IMPORT_BYTES = 40 * 1024 * 1024;
