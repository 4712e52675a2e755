import { readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import ts from 'typescript';

/**
 * The rules inside electron/ (DESIGN.md "Layers and folders", "Records"), read from each file's
 * syntax tree so comments and prose never trip them:
 * - SQL is prepared or executed only in electron/store;
 * - INSERT / UPDATE / DELETE appear only in the store's entity folders (the one mutation path);
 * - electron/serve reaches the back end through dispatch, never by importing the store;
 * - no layer imports a layer above it (top to bottom: preload, main, serve, services, store).
 */
export const ROOT = resolve(import.meta.dirname, '../..');

/** Top first: a layer may import the ones after it, never the ones before. */
export const ELECTRON_LAYERS = ['preload', 'main', 'serve', 'services', 'store'] as const;

/**
 * Where entity rows are written: each entity's store folder, the migrations, and the workspace meta (name).
 * `sandbox` writes only the disposable live-fire drill database it created, never a workspace.
 */
const ENTITY_WRITERS =
  /^electron\/store\/(inventory|scoring|drills|actions|transfer|migrations|sandbox|approvals|discovery|history|activity|team)\/|^electron\/store\/workspaces\.ts$/;

/** Database methods that run SQL. `exec` is also RegExp.prototype.exec and `query` a live-fire session's, told apart below. */
const SQL_METHODS = new Set(['prepare', 'pragma', 'transaction', 'exec', 'query']);
const SQL_TEXT = /^\s*(SELECT|INSERT|UPDATE|DELETE|CREATE|DROP|ALTER|PRAGMA|BEGIN|COMMIT|ROLLBACK|WITH|VACUUM|ATTACH)\b/i;
const DML = /\b(INSERT\s+(OR\s+\w+\s+)?INTO|UPDATE\s+[\w"]+\s+SET|DELETE\s+FROM|REPLACE\s+INTO)\b/i;

export function electronSourceFiles(dir = join(ROOT, 'electron')): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) return electronSourceFiles(full);
    return /\.(ts|mts)$/.test(name) && !name.endsWith('.d.ts') ? [full] : [];
  });
}

const posix = (p: string) => p.split(sep).join('/');
const layerOf = (rel: string): string | undefined => (rel.startsWith('electron/') ? rel.split('/')[1] : undefined);

/** A call that runs SQL: db.prepare/pragma/transaction, or .exec on something that is not a regular expression. */
function runsSql(call: ts.CallExpression): boolean {
  const callee = call.expression;
  if (!ts.isPropertyAccessExpression(callee) || !SQL_METHODS.has(callee.name.text)) return false;
  if (callee.name.text !== 'exec' && callee.name.text !== 'query') return true;
  if (ts.isRegularExpressionLiteral(callee.expression)) return false;
  const first = call.arguments[0];
  const text =
    first && (ts.isStringLiteral(first) || ts.isNoSubstitutionTemplateLiteral(first) || ts.isTemplateExpression(first))
      ? first.getText()
      : '';
  return SQL_TEXT.test(text.slice(1)) || /\b(db|database|conn|connection|pool|client)$/i.test(callee.expression.getText());
}

function stringTexts(node: ts.Node): string[] {
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return [node.text];
  if (ts.isTemplateExpression(node)) return [[node.head.text, ...node.templateSpans.map((s) => s.literal.text)].join(' ')];
  return [];
}

export function electronViolations(file: string, source: string): string[] {
  const rel = posix(relative(ROOT, file));
  const layer = layerOf(rel);
  if (!layer) return [];
  const problems: string[] = [];
  const inStore = rel.startsWith('electron/store/');
  const sf = ts.createSourceFile(file, source, ts.ScriptTarget.Latest, true);
  const visit = (node: ts.Node): void => {
    if (!inStore && ts.isCallExpression(node) && runsSql(node)) {
      const { line } = sf.getLineAndCharacterOfPosition(node.getStart());
      problems.push(`${rel}:${line + 1}: runs SQL (${node.expression.getText().slice(0, 60)}); SQL lives only in electron/store`);
    }
    if (!ENTITY_WRITERS.test(rel) && !ts.isImportDeclaration(node))
      for (const text of stringTexts(node))
        if (DML.test(text)) {
          const { line } = sf.getLineAndCharacterOfPosition(node.getStart());
          problems.push(`${rel}:${line + 1}: writes rows (${DML.exec(text)?.[0]}); only the store's entity write functions may`);
        }
    ts.forEachChild(node, visit);
  };
  visit(sf);

  const rank = ELECTRON_LAYERS.indexOf(layer as (typeof ELECTRON_LAYERS)[number]);
  for (const spec of ts.preProcessFile(source, true, true).importedFiles.map((f) => f.fileName)) {
    if (!spec.startsWith('.')) continue;
    const target = posix(relative(ROOT, resolve(dirname(file), spec)));
    const targetLayer = layerOf(target);
    if (!targetLayer) continue;
    if (layer === 'serve' && targetLayer === 'store')
      problems.push(`${rel}: electron/serve must call dispatch (electron/services), not import the store (${spec})`);
    const targetRank = ELECTRON_LAYERS.indexOf(targetLayer as (typeof ELECTRON_LAYERS)[number]);
    if (rank >= 0 && targetRank >= 0 && targetRank < rank)
      problems.push(`${rel}: electron/${layer} must not import the layer above it, electron/${targetLayer} (${spec})`);
  }
  return problems;
}
