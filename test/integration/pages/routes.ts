/**
 * The SvelteKit routes as the files under web/routes declare them, read with the TypeScript parser:
 * each page's server `load` and form `actions` (their names), each endpoint's methods. Tests walk
 * this list, so a route or action added later is walked without anyone remembering to list it.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

export const ROUTES_DIR = fileURLToPath(new URL('../../../web/routes', import.meta.url));

export interface PageRoute {
  /** SvelteKit's route id: `/studio/broadcasts/[id]`. */
  id: string;
  kind: 'page' | 'endpoint';
  /** A +page.server.ts exports `load`. */
  load: boolean;
  /** Names of the form actions (`default` for the unnamed one). */
  actions: string[];
  /** Endpoint (+server.ts) methods. */
  methods: string[];
  /** Nodes before the page (layouts, the root's always), for x-sveltekit-invalidated. */
  layouts: number;
}

function exportsOf(file: string): Map<string, ts.Expression | null> {
  const src = ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
  const out = new Map<string, ts.Expression | null>();
  const exported = (n: ts.Node) => ts.canHaveModifiers(n) && !!ts.getModifiers(n)?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
  for (const st of src.statements) {
    if (ts.isVariableStatement(st) && exported(st)) {
      for (const d of st.declarationList.declarations) if (ts.isIdentifier(d.name)) out.set(d.name.text, d.initializer ?? null);
    } else if (ts.isFunctionDeclaration(st) && exported(st) && st.name) {
      out.set(st.name.text, null);
    } else if (ts.isExportDeclaration(st) && st.exportClause && ts.isNamedExports(st.exportClause)) {
      for (const e of st.exportClause.elements) out.set(e.name.text, null);
    }
  }
  return out;
}

function actionNames(init: ts.Expression | null, file: string): string[] {
  let e = init;
  while (e && (ts.isSatisfiesExpression(e) || ts.isAsExpression(e) || ts.isParenthesizedExpression(e))) e = e.expression;
  if (!e || !ts.isObjectLiteralExpression(e)) throw new Error(`${file}: actions must be an object literal for this test to list them`);
  return e.properties.map((p) => {
    if (!p.name || !(ts.isIdentifier(p.name) || ts.isStringLiteral(p.name))) throw new Error(`${file}: an action with a computed name`);
    return p.name.text;
  });
}

const isLayout = (dir: string) => fs.readdirSync(dir).some((f) => /^\+layout(\.server)?\.(ts|js|svelte)$/.test(f));

export function listRoutes(dir = ROUTES_DIR, id = '', layouts = 1): PageRoute[] {
  const files = fs.readdirSync(dir);
  const here = id === '' ? 1 : layouts + (isLayout(dir) ? 1 : 0);
  const out: PageRoute[] = [];
  const routeId = id || '/';
  const server = files.find((f) => /^\+page\.server\.(ts|js)$/.test(f));
  if (server || files.some((f) => f === '+page.svelte')) {
    const ex = server ? exportsOf(path.join(dir, server)) : new Map();
    out.push({
      id: routeId,
      kind: 'page',
      load: ex.has('load'),
      actions: ex.has('actions') ? actionNames(ex.get('actions') ?? null, path.join(dir, server!)) : [],
      methods: [],
      layouts: here
    });
  }
  const endpoint = files.find((f) => /^\+server\.(ts|js)$/.test(f));
  if (endpoint) {
    const ex = exportsOf(path.join(dir, endpoint));
    out.push({ id: routeId, kind: 'endpoint', load: false, actions: [], methods: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'].filter((m) => ex.has(m)), layouts: here });
  }
  for (const f of files.sort()) {
    if (fs.statSync(path.join(dir, f)).isDirectory()) out.push(...listRoutes(path.join(dir, f), `${id}/${f}`, here));
  }
  return out;
}
