// The run panel: reopening a finished run, its views (overview, loss, gradients, hidden state,
// parallelism, model), restoring it after a reload, comparing runs, sampling, revealing and deleting a
// run; screenshots of the drawn views.
import * as assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import * as vscode from 'vscode';
import { PANEL_VIEW_TYPE, type PanelTab } from '../../../src/protocol/panel';
import type { RevealedIn } from '../../../src/extension/runs/run-commands';
import { canScreenshot, takeScreenshot } from './helpers';
import { api, closeAllEditors, collectNotices, collectRendered, specUri, train, waitFor } from './rnn-lab';

suite('run panel', () => {
  let charRun = '';
  let addingRun = '';

  suiteSetup(async function () {
    this.timeout(60_000);
    await vscode.workspace.getConfiguration('rnnLab').update('panel.openOnTrain', false, vscode.ConfigurationTarget.Workspace);
    const a = await train('tiny-char', { steps: 60 });
    const b = await train('tiny-adding', { steps: 40 });
    assert.equal((await a.done).status, 'completed');
    assert.equal((await b.done).status, 'completed');
    charRun = a.state.runId!;
    addingRun = b.state.runId!;
    await closeAllEditors();
  });

  suiteTeardown(async () => {
    await vscode.workspace.getConfiguration('rnnLab').update('panel.openOnTrain', undefined, vscode.ConfigurationTarget.Workspace);
    await closeAllEditors();
  });

  test('reopens a finished run and draws every view', async function () {
    this.timeout(60_000);
    const a = await api();
    const rendered = collectRendered(a);
    await vscode.commands.executeCommand('rnnLab.openPanel', { runId: charRun });
    const panel = await waitFor('the panel', () => a.panels.get([charRun]));
    const drawn = (tab: PanelTab) => rendered.details.find((d) => d.runIds.includes(charRun) && d.detail.tab === tab && d.detail.items > 0);
    const overview = await waitFor('the overview, the first tab', () => drawn('overview'));
    assert.equal(rendered.details[0].detail.tab, 'overview', 'the panel opens on the overview');
    const parts = overview.detail.parts ?? {};
    assert.ok(parts.loss > 0 && parts.gradProfile > 0, JSON.stringify(parts));
    assert.equal(parts.heatmap, 20 * 16, "the top layer's T × H heatmap");
    for (const tab of ['loss', 'gradients', 'hidden', 'parallelism', 'model', 'samples'] as PanelTab[]) {
      panel.showTab(tab);
      const d = await waitFor(`the ${tab} view`, () => (tab === 'samples' ? (rendered.details.find((x) => x.detail.tab === 'samples') ?? true) : drawn(tab)));
      if (tab === 'hidden' && d !== true) assert.equal(d.detail.items, 20 * 16, 'T × H cells of the probe heatmap');
    }
    if (canScreenshot()) {
      await vscode.commands.executeCommand('notifications.clearAll');
      // (The overview's picture is the README's, of a run mid-training: readme-screenshot.test.ts.)
      for (const tab of ['loss', 'gradients', 'hidden', 'parallelism', 'model'] as PanelTab[]) {
        panel.showTab(tab);
        await new Promise((r) => setTimeout(r, 700));
        const file = await takeScreenshot(`panel-${tab}.png`, { frameTitle: 'tiny-char' });
        assert.ok(existsSync(file));
      }
    }
    panel.showTab('overview');
    rendered.dispose();
  });

  test('keeps its tab when VS Code reloads a hidden webview (the tab is in the state it saves)', async function () {
    this.timeout(60_000);
    const a = await api();
    await closeAllEditors();
    await vscode.commands.executeCommand('rnnLab.openPanel', { runId: charRun });
    const panel = await waitFor('the panel', () => a.panels.get([charRun]));
    let rendered = collectRendered(a);
    panel.showTab('gradients');
    await waitFor('the gradients tab', () => rendered.details.find((d) => d.runIds.includes(charRun) && d.detail.tab === 'gradients'));
    rendered.dispose();
    // Another editor in front: without retainContextWhenHidden the webview is dropped, and made
    // again from its saved state when the panel comes back.
    const ready = new Promise<void>((resolve) => {
      const sub = a.onPanelMessage(({ runIds, message }) => {
        if (message.type === 'ready' && runIds.includes(charRun)) (sub.dispose(), resolve());
      });
    });
    await vscode.window.showTextDocument(specUri('tiny-char'), { viewColumn: panel.panel.viewColumn, preview: false });
    await waitFor('the panel to be hidden', () => !panel.panel.visible || undefined);
    rendered = collectRendered(a);
    panel.panel.reveal(panel.panel.viewColumn);
    await ready;
    const first = await waitFor('the reloaded webview to draw', () => rendered.details.find((d) => d.runIds.includes(charRun)));
    assert.equal(first.detail.tab, 'gradients', 'the reloaded webview shows the tab it saved');
    rendered.dispose();
  });

  test('restores a panel after a window reload: the serializer shows the saved run on the saved tab', async function () {
    this.timeout(60_000);
    const a = await api();
    await closeAllEditors();
    await waitFor('no panel of the run', () => !a.panels.get([charRun]) || undefined);
    const rendered = collectRendered(a);
    // What VS Code does after a reload: a panel of our viewType, handed to the serializer with the
    // state its webview saved.
    const created = vscode.window.createWebviewPanel(PANEL_VIEW_TYPE, 'RNN Lab', vscode.ViewColumn.One, {});
    const restored = a.panels.restore(created, { runIds: [charRun], tab: 'hidden', layer: 0, quantity: 'c' });
    assert.ok(restored, 'a panel for the saved run');
    assert.equal(a.panels.get([charRun]), restored, 'tracked like any other panel');
    assert.match(restored.panel.title, /^tiny-char/);
    const d = await waitFor('the restored panel to draw', () => rendered.details.find((x) => x.runIds.includes(charRun)));
    assert.equal(d.detail.tab, 'hidden', 'on the saved tab');
    assert.equal(d.detail.note, 'c@0', 'with the saved layer and quantity');
    assert.equal(d.detail.items, 20 * 16);
    assert.ok(restored.posted.includes('init'));
    rendered.dispose();

    // (Beside, so the restored panel's webview is not hidden and reloaded meanwhile.)
    const stale = vscode.window.createWebviewPanel(PANEL_VIEW_TYPE, 'RNN Lab', { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, {});
    let closed = false;
    stale.onDidDispose(() => (closed = true));
    assert.equal(a.panels.restore(stale, { tab: 'loss' }), undefined);
    assert.ok(closed, 'a state without runs closes the panel');
    await closeAllEditors();
  });

  test("Reveal Run Folder shows the run's run.json: in the OS file manager on the desktop, else in the Explorer", async () => {
    const a = await api();
    const commands = await vscode.commands.getCommands(true);
    const how = await vscode.commands.executeCommand<RevealedIn>('rnnLab.revealRun', { runId: charRun });
    const desktop = vscode.env.uiKind === vscode.UIKind.Desktop && vscode.env.remoteName === undefined;
    assert.equal(how, desktop && commands.includes('revealFileInOS') ? 'os' : 'explorer');
    console.log(
      `      ui ${vscode.env.uiKind === vscode.UIKind.Web ? 'web' : 'desktop'}, revealFileInOS ${commands.includes('revealFileInOS') ? 'available' : 'unavailable'}: revealed in ${how}`,
    );
    if (canScreenshot() && how === 'explorer') {
      await new Promise((r) => setTimeout(r, 500));
      await takeScreenshot('reveal-run.png');
    }
    const notices = collectNotices(a);
    assert.equal(await vscode.commands.executeCommand('rnnLab.revealRun', { runId: '20000101-000000-gone-0000' }), undefined);
    const n = await waitFor('a message about the missing run', () => notices.notices.find((x) => x.message.includes('no longer exists')));
    assert.equal(n.level, 'warning');
    notices.dispose();
    await vscode.commands.executeCommand('workbench.view.extension.rnnLab');
  });

  test('compares two runs in one panel with their config differences', async () => {
    const a = await api();
    const rendered = collectRendered(a);
    await vscode.commands.executeCommand('rnnLab.compareRuns', { runIds: [charRun, addingRun] });
    const panel = await waitFor('the compare panel', () => a.panels.get([charRun, addingRun]));
    assert.match(panel.panel.title, /^Compare: /);
    const o = await waitFor('both runs on the overview', () =>
      rendered.details.find((x) => x.runIds.length === 2 && x.detail.tab === 'overview' && x.detail.runs === 2),
    );
    assert.ok((o.detail.parts?.loss ?? 0) > 100, JSON.stringify(o.detail.parts));
    panel.showTab('loss');
    const d = await waitFor('both runs on the loss chart', () =>
      rendered.details.find((x) => x.runIds.length === 2 && x.detail.tab === 'loss' && x.detail.runs === 2),
    );
    assert.ok(d.detail.items > 100);
    if (canScreenshot()) {
      await vscode.commands.executeCommand('notifications.clearAll');
      await new Promise((r) => setTimeout(r, 500));
      await takeScreenshot('panel-compare.png', { frameTitle: 'Compare' });
    }
    rendered.dispose();
  });

  test('samples text from a char-lm run', async () => {
    const text = await vscode.commands.executeCommand<string>('rnnLab.sample', { runId: charRun }, { prime: 'The ', length: 40, temperature: 0.7 });
    assert.equal(typeof text, 'string');
    assert.ok(text.startsWith('The ') && text.length >= 40, JSON.stringify(text));
  });

  test('deletes a run (only its folder inside .rnn-lab/) and closes its panels', async () => {
    const a = await api();
    const run = a.runs.get(addingRun)!;
    assert.ok(existsSync(run.folder));
    const deleted = await vscode.commands.executeCommand<string[]>('rnnLab.deleteRun', { runId: addingRun, skipConfirmation: true });
    assert.deepEqual(deleted, [addingRun]);
    assert.ok(!existsSync(run.folder));
    await waitFor('the run to leave the view', () => !a.runs.list().some((r) => r.id === addingRun) || undefined);
    assert.equal(a.panels.get([charRun, addingRun]), undefined, 'the compare panel closed');
    assert.ok(a.runs.get(charRun), 'other runs stay');
  });
});
