import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

/**
 * The layer rules of DESIGN.md, checked on every source file:
 * - core imports only core and pure npm packages (no node:*, electron, DOM/React, better-sqlite3);
 * - renderer and electron never import each other;
 * - only electron/main and electron/preload import `electron`.
 */
const ROOT = resolve(import.meta.dirname, '../..');
const LAYERS = ['core', 'electron', 'renderer'] as const;
const CORE_ALLOWED_PACKAGES = new Set(['zod', 'yaml', 'jsonc-parser', 'smol-toml']);

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    if (name === 'node_modules' || name.startsWith('.')) return [];
    if (statSync(full).isDirectory()) return sourceFiles(full);
    return /\.(ts|tsx|mts)$/.test(name) && !name.endsWith('.d.ts') ? [full] : [];
  });
}

/** Every module specifier (import, export-from, dynamic import, require), found by TypeScript's own scanner. */
export function specifiers(source: string): string[] {
  return ts.preProcessFile(source, true, true).importedFiles.map((f) => f.fileName);
}

const layerOf = (file: string) => relative(ROOT, file).split(sep)[0];

export function violations(file: string, source: string): string[] {
  const rel = relative(ROOT, file);
  const layer = layerOf(file);
  const problems: string[] = [];
  for (const spec of specifiers(source)) {
    const isRelative = spec.startsWith('.');
    const target = isRelative ? relative(ROOT, resolve(dirname(file), spec)) : null;
    const targetLayer = target?.split(sep)[0];
    const pkg = isRelative ? null : spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0];
    if (layer === 'core') {
      if (target && targetLayer !== 'core') problems.push(`${rel}: core must not import ${spec}`);
      if (pkg && !CORE_ALLOWED_PACKAGES.has(pkg)) problems.push(`${rel}: core must not import package ${spec}`);
    }
    if (layer === 'renderer' && targetLayer === 'electron') problems.push(`${rel}: renderer must not import electron code (${spec})`);
    if (layer === 'electron' && targetLayer === 'renderer') problems.push(`${rel}: electron must not import renderer code (${spec})`);
    if (pkg === 'electron' && !/^electron[/\\](main|preload)[/\\]/.test(rel))
      problems.push(`${rel}: only electron/main and electron/preload may import 'electron'`);
  }
  return problems;
}

describe('layer rules', () => {
  const files = LAYERS.flatMap((l) => sourceFiles(join(ROOT, l)));

  it('finds the source files', () => {
    expect(files.length).toBeGreaterThan(20);
  });

  it('every file respects the import direction', () => {
    const problems = files.flatMap((f) => violations(f, readFileSync(f, 'utf8')));
    expect(problems).toEqual([]);
  });

  it('the checker catches each kind of violation', () => {
    const at = (p: string) => join(ROOT, p);
    expect(violations(at('core/x.ts'), "import { readFileSync } from 'node:fs';")).toHaveLength(1);
    expect(violations(at('core/x.ts'), "import { a } from '../electron/store/database';")).toHaveLength(1);
    expect(violations(at('core/x.ts'), "import React from 'react';")).toHaveLength(1);
    expect(violations(at('renderer/x.ts'), "import { dispatch } from '../electron/services/dispatch';")).toHaveLength(1);
    expect(violations(at('electron/store/x.ts'), "import { App } from '../../renderer/app/App';")).toHaveLength(1);
    expect(violations(at('electron/services/x.ts'), "import { app } from 'electron';")).toHaveLength(1);
    expect(violations(at('electron/main/x.ts'), "import { app } from 'electron';")).toHaveLength(0);
    expect(violations(at('core/x.ts'), "import { z } from 'zod';\nimport { a } from './b';")).toHaveLength(0);
    expect(violations(at('renderer/x.ts'), "const m = await import('../electron/serve/cli');")).toHaveLength(1);
    expect(violations(at('core/x.ts'), "/** text that says import things from 'node:fs' */\nexport const a = 1;")).toHaveLength(0);
  });
});
