// The run panel: reopening a finished run, its views (loss, gradients, hidden state, parallelism,
// model), comparing runs, sampling, deleting a run; screenshots of the drawn views.
import * as assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import * as vscode from 'vscode';
import type { PanelTab } from '../../../src/extension/panel/protocol';
import { canScreenshot, takeScreenshot } from './helpers';
import { api, closeAllEditors, collectRendered, train, waitFor } from './rnn-lab';

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
    await waitFor('the loss chart', () => drawn('loss'));
    for (const tab of ['gradients', 'hidden', 'parallelism', 'model', 'samples'] as PanelTab[]) {
      panel.showTab(tab);
      const d = await waitFor(`the ${tab} view`, () => (tab === 'samples' ? rendered.details.find((x) => x.detail.tab === 'samples') ?? true : drawn(tab)));
      if (tab === 'hidden' && d !== true) assert.equal(d.detail.items, 20 * 16, 'T × H cells of the probe heatmap');
    }
    if (canScreenshot()) {
      await vscode.commands.executeCommand('notifications.clearAll');
      for (const tab of ['loss', 'gradients', 'hidden', 'parallelism', 'model'] as PanelTab[]) {
        panel.showTab(tab);
        await new Promise((r) => setTimeout(r, 700));
        const file = await takeScreenshot(`panel-${tab}.png`, { frameTitle: 'tiny-char' });
        assert.ok(existsSync(file));
      }
    }
    panel.showTab('loss');
    rendered.dispose();
  });

  test('compares two runs in one panel with their config differences', async () => {
    const a = await api();
    const rendered = collectRendered(a);
    await vscode.commands.executeCommand('rnnLab.compareRuns', { runIds: [charRun, addingRun] });
    const panel = await waitFor('the compare panel', () => a.panels.get([charRun, addingRun]));
    assert.match(panel.panel.title, /^Compare: /);
    const d = await waitFor('both runs on the loss chart', () => rendered.details.find((x) => x.runIds.length === 2 && x.detail.tab === 'loss' && x.detail.runs === 2));
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
