// Runs that go on elsewhere or later: Resume Run continues a stopped run in its own folder, and a run
// that the PyTorch export trained (python3 train.py) is listed, marked, and opens in the panel.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { findRepoRoot } from '../repo-root';
import { api, closeAllEditors, collectRendered, train, waitFor, workspaceRoot } from './rnn-lab';

const PYTHON = '/usr/bin/python3';

suite('Resume and runs trained by PyTorch', () => {
  suiteTeardown(closeAllEditors);

  test('Resume Run continues a stopped run in its folder to the end', async function () {
    this.timeout(120_000);
    const spec = join(workspaceRoot(), 'resume-me.rnn.json');
    writeFileSync(
      spec,
      JSON.stringify({
        name: 'resume-me',
        task: { kind: 'char-lm', file: 'data/ballads-excerpt.txt' },
        model: { cell: 'gru', hiddenSize: 16 },
        training: { batchSize: 8, bptt: 20, steps: 300, evalEvery: 50, seed: 4 },
      }),
    );
    try {
      const session = await train('resume-me');
      const runId = session.state.runId!;
      await waitFor('a few steps', () => session.state.step >= 25 || undefined, 60_000);
      await vscode.commands.executeCommand('rnnLab.stop', { runId });
      assert.equal((await session.done).status, 'stopped');
      const a = await api();
      const stopped = await waitFor('the stopped run in the runs view', () => a.runs.list().find((r) => r.id === runId && r.status === 'stopped'));
      assert.ok(stopped.summary.steps < 300);

      await vscode.commands.executeCommand('rnnLab.resumeRun', { runId });
      const resumed = await waitFor('the resumed session', () => (a.sessions.byRunId(runId) !== session ? a.sessions.byRunId(runId) : undefined));
      const end = await resumed.done;
      assert.equal(end.status, 'completed', end.error);
      const run = await waitFor('the completed run', () => a.runs.list().find((r) => r.id === runId && r.status === 'completed'));
      assert.equal(run.summary.steps, 300, 'trained on in the same folder to the end');
      assert.equal(a.runs.list().filter((r) => r.name === 'resume-me').length, 1, 'no new run folder');
    } finally {
      rmSync(spec, { force: true });
    }
  });

  test('a run trained by the PyTorch export is listed as trained by PyTorch and opens in the panel', async function () {
    this.timeout(240_000);
    const torch = spawnSync(PYTHON, ['-c', 'import torch'], { encoding: 'utf8' });
    if (torch.status !== 0) {
      if (process.env.CI) assert.fail(`PyTorch is needed (scripts/install-torch.sh): ${torch.stderr}`);
      this.skip();
    }
    const ws = workspaceRoot();
    const out = join(ws, 'pytorch-export');
    const cli = join(findRepoRoot(), 'out', 'cli.js');
    const exported = spawnSync(process.execPath, [cli, 'export', 'tiny-char.rnn.json', '--out', out], { cwd: ws, encoding: 'utf8' });
    assert.equal(exported.status, 0, exported.stderr);
    const trained = spawnSync(PYTHON, [join(out, 'train.py'), '--steps', '6', '--device', 'cpu'], { cwd: ws, encoding: 'utf8', timeout: 180_000 });
    assert.equal(trained.status, 0, trained.stderr);

    const a = await api();
    await a.runs.discover();
    const run = await waitFor(
      'the PyTorch run in the runs view',
      () => a.runs.list().find((r) => r.trainedBy === 'pytorch' && r.status === 'completed'),
      30_000,
    );
    assert.ok(existsSync(join(run.folder, 'weights.safetensors')));
    const rendered = collectRendered(a);
    await vscode.commands.executeCommand('rnnLab.openPanel', { runId: run.id });
    const drawn = await waitFor('its overview', () =>
      rendered.details.find((d) => d.runIds.includes(run.id) && d.detail.tab === 'overview' && d.detail.items > 0),
    );
    rendered.dispose();
    assert.ok(drawn.detail.items > 0);
  });
});
