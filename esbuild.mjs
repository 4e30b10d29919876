// One build for every bundle: the CLI now; the extension, worker and webview join as they land.
import * as esbuild from 'esbuild';
import { existsSync } from 'node:fs';

const watch = process.argv.includes('--watch');
const node = { bundle: true, platform: 'node', target: 'node20', format: 'cjs', sourcemap: true, logLevel: 'warning' };
const targets = [
  { ...node, entryPoints: ['src/cli/main.ts'], outfile: 'out/cli.js', banner: { js: '#!/usr/bin/env node' } },
  { ...node, entryPoints: ['src/extension/extension.ts'], outfile: 'out/extension.js', external: ['vscode'] },
  { ...node, entryPoints: ['src/worker.ts'], outfile: 'out/worker.js' },
  { bundle: true, platform: 'browser', target: 'es2022', format: 'iife', sourcemap: true, logLevel: 'warning',
    entryPoints: ['webview/main.ts'], outfile: 'out/webview.js', loader: { '.css': 'css' } },
].filter((t) => existsSync(t.entryPoints[0]));

if (watch) {
  for (const t of targets) await (await esbuild.context(t)).watch();
} else {
  await Promise.all(targets.map((t) => esbuild.build(t)));
}
