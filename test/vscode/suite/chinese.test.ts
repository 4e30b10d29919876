// The extension in Simplified Chinese. code-server cannot switch its display language offline, so
// this forces the catalogues' language (RNN_LAB_LANG, read by src/extension/util/lang.ts in this
// same extension host) and checks what a user reads in the Problems view and the panel; the
// panel is shot to .vscode-test/screenshots/panel-zh-cn-vscode.png. (vscode.l10n.t strings follow
// only VS Code's real display language: l10n/bundle.l10n.zh-cn.json is checked by the catalogue tests.)
import * as assert from 'node:assert/strict';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { canScreenshot, takeScreenshot } from './helpers';
import { api, closeAllEditors, collectRendered, train, waitFor, workspaceRoot } from './rnn-lab';

const HAN = /[\u4e00-\u9fff]/;

suite('Simplified Chinese (catalogue language forced)', () => {
  const broken = (): string => join(workspaceRoot(), 'zh-broken.rnn.json');

  suiteSetup(() => {
    process.env.RNN_LAB_LANG = 'zh-cn';
  });

  suiteTeardown(async () => {
    delete process.env.RNN_LAB_LANG;
    await closeAllEditors();
    rmSync(broken(), { force: true });
  });

  test('a spec problem reads in Chinese in the Problems view', async function () {
    this.timeout(30_000);
    writeFileSync(broken(), JSON.stringify({ name: 'zh', task: { kind: 'adding', length: 10 }, model: { cell: 'lstn' } }, null, 2));
    const uri = vscode.Uri.file(broken());
    await vscode.window.showTextDocument(uri);
    const d = await waitFor('the problem', () => vscode.languages.getDiagnostics(uri).find((x) => x.source === 'rnn-lab'));
    assert.match(d.message, HAN, d.message);
    assert.match(d.message, /lstm/, 'it still suggests the cell');
  });

  test('the panel speaks Chinese', async function () {
    this.timeout(120_000);
    const a = await api();
    await closeAllEditors();
    const session = await train('tiny-adding', { steps: 40 });
    const runId = session.state.runId!;
    assert.equal((await session.done).status, 'completed');
    const rendered = collectRendered(a);
    await vscode.commands.executeCommand('rnnLab.openPanel', { runId });
    const panel = await waitFor('the panel', () => a.panels.get([runId]));
    await waitFor('the overview', () => rendered.details.find((x) => x.runIds.includes(runId) && x.detail.tab === 'overview'));
    rendered.dispose();
    assert.ok(panel.posted.includes('init'));
    if (canScreenshot()) {
      await vscode.commands.executeCommand('notifications.hideToasts');
      await new Promise((r) => setTimeout(r, 800));
      await takeScreenshot('panel-zh-cn-vscode.png', { frameTitle: 'tiny-adding' });
    }
  });
});
