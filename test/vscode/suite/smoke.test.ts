import * as assert from 'node:assert/strict';
import { existsSync, readFileSync, realpathSync } from 'node:fs';
import { join, resolve } from 'node:path';
import * as vscode from 'vscode';
import { canScreenshot, takeScreenshot } from './helpers';

const EXTENSION_ID = 'rnn-lab.rnn-lab';
const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const repoRoot = resolve(__dirname, '../../../..'); // out/test/vscode/suite → repo

suite('smoke', () => {
  test('runs in VS Code 1.100', () => {
    assert.match(vscode.version, /^1\.100\./);
  });

  test('the extension is present and activates', async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext, `${EXTENSION_ID} not found`);
    assert.equal(realpathSync(ext.extensionUri.fsPath), realpathSync(repoRoot));
    await ext.activate();
    assert.ok(ext.isActive);
    const main = ext.packageJSON.main as string | undefined;
    if (main) assert.ok(existsSync(join(repoRoot, main)) || existsSync(join(repoRoot, `${main}.js`)), `main ${main} not built`);
  });

  test('the workspace is a temporary copy of test/vscode/workspace', () => {
    const folder = vscode.workspace.workspaceFolders?.[0];
    assert.ok(folder, 'no workspace folder open');
    const fsPath = realpathSync(folder.uri.fsPath);
    assert.ok(!fsPath.startsWith(realpathSync(repoRoot)), `workspace ${fsPath} is inside the repository`);
    if (process.env.RNN_LAB_TEST_WORKSPACE) assert.equal(fsPath, realpathSync(process.env.RNN_LAB_TEST_WORKSPACE));
    assert.ok(existsSync(join(fsPath, 'README.md')), 'fixture README.md missing');
  });

  test('the host takes screenshots of the page and of one webview', async function () {
    if (!canScreenshot()) this.skip();
    const page = await takeScreenshot('smoke-workbench.png');
    assert.deepEqual([...readFileSync(page).subarray(0, 8)], PNG_SIGNATURE);

    // A webview is found by its document's <title>, wherever VS Code nests its iframes.
    const panel = vscode.window.createWebviewPanel('rnnLab.smokeProbe', 'Smoke probe', vscode.ViewColumn.One, { enableScripts: true });
    try {
      const ready = new Promise<void>((resolve) => panel.webview.onDidReceiveMessage((m) => m === 'ready' && resolve()));
      panel.webview.html = `<!DOCTYPE html><html><head><meta charset="utf-8">
        <meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'">
        <title>smoke-probe</title></head>
        <body style="background:#2a6;color:#fff;font:32px sans-serif"><h1>smoke probe</h1>
        <script>acquireVsCodeApi().postMessage('ready')</script></body></html>`;
      await ready;
      const shot = await takeScreenshot('smoke-webview.png', { frameTitle: 'smoke-probe' });
      const png = readFileSync(shot);
      assert.deepEqual([...png.subarray(0, 8)], PNG_SIGNATURE);
      const width = png.readUInt32BE(16);
      assert.ok(width > 100 && width < 1400, `webview shot is ${width}px wide: not clipped to the panel?`);
    } finally {
      panel.dispose();
    }
  });
});
