// One build for every bundle: the CLI now; the extension, worker and webview join as they land.
import * as esbuild from 'esbuild';
import { existsSync } from 'node:fs';

const watch = process.argv.includes('--watch');
// --production (npm run package): minified, no source maps (the .vsix ships out/*.js only).
const production = process.argv.includes('--production');
const common = { sourcemap: !production, minify: production };
// mainFields: jsonc-parser's "main" is a UMD build whose require('./impl/…') esbuild can't follow
// (the bundle then fails at load with "Cannot find module './impl/format'"); its ESM build bundles fine.
const node = { bundle: true, platform: 'node', target: 'node20', format: 'cjs', ...common, logLevel: 'warning', mainFields: ['module', 'main'] };
const targets = [
  { ...node, entryPoints: ['src/cli/main.ts'], outfile: 'out/cli.js', loader: { '.py': 'text' }, banner: { js: '#!/usr/bin/env node' } },
  { ...node, entryPoints: ['src/extension/extension.ts'], outfile: 'out/extension.js', loader: { '.py': 'text' }, external: ['vscode'] },
  { ...node, entryPoints: ['src/worker.ts'], outfile: 'out/worker.js' },
  {
    bundle: true,
    platform: 'browser',
    target: 'es2022',
    format: 'iife',
    ...common,
    logLevel: 'warning',
    entryPoints: ['webview/main.ts'],
    outfile: 'out/webview.js',
    loader: { '.css': 'css' },
  },
].filter((t) => existsSync(t.entryPoints[0]));

if (watch) {
  for (const t of targets) await (await esbuild.context(t)).watch();
} else {
  // Every bundle is attempted, so one broken entry does not hide the others' errors.
  const results = await Promise.allSettled(targets.map((t) => esbuild.build(t)));
  if (results.some((r) => r.status === 'rejected')) process.exit(1);
}
