/**
 * Mocha entry point loaded by the extension host (`--extensionTestsPath`): runs every
 * `*.test.js` next to this file (out/test/vscode/suite/, built by scripts/vscode-host/build-suite.mjs).
 *
 * Env: MOCHA_COLORS=1 colours the report; MOCHA_GREP filters tests by title; MOCHA_TIMEOUT sets the per-test timeout in ms (default 30000).
 */
import Mocha from 'mocha';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

export function run(): Promise<void> {
  const mocha = new Mocha({
    ui: 'tdd',
    color: process.env.MOCHA_COLORS === '1', // runTest.ts sets it when its output is a terminal
    timeout: Number(process.env.MOCHA_TIMEOUT ?? 30_000),
    grep: process.env.MOCHA_GREP || undefined,
  });
  const files = readdirSync(__dirname, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.test.js'))
    .sort();
  for (const f of files) mocha.addFile(join(__dirname, f));
  // The host shows the workbench's output from this line on (SUITE_START_MARKER in ../host.ts).
  console.log(`rnn-lab suite: ${files.length} test file${files.length === 1 ? '' : 's'} in ${__dirname}`);

  return new Promise((resolve, reject) => {
    try {
      const runner = mocha.run((failures) => {
        const { passes = 0, pending = 0 } = runner.stats ?? {};
        // A closing line CI recognises, after mocha's own report.
        console.log(`vscode: ${passes} passed, ${failures} failed${pending ? `, ${pending} skipped` : ''}`);
        if (files.length === 0) reject(new Error(`no *.test.js files in ${__dirname}`));
        else if (failures > 0) reject(new Error(`${failures} test${failures === 1 ? '' : 's'} failed`));
        else resolve();
      });
    } catch (e) {
      reject(e);
    }
  });
}
