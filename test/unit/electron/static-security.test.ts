import { describe, it, expect } from 'vitest';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Static checks (the "S" column of the Electron checklist) over electron/main and electron/preload. */
const repo = fileURLToPath(new URL('../../..', import.meta.url));
const walk = (dir: string): string[] =>
  readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? walk(p) : p.endsWith('.ts') ? [p] : [];
  });
const files = [...walk(join(repo, 'electron/main')), ...walk(join(repo, 'electron/preload'))];
const stripComments = (src: string) => src.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`])\/\/.*$/gm, '$1');
const code = new Map(files.map((f) => [relative(repo, f).split('\\').join('/'), stripComments(readFileSync(f, 'utf8'))]));
const where = (re: RegExp) => [...code].filter(([, src]) => re.test(src)).map(([f]) => f);

describe('static security checks', () => {
  it('found the sources', () => {
    expect(code.has('electron/main/main.ts')).toBe(true);
    expect(code.has('electron/preload/preload.ts')).toBe(true);
  });

  it('IPC handlers are registered only in electron/main/ipc.ts', () => {
    expect(where(/ipcMain\s*\.\s*(handle|handleOnce|on|once|addListener)\s*\(/)).toEqual(['electron/main/ipc.ts']);
  });

  it('shell.openExternal is called only in electron/main/guards.ts', () => {
    expect(where(/openExternal\s*\(/)).toEqual(['electron/main/guards.ts']);
  });

  it('no insecure webPreferences anywhere', () => {
    const bad =
      /nodeIntegration\w*\s*:\s*true|contextIsolation\s*:\s*false|sandbox\s*:\s*false|webSecurity\s*:\s*false|allowRunningInsecureContent\s*:\s*true|webviewTag\s*:\s*true|experimentalFeatures\s*:\s*true|enableBlinkFeatures\s*:/;
    expect(where(bad)).toEqual([]);
  });

  it('no file:// loading, no loadFile, no remote module, no http(s) loads', () => {
    expect(where(/loadFile\s*\(|file:\/\/|@electron\/remote|enableRemoteModule/)).toEqual([]);
    expect(where(/loadURL\s*\(\s*['"`]https?:/)).toEqual([]);
    expect(where(/loadURL\s*\(/).sort()).toEqual(['electron/main/print-pdf.ts', 'electron/main/window.ts']);
  });

  it('pure policy files and the preload api builder never import electron (tests run without the binary)', () => {
    const pure = [...code].filter(([f]) => f.startsWith('electron/main/policy/') || f === 'electron/preload/api.ts');
    expect(pure.length).toBeGreaterThanOrEqual(10);
    expect(pure.filter(([, src]) => /from\s+['"]electron['"]|require\(\s*['"]electron['"]\s*\)/.test(src)).map(([f]) => f)).toEqual([]);
  });

  it('the preload exposes only what preload.ts names, and never ipcRenderer itself', () => {
    const src = code.get('electron/preload/preload.ts')!;
    const keys = [...src.matchAll(/exposeInMainWorld\(\s*['"](\w+)['"]/g)].map((m) => m[1]);
    expect(keys).toEqual(['api', 'desktop']);
    expect(/exposeInMainWorld\([^)]*ipcRenderer\s*[,)]/.test(src)).toBe(false);
  });
});
