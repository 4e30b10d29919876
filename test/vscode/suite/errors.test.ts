// What the user is told when training goes wrong: a spec with problems, unusable data, a crashed
// training worker, a diverging run. Each gets a clear message with the buttons that help next, and
// a run that ended badly is recorded as such.
import * as assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { TrainingSession } from '../../../src/extension/training/training-session';
import type { Notice } from '../../../src/extension/util/notify';
import { canScreenshot, takeScreenshot } from './helpers';
import { api, closeAllEditors, collectNotices, collectRendered, specUri, train, waitFor, withSetting, workspaceRoot } from './rnn-lab';

const runJson = (folder: string): { status: string; summary: { steps: number; message?: string } } =>
  JSON.parse(readFileSync(join(folder, 'run.json'), 'utf8'));
const lastEvent = (folder: string): { type: string; status?: string } =>
  JSON.parse(readFileSync(join(folder, 'metrics.jsonl'), 'utf8').trim().split('\n').at(-1)!);

suite('error paths', () => {
  const written: string[] = [];
  let undoOpenOnTrain: () => Promise<void>;

  /** A spec (and any files) in the temp workspace, removed after the suite. */
  function write(rel: string, text: string): vscode.Uri {
    const file = join(workspaceRoot(), rel);
    mkdirSync(join(file, '..'), { recursive: true });
    writeFileSync(file, text);
    written.push(file);
    return vscode.Uri.file(file);
  }

  suiteSetup(async () => {
    undoOpenOnTrain = await withSetting('panel.openOnTrain', false);
  });

  suiteTeardown(async () => {
    await (await api()).sessions.shutdown(2000);
    await undoOpenOnTrain();
    await closeAllEditors();
    await vscode.commands.executeCommand('notifications.clearAll');
    for (const f of written) rmSync(f, { force: true });
  });

  test('a spec with problems is not trained: they are in the Problems view, and the message names the first with "Show Problems"', async () => {
    const a = await api();
    const uri = write('missing-data.rnn.json', readFileSync(specUri('tiny-char').fsPath, 'utf8').replace('data/ballads-excerpt.txt', 'data/no-such-file.txt'));
    const notices = collectNotices(a);
    const session = await vscode.commands.executeCommand('rnnLab.train', uri);
    assert.equal(session, undefined, 'nothing trains');
    const n = await waitFor('the message', () => notices.notices.find((x) => x.level === 'error'));
    assert.match(n.message, /^Cannot train missing-data\.rnn\.json: line \d+: data file not found .*no-such-file\.txt/);
    assert.match(n.message, /Nothing was trained\.$/);
    assert.deepEqual(n.actions, ['Show Problems']);
    const problems = vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'rnn-lab');
    assert.ok(
      problems.some((d) => d.message.includes('no-such-file.txt')),
      'listed in the Problems view',
    );
    await n.run('Show Problems'); // opens the Problems view (throws if the command does not exist)
    notices.dispose();
    await closeAllEditors();
  });

  test('unusable data (an empty file) fails before a run starts, with a message naming the file and a button to it', async () => {
    const a = await api();
    write('data/empty.txt', '');
    const uri = write(
      'empty-data.rnn.json',
      JSON.stringify(
        { name: 'empty-data', task: { kind: 'char-lm', file: 'data/empty.txt' }, model: { cell: 'gru', hiddenSize: 8, layers: 1 }, training: { steps: 10 } },
        null,
        2,
      ),
    );
    const notices = collectNotices(a);
    const runsBefore = a.runs.list().length;
    const session = await vscode.commands.executeCommand<TrainingSession>('rnnLab.train', uri);
    assert.ok(session, 'the spec is valid: training starts');
    const end = await session.done;
    assert.equal(end.status, 'failed');
    assert.equal(end.errorKind, 'data');
    assert.equal(session.state.runId, undefined, 'no run was made');
    const n = await waitFor('the message', () => notices.notices.find((x) => x.level === 'error'));
    assert.equal(n.message, 'Cannot train "empty-data": data/empty.txt: the file is empty. Nothing was trained.');
    assert.deepEqual(n.actions, ['Open Data File', 'Open Spec']);
    await n.run('Open Data File');
    assert.equal(vscode.window.activeTextEditor?.document.uri.fsPath, join(workspaceRoot(), 'data', 'empty.txt'));
    a.runs.refresh();
    assert.equal(a.runs.list().length, runsBefore);
    notices.dispose();
    await closeAllEditors();
  });

  test('a crashed training worker: the run is recorded as failed, and the panel and the user are told', async function () {
    this.timeout(60_000);
    const a = await api();
    const session = await train('tiny-char', { steps: 100_000 });
    const runId = session.state.runId!;
    const folder = session.state.folder!;
    await waitFor('a few steps', () => session.state.step >= 3 || undefined);
    await vscode.commands.executeCommand('rnnLab.openPanel', { runId });
    const rendered = collectRendered(a);
    await waitFor('the panel', () => rendered.details.find((d) => d.runIds.includes(runId)));
    const notices = collectNotices(a);

    const end = await session.kill();
    assert.equal(end.status, 'failed');
    assert.match(end.error ?? '', /the training worker stopped unexpectedly/);
    const record = runJson(folder);
    assert.equal(record.status, 'failed', 'run.json says failed, not running');
    assert.ok(record.summary.steps >= 3, `summary from the metrics: ${JSON.stringify(record.summary)}`);
    assert.match(record.summary.message ?? '', /stopped unexpectedly/);
    const last = lastEvent(folder);
    assert.equal(last.type, 'finished', 'metrics.jsonl ends with the failure');
    assert.equal(last.status, 'failed');

    const n = await waitFor('the message', () => notices.notices.find((x) => x.level === 'error'));
    assert.match(
      n.message,
      /^"tiny-char" failed at step \d{1,3}(,\d{3})*: the training worker stopped unexpectedly \(exit code \d+\)\. The run is recorded as failed; its last checkpoint is kept\.$/,
    );
    assert.deepEqual(n.actions, ['Open Panel', 'Show Log']);
    await waitFor('the panel to show the run as failed', () => rendered.details.find((d) => d.runIds.includes(runId) && d.detail.note === 'failed'));
    await waitFor('the runs view to list it as failed', () => a.runs.list().find((r) => r.id === runId && r.status === 'failed'));
    await n.run('Show Log');
    rendered.dispose();
    notices.dispose();
    await closeAllEditors();
  });

  test("a diverging run: a warning with the engine's remedy, and a button to its panel", async function () {
    this.timeout(60_000);
    const a = await api();
    const uri = write(
      'diverges.rnn.json',
      JSON.stringify(
        {
          name: 'diverges',
          task: { kind: 'adding', length: 10 },
          model: { cell: 'rnn', hiddenSize: 16, layers: 1, activation: 'relu' },
          training: { optimizer: 'sgd', learningRate: 1000, batchSize: 8, steps: 200, seed: 1, evalEvery: 50 },
        },
        null,
        2,
      ),
    );
    const notices = collectNotices(a);
    const session = await vscode.commands.executeCommand<TrainingSession>('rnnLab.train', uri);
    assert.ok(session);
    const end = await session.done;
    assert.equal(end.status, 'diverged');
    const runId = session.state.runId!;
    assert.equal(runJson(session.state.folder!).status, 'diverged');
    const n: Notice = await waitFor('the warning', () => notices.notices.find((x) => x.level === 'warning'));
    assert.match(
      n.message,
      /^"diverges": Training diverged at step \d+: the (loss|gradient) became .+\. The weights before this step were kept\. Try .*"training\.learningRate" \(now 1000, e\.g\. 100\)\.$/,
    );
    assert.deepEqual(n.actions, ['Open Panel', 'Open Spec']);
    const rendered = collectRendered(a);
    await n.run('Open Panel');
    await waitFor("the run's panel", () => a.panels.get([runId]));
    const d = await waitFor('the panel to draw the diverged run', () => rendered.details.find((x) => x.runIds.includes(runId)));
    assert.equal(d.detail.note, 'diverged');
    rendered.dispose();
    if (canScreenshot()) {
      await vscode.commands.executeCommand('notifications.clearAll');
      await new Promise((r) => setTimeout(r, 700));
      await takeScreenshot('panel-diverged.png', { frameTitle: 'diverges' }); // the header says why and what to change
    }
    notices.dispose();
    await closeAllEditors();
  });

  test('no run folders are left half-written', () => {
    const runs = join(workspaceRoot(), '.rnn-lab', 'runs');
    if (!existsSync(runs)) return;
    for (const id of readdirSync(runs)) assert.notEqual(runJson(join(runs, id)).status, 'running', `${id} still reads as running`);
  });
});
