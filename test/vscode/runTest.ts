/**
 * Runs the VS Code integration suite (out/test/vscode/suite) with @vscode/test-electron.
 *
 * By default VS Code is scripts/vscode-host/code, a stand-in that runs the suite in code-server
 * 1.100.3 driven by headless Chromium (see test/vscode/host.ts): desktop VS Code can't be
 * downloaded on our machines. Set RNN_LAB_VSCODE=desktop to let test-electron download and use
 * real desktop VS Code instead (where that is reachable), or RNN_LAB_VSCODE=/path/to/code.
 *
 * The workspace is a fresh temporary copy of test/vscode/workspace/, so runs written by the tests
 * never land in the repository; it is deleted afterwards (RNN_LAB_HOST_KEEP_TMP=1 keeps it).
 */
import { runTests } from '@vscode/test-electron';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findRepoRoot } from './repo-root';

async function main(): Promise<number> {
  const root = findRepoRoot();
  const which = process.env.RNN_LAB_VSCODE;
  const vscodeExecutablePath = which === 'desktop' ? undefined : which ? which : join(root, 'scripts', 'vscode-host', 'code');

  const tmp = mkdtempSync(join(tmpdir(), 'rnn-lab-vscode-ws-'));
  const workspace = join(tmp, 'workspace');
  cpSync(join(root, 'test', 'vscode', 'workspace'), workspace, { recursive: true });

  try {
    await runTests({
      vscodeExecutablePath,
      version: '1.100.3', // only used when downloading (RNN_LAB_VSCODE=desktop)
      extensionDevelopmentPath: root,
      extensionTestsPath: join(root, 'out', 'test', 'vscode', 'suite', 'index'),
      launchArgs: [workspace, '--disable-extensions'],
      extensionTestsEnv: {
        RNN_LAB_TEST_WORKSPACE: workspace,
        MOCHA_COLORS: process.env.MOCHA_COLORS ?? (process.stdout.isTTY && !process.env.NO_COLOR ? '1' : '0'),
      },
    });
    return 0;
  } catch (e) {
    const code = (e as { code?: number }).code;
    console.error(`[runTest] ${e instanceof Error ? e.message : e}`);
    return typeof code === 'number' && code !== 0 ? code : 1;
  } finally {
    if (process.env.RNN_LAB_HOST_KEEP_TMP === '1') console.error(`[runTest] kept workspace ${workspace}`);
    else rmSync(tmp, { recursive: true, force: true });
  }
}

main().then((code) => process.exit(code));
