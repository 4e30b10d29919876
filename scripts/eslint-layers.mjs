// An ESLint rule that keeps the import direction between the project's layers. The layers and what
// each may import are declared in eslint.config.mjs; this file only resolves and checks.
//
// Why not no-restricted-imports alone: a relative import ("../../tasks/x") names a folder only
// relative to the importing file, and src/extension/runs/ is not src/runs/. This rule resolves every
// relative specifier to a repository path first, finds the layer it lands in, and checks the pair.
// It also tells a type-only import (erased at build time) from one that pulls code in.
//
// Options: [{ layers, allow, exceptions }]
//   layers:     [{ name, path }]  path is a folder ("src/engine") or a file ("src/worker.ts"),
//               repository-relative; the longest matching path wins.
//   allow:      { [layer]: { values?: string[], types?: string[], typesOnly?: boolean } }
//               values: layers (or files) it may import anything from; types: layers (or files)
//               it may import only types from; typesOnly: every import of this layer must be
//               type-only. A layer may always import from itself.
//   exceptions: [{ from, to, why }]  known back-edges (file -> file), allowed and listed, to be
//               removed when the code is straightened out.
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.dirname(path.dirname(fileURLToPath(import.meta.url)));

function repoPath(abs) {
  return path.relative(ROOT, abs).split(path.sep).join('/');
}

function layerOf(layers, rel) {
  let best = null;
  for (const l of layers) {
    const p = l.path.replace(/\/$/, '');
    const hit = rel === p || rel.startsWith(p + '/') || rel.replace(/\.(ts|mts|js|mjs)$/, '') === p.replace(/\.(ts|mts|js|mjs)$/, '');
    if (hit && (!best || p.length > best.path.length)) best = l;
  }
  return best?.name ?? null;
}

/** "src/engine/events" (no extension) or "src/engine/events.ts" -> "src/engine/events". */
function stem(rel) {
  return rel.replace(/\.(ts|mts|js|mjs|json)$/, '').replace(/\/index$/, '');
}

function matches(list, layer, rel) {
  return (list ?? []).some((e) => e === layer || stem(e) === stem(rel));
}

/** import type {…}, import {type A, type B}, export type {…} from: nothing of it survives the build. */
function typeOnly(node) {
  if (node.importKind === 'type' || node.exportKind === 'type') return true;
  const specs = node.specifiers ?? [];
  if (specs.length === 0) return false; // import './x' runs the module
  return specs.every((s) => s.importKind === 'type' || s.exportKind === 'type');
}

export const layersRule = {
  meta: {
    type: 'problem',
    docs: { description: 'imports point one way between the layers declared in eslint.config.mjs' },
    schema: [{ type: 'object', additionalProperties: true }],
    messages: {
      noLayer: '{{file}} is in no layer: add its folder to the layers in eslint.config.mjs.',
      denied: 'Layer "{{from}}" may not import from layer "{{to}}" ({{target}}). Imports point one way: see eslint.config.mjs and CONTRIBUTING.md.',
      typesOnly: 'Layer "{{from}}" may import only types from "{{to}}" ({{target}}): write `import type`.',
    },
  },
  create(context) {
    const { layers, allow, exceptions = [] } = context.options[0];
    const file = repoPath(context.filename);
    const from = layerOf(layers, file);
    if (!from) {
      return {
        Program(node) {
          context.report({ node, messageId: 'noLayer', data: { file } });
        },
      };
    }
    const rules = allow[from] ?? {};

    function check(node, source, isType) {
      const spec = source?.value;
      if (typeof spec !== 'string' || !spec.startsWith('.')) return; // packages and builtins: other rules
      const target = repoPath(path.resolve(path.dirname(context.filename), spec));
      const to = layerOf(layers, target) ?? target;
      if (exceptions.some((e) => stem(e.from) === stem(file) && stem(e.to) === stem(target))) return;
      if (rules.typesOnly && !isType) {
        context.report({ node, messageId: 'typesOnly', data: { from, to, target } });
        return;
      }
      if (to === from || matches(rules.values, to, target)) return;
      if (matches(rules.types, to, target)) {
        if (!isType) context.report({ node, messageId: 'typesOnly', data: { from, to, target } });
        return;
      }
      context.report({ node, messageId: 'denied', data: { from, to, target } });
    }

    return {
      ImportDeclaration: (node) => check(node, node.source, typeOnly(node)),
      ExportNamedDeclaration: (node) => node.source && check(node, node.source, typeOnly(node)),
      ExportAllDeclaration: (node) => check(node, node.source, node.exportKind === 'type'),
      ImportExpression: (node) => node.source.type === 'Literal' && check(node, node.source, false),
      TSImportType: (node) => {
        const lit = node.argument?.literal ?? node.argument;
        if (lit?.type === 'Literal') check(node, lit, true);
      },
    };
  },
};

export default { rules: { imports: layersRule } };
