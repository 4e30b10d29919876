// Run actions: open in the panel, compare, sample, reveal the folder, delete (inside .rnn-lab/ only).
import * as vscode from 'vscode';
import path from 'node:path';
import type { PanelManager } from '../panel/panel-manager';
import { settings } from '../configuration';
import type { SessionManager } from '../training/session-manager';
import { latestRunOfSpec, pickRuns, runIdsOf } from './pick-runs';
import type { RunIndex } from './run-index';
import { isTextRun } from './runs-tree';
import { sampleInWorker } from './sampler';
import { isSpecUri } from '../specs/spec-files';
import { notify } from '../util/notify';
import { errorText } from '../util/lang';

export interface RunCommandDeps {
  index: RunIndex;
  panels: PanelManager;
  sessions: SessionManager;
  workerScript: string;
}

export function registerRunCommands(d: RunCommandDeps): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand('rnnLab.openPanel', (arg?: unknown, sel?: unknown) => openPanel(d, arg, sel)),
    vscode.commands.registerCommand('rnnLab.compareRuns', (arg?: unknown, sel?: unknown) => compare(d, arg, sel)),
    vscode.commands.registerCommand('rnnLab.sample', (arg?: unknown, opts?: { prime?: string; length?: number; temperature?: number }) => sample(d, arg, opts)),
    vscode.commands.registerCommand('rnnLab.revealRun', (arg?: unknown) => reveal(d, arg)),
    vscode.commands.registerCommand('rnnLab.deleteRun', (arg?: unknown, sel?: unknown) => deleteRuns(d, arg, sel)),
    vscode.commands.registerCommand('rnnLab.refreshRuns', () => d.index.discover()),
    vscode.commands.registerCommand('rnnLab.resumeRun', (arg?: unknown) => resumeRun(d, arg)),
  ];
}

async function openPanel(d: RunCommandDeps, arg: unknown, sel: unknown): Promise<string[] | undefined> {
  let ids = runIdsOf(arg, sel);
  const specArg = arg ?? vscode.window.activeTextEditor?.document.uri;
  if (ids.length === 0 && isSpecUri(specArg instanceof vscode.Uri ? specArg : undefined)) {
    const uri = specArg as vscode.Uri;
    const latest = d.sessions.latestFor(uri.fsPath)?.state.runId ?? latestRunOfSpec(d.index, uri)?.id;
    if (!latest) {
      notify('info', vscode.l10n.t('{0} has no runs yet.', vscode.workspace.asRelativePath(uri)), {
        [vscode.l10n.t('Train')]: () => vscode.commands.executeCommand('rnnLab.train', uri),
      });
      return undefined;
    }
    ids = [latest];
  }
  if (ids.length === 0) ids = await pickRuns(d.index, { many: false, title: vscode.l10n.t('Open which run?') });
  if (ids.length === 0) return undefined;
  const missing = ids.filter((id) => !d.index.get(id));
  if (missing.length) {
    notify('warning', vscode.l10n.t('Run {0} no longer exists (its folder under .rnn-lab/runs/ was deleted).', missing.join(', ')));
    return undefined;
  }
  d.panels.open(ids.length > 1 ? ids : [ids[0]]);
  return ids;
}

async function compare(d: RunCommandDeps, arg: unknown, sel: unknown): Promise<string[] | undefined> {
  let ids = runIdsOf(arg, sel);
  if (ids.length < 2) ids = await pickRuns(d.index, { many: true, title: vscode.l10n.t('Compare which runs? (pick two or more)') });
  if (ids.length < 2) {
    if (ids.length === 1) notify('info', vscode.l10n.t('Pick at least two runs to compare.'));
    return undefined;
  }
  d.panels.open(ids);
  return ids;
}

async function sample(d: RunCommandDeps, arg: unknown, opts: { prime?: string; length?: number; temperature?: number } = {}): Promise<string | undefined> {
  let [id] = runIdsOf(arg, undefined);
  id ??= (await pickRuns(d.index, { many: false, title: vscode.l10n.t('Sample from which run?'), filter: isTextRun }))[0];
  if (!id) return undefined;
  const run = d.index.get(id);
  if (!run) {
    notify('warning', vscode.l10n.t('Run {0} no longer exists (its folder under .rnn-lab/runs/ was deleted).', id));
    return undefined;
  }
  if (!isTextRun(run)) {
    notify('warning', vscode.l10n.t('Run {0} is not a text model (char-lm or word-lm): there is nothing to sample.', run.id));
    return undefined;
  }
  const prime =
    opts.prime ??
    (await vscode.window.showInputBox({
      title: vscode.l10n.t('Sample from {0}', run.name),
      prompt: vscode.l10n.t('Text to start from (optional)'),
      value: '',
    }));
  if (prime === undefined) return undefined;
  const length = opts.length ?? settings.sampleLength();
  const temperature = opts.temperature ?? settings.sampleTemperature();
  try {
    const text = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Sampling {0} tokens from {1}…', length, run.name) },
      () => sampleInWorker(d.workerScript, { workspaceRoot: run.root, runId: run.id, length, temperature, prime: prime || undefined, seed: Date.now() % 1e9 }),
    );
    const header = `# ${run.name} (${run.id}) · temperature ${temperature} · ${length} tokens\n\n`;
    const doc = await vscode.workspace.openTextDocument({ content: header + text, language: 'plaintext' });
    await vscode.window.showTextDocument(doc, { preview: true });
    return text;
  } catch (e) {
    notify('error', vscode.l10n.t('Sampling from {0} ({1}) failed: {2}', run.name, run.id, errorText(e)));
    return undefined;
  }
}

