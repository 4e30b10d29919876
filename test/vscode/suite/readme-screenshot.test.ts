// The README's picture: the run panel's Overview of an LSTM mid-training (loss curves, gradient
// through time, the top layer's hidden state), shot full-width in a dark theme to
// .vscode-test/screenshots/panel-overview.png (docs/panel.png is a copy of it).
import * as assert from 'node:assert/strict';
import { existsSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { canScreenshot, takeScreenshot } from './helpers';
import { api, closeAllEditors, collectRendered, train, waitFor, withSetting, workspaceRoot } from './rnn-lab';

// tiny-char made slower and deeper, so it is still training when the shot is taken: 2 LSTM layers
// (two gradient profiles), 48 units (a readable heatmap), 40 characters of probe text.
const SPEC = {
  name: 'char-lstm',
  task: { kind: 'char-lm', file: 'data/ballads-excerpt.txt', validation: 0.1 },
  model: { cell: 'lstm', hiddenSize: 48, layers: 2 },
  training: { optimizer: 'adam', learningRate: 0.01, batchSize: 16, bptt: 40, steps: 5000, clip: { norm: 1 }, seed: 1, evalEvery: 20 },
};
const PROBES = 15; // step 0 and 14 more (280 steps): a loss curve with a shape, a history of gradient profiles
const THEME = 'Default Dark Modern';

suite('README screenshot', () => {
  const specPath = (): string => join(workspaceRoot(), 'char-lstm.rnn.json');
  const undo: (() => Promise<void>)[] = [];

  suiteSetup(async () => {
    writeFileSync(specPath(), `${JSON.stringify(SPEC, null, 2)}\n`);
    undo.push(await withSetting('panel.openOnTrain', false));
    const workbench = vscode.workspace.getConfiguration('workbench');
    const theme = workbench.inspect<string>('colorTheme')?.globalValue;
    await workbench.update('colorTheme', THEME, vscode.ConfigurationTarget.Global);
    undo.push(async () => vscode.workspace.getConfiguration('workbench').update('colorTheme', theme, vscode.ConfigurationTarget.Global));
  });

  suiteTeardown(async () => {
    for (const u of undo.reverse()) await u();
    await vscode.commands.executeCommand('workbench.view.explorer');
    await closeAllEditors();
    rmSync(specPath(), { force: true });
  });

  test('the Overview of an LSTM mid-training: loss, gradient through time and hidden state drawn', async function () {
    this.timeout(120_000);
    const a = await api();
    await closeAllEditors();
    // The panel alone in the window, as wide as it gets.
    for (const command of ['workbench.action.closeSidebar', 'workbench.action.closePanel', 'workbench.action.closeAuxiliaryBar', 'notifications.clearAll']) {
      await vscode.commands.executeCommand(command).then(undefined, () => undefined);
    }

    const session = await train('char-lstm');
    const runId = session.state.runId!;
    let probes = 0;
    const sub = session.onEvent((e) => void (e.type === 'probe' && probes++));
    try {
      await waitFor(`${PROBES} evaluations and probes`, () => probes >= PROBES || undefined, 90_000);
      const rendered = collectRendered(a);
      await vscode.commands.executeCommand('rnnLab.openPanel', { runId });
      const panel = await waitFor('the panel', () => a.panels.get([runId]));
      // Everything drawn, from the probes so far, while the run goes on.
      const drawn = await waitFor('the overview with all three charts', () =>
        rendered.details.find(
          (d) =>
            d.runIds.includes(runId) &&
            d.detail.tab === 'overview' &&
            d.detail.note === 'running' &&
            Object.values(d.detail.parts ?? {}).every((n) => n > 0) &&
            Object.keys(d.detail.parts ?? {}).length === 3,
        ),
      );
      const parts = drawn.detail.parts!;
      assert.ok(parts.loss >= 2 * PROBES, `loss points: ${parts.loss}`);
      assert.equal(parts.heatmap, 40 * 48, 'the top layer: 40 steps × 48 units');
      assert.ok(parts.gradProfile >= 2 * 40, `gradient profile points: ${parts.gradProfile}`);
      rendered.dispose();
      assert.equal(session.state.phase, 'running', 'still training');
      if (canScreenshot()) {
        // The training's progress notification would sit on the panel's corner.
        await vscode.commands.executeCommand('notifications.hideToasts');
        await new Promise((r) => setTimeout(r, 1200)); // a few live updates, and the charts' frame
        assert.ok(session.running, 'still training when shot');
        const file = await takeScreenshot('panel-overview.png', { frameTitle: 'char-lstm' });
        assert.ok(existsSync(file));
        console.log(`      ${file}: step ${session.state.step}, ${probes} probes`);
      }
      assert.ok(panel.posted.includes('events'), 'live events reached the panel');
    } finally {
      sub.dispose();
      await vscode.commands.executeCommand('rnnLab.stop', { runId });
    }
    assert.equal((await session.done).status, 'stopped');
  });
});
