// Bundles the VS Code integration tests into out/test/vscode/:
//   test/vscode/host.ts, runTest.ts     → out/test/vscode/{host,runTest}.js   (node; npm packages external)
//   test/vscode/suite/index.ts          → out/test/vscode/suite/index.js      (mocha external)
//   test/vscode/suite/**/*.test.ts      → out/test/vscode/suite/**/*.test.js  (vscode, mocha external;
//                                          src/ code they import is bundled into each test file)
// The suite folder is wiped first so that deleted tests don't linger.
import * as esbuild from 'esbuild';
import { readdirSync, rmSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
process.chdir(root);

const suiteDir = 'test/vscode/suite';
const tests = readdirSync(suiteDir, { recursive: true, withFileTypes: true })
  .filter((e) => e.isFile() && e.name.endsWith('.test.ts'))
  .map((e) => relative(root, join(e.parentPath, e.name)));

// mainFields: see esbuild.mjs (jsonc-parser's UMD "main" doesn't bundle).
const node = { bundle: true, platform: 'node', target: 'node20', format: 'cjs', sourcemap: 'inline', logLevel: 'warning', mainFields: ['module', 'main'] };
rmSync('out/test/vscode', { recursive: true, force: true });
await Promise.all([
  esbuild.build({ ...node, entryPoints: ['test/vscode/host.ts', 'test/vscode/runTest.ts'], outdir: 'out/test/vscode', packages: 'external' }),
  esbuild.build({
    ...node,
    entryPoints: [join(suiteDir, 'index.ts'), ...tests],
    outbase: suiteDir,
    outdir: 'out/test/vscode/suite',
    external: ['vscode', 'mocha'],
  }),
]);
console.log(`[vscode-host] built host, runner and suite (${tests.length} test file${tests.length === 1 ? '' : 's'}) into out/test/vscode/`);
