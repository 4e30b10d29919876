// The Transformer beside the RNN in VS Code: New Transformer Twin writes the twin next to a spec,
// the twin trains from the editor, and the panel draws its attention (shot for the README to
// .vscode-test/screenshots/panel-attention.png; docs/panel-attention.png is a copy of it).
import * as assert from 'node:assert/strict';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { canScreenshot, takeScreenshot } from './helpers';
import { api, closeAllEditors, collectRendered, train, waitFor, withSetting, workspaceRoot } from './rnn-lab';

const SPEC = {
  name: 'verse-lstm',
  task: { kind: 'char-lm', file: 'data/ballads-excerpt.txt', validation: 0.1 },
  model: { cell: 'lstm', hiddenSize: 32, layers: 2 },
  training: { optimizer: 'adam', learningRate: 0.005, batchSize: 16, bptt: 24, steps: 120, clip: { norm: 1 }, seed: 1, evalEvery: 40 },
};

suite('Transformer', () => {
  const source = (): string => join(workspaceRoot(), 'verse-lstm.rnn.json');
  const twin = (): string => join(workspaceRoot(), 'verse-lstm-transformer.rnn.json');
  const undo: (() => Promise<void>)[] = [];

  suiteSetup(async () => {
    writeFileSync(source(), `${JSON.stringify(SPEC, null, 2)}\n`);
    undo.push(await withSetting('panel.openOnTrain', false));
  });

  suiteTeardown(async () => {
    for (const u of undo.reverse()) await u();
    await closeAllEditors();
    rmSync(source(), { force: true });
    rmSync(twin(), { force: true });
  });

  test('New Transformer Twin writes a Transformer of about the same size, which trains and shows its attention', async function () {
    this.timeout(180_000);
    const a = await api();
    await closeAllEditors();
    const made = (await vscode.commands.executeCommand('rnnLab.newTwin', vscode.Uri.file(source()))) as vscode.Uri | undefined;
    assert.ok(made && existsSync(twin()), 'the twin is written next to the spec');
    const spec = JSON.parse(readFileSync(twin(), 'utf8'));
    assert.equal(spec.model.cell, 'transformer');
    assert.equal(spec.name, 'verse-transformer');
    assert.equal(spec.model.layers, 2);

    const session = await train('verse-lstm-transformer');
    const runId = session.state.runId!;
    const end = await session.done;
    assert.equal(end.status, 'completed', end.error);

    for (const command of ['workbench.action.closeSidebar', 'workbench.action.closePanel', 'workbench.action.closeAuxiliaryBar', 'notifications.clearAll']) {
      await vscode.commands.executeCommand(command).then(undefined, () => undefined);
    }
    const rendered = collectRendered(a);
    await vscode.commands.executeCommand('rnnLab.openPanel', { runId });
    const panel = await waitFor('the panel', () => a.panels.get([runId]));
    await waitFor('the panel to draw', () => rendered.details.some((d) => d.runIds.includes(runId)) || undefined);
    panel.showTab('attention');
    const drawn = await waitFor('the attention map', () =>
      rendered.details.find((d) => d.runIds.includes(runId) && d.detail.tab === 'attention' && d.detail.items > 0),
    );
    const T = SPEC.training.bptt;
    assert.equal(drawn.detail.items, (T * (T + 1)) / 2, 'one cell per query and key at or before it');
    rendered.dispose();
    if (canScreenshot()) {
      await vscode.commands.executeCommand('notifications.hideToasts');
      await new Promise((r) => setTimeout(r, 800));
      const file = await takeScreenshot('panel-attention.png', { frameTitle: 'verse-transformer' });
      assert.ok(existsSync(file));
    }
  });
});