/** Where Reveal Run Folder showed the run: the OS file manager, the Explorer, or (outside the workspace) an editor on its run.json. */
export type RevealedIn = 'os' | 'explorer' | 'editor';

async function reveal(d: RunCommandDeps, arg: unknown): Promise<RevealedIn | undefined> {
  let [id] = runIdsOf(arg, undefined);
  id ??= (await pickRuns(d.index, { many: false, title: vscode.l10n.t('Reveal which run?') }))[0];
  if (!id) return undefined;
  const run = d.index.get(id);
  if (!run) {
    notify('warning', vscode.l10n.t('Run {0} no longer exists (its folder under .rnn-lab/runs/ was deleted).', id));
    return undefined;
  }
  const record = vscode.Uri.file(path.join(run.folder, 'run.json'));
  // The OS file manager only in a desktop window on the run's own machine: VS Code for the Web and
  // code-server have no revealFileInOS, and a remote window's would show the wrong machine.
  const local = vscode.env.uiKind === vscode.UIKind.Desktop && vscode.env.remoteName === undefined;
  if (local && (await vscode.commands.getCommands(true)).includes('revealFileInOS')) {
    await vscode.commands.executeCommand('revealFileInOS', record);
    return 'os';
  }
  if (vscode.workspace.getWorkspaceFolder(record)) {
    await vscode.commands.executeCommand('revealInExplorer', record);
    return 'explorer';
  }
  await vscode.window.showTextDocument(record, { preview: true });
  return 'editor';
}

async function deleteRuns(d: RunCommandDeps, arg: unknown, sel: unknown): Promise<string[]> {
  const skipConfirmation = (arg as { skipConfirmation?: unknown } | undefined)?.skipConfirmation === true;
  let ids = runIdsOf(arg, sel);
  if (ids.length === 0) ids = await pickRuns(d.index, { many: true, title: vscode.l10n.t('Delete which runs?') });
  const runs = ids.map((id) => d.index.get(id)).filter((r) => r !== undefined);
  if (runs.length === 0) return [];
  if (!skipConfirmation) {
    const one = runs.length === 1;
    const del = vscode.l10n.t('Delete');
    const pick = await vscode.window.showWarningMessage(
      one ? vscode.l10n.t('Delete run {0}?', runs[0].id) : vscode.l10n.t('Delete {0} runs?', runs.length),
      {
        modal: true,
        detail: one
          ? vscode.l10n.t('This removes its folder under .rnn-lab/runs/ (metrics, checkpoint, probe). It cannot be undone.')
          : vscode.l10n.t('This removes their folders under .rnn-lab/runs/ (metrics, checkpoint, probe). It cannot be undone.'),
      },
      del,
    );
    if (pick !== del) return [];
  }
  const deleted: string[] = [];
  for (const run of runs) {
    const live = d.sessions.byRunId(run.id);
    if (live?.running) await live.stop();
    for (const p of d.panels.all()) if (p.runIds.includes(run.id)) p.dispose();
    try {
      d.index.storeOf(run).delete(run.id); // refuses anything but a real folder directly inside .rnn-lab/runs/
      deleted.push(run.id);
    } catch (e) {
      notify('error', vscode.l10n.t('Could not delete run {0}: {1}', run.id, errorText(e)));
    }
  }
  d.index.refresh();
  return deleted;
}

/** Continues a stopped, interrupted or diverged run in its folder (rnn-lab resume), in a training worker. */
async function resumeRun(d: RunCommandDeps, arg: unknown): Promise<string | undefined> {
  const ids = runIdsOf(arg, undefined);
  const id = ids[0] ?? (await pickRuns(d.index, { many: false, title: vscode.l10n.t('Resume which run?') }))[0];
  const run = id ? d.index.get(id) : undefined;
  if (!run) return undefined;
  if (run.status === 'running') {
    notify('info', vscode.l10n.t('{0} is still training.', run.name));
    return undefined;
  }
  let steps: number | undefined;
  if (run.status === 'completed') {
    // A completed run has reached its spec's steps: it goes on only to a larger total.
    const done = run.summary.steps;
    const answer = await vscode.window.showInputBox({
      title: vscode.l10n.t('Resume {0}', run.name),
      prompt: vscode.l10n.t('It completed {0} steps. Train until which step?', done),
      value: String(2 * done),
      validateInput: (v) => (Number.isInteger(Number(v)) && Number(v) > done ? undefined : vscode.l10n.t('A whole number above {0}', done)),
    });
    if (!answer) return undefined;
    steps = Number(answer);
  }
  const session = await d.sessions.train(vscode.Uri.file(run.specFile), { resume: run.id, steps });
  return session ? run.id : undefined;
}
