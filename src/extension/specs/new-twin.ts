// New Transformer Twin: the spec's twin of the other family (a Transformer for a recurrent spec, an
// LSTM for a Transformer) with about the same parameter count, written next to it and opened beside.
import * as vscode from 'vscode';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createTask } from '../../tasks';
import { loadSpec } from '../../node/load-spec';
import { twinOf, twinSpecText } from '../../train/twin';
import { notify } from '../util/notify';
import { uniquePath } from './new-spec-from-template';
import { errorText } from '../util/lang';

export function registerNewTwinCommand(): vscode.Disposable {
  return vscode.commands.registerCommand('rnnLab.newTwin', (uri?: vscode.Uri) => newTwin(uri));
}

async function newTwin(uri: vscode.Uri | undefined): Promise<vscode.Uri | undefined> {
  const specUri = uri ?? vscode.window.activeTextEditor?.document.uri;
  if (!specUri || !specUri.fsPath.endsWith('.rnn.json')) {
    notify('error', vscode.l10n.t('Open a *.rnn.json spec first: its twin is made from it.'));
    return undefined;
  }
  const specPath = specUri.fsPath;
  let target: string;
  try {
    await vscode.workspace.textDocuments.find((d) => d.uri.fsPath === specPath)?.save();
    const { spec, text } = loadSpec(specPath);
    const task = createTask(spec, path.dirname(specPath), { readText: (p) => readFileSync(p, 'utf8') });
    const twin = twinOf(spec, task);
    const suffix = spec.model.cell === 'transformer' ? 'lstm' : 'transformer';
    target = uniquePath(specPath.replace(/\.rnn\.json$/, `-${suffix}.rnn.json`));
    writeFileSync(target, twinSpecText(text, twin));
    notify(
      'info',
      vscode.l10n.t(
        '{0}: {1} parameters, against {2} in {3}. Train both, then Compare Runs.',
        path.basename(target),
        twin.parameterCount.toLocaleString('en-US'),
        twin.sourceParameterCount.toLocaleString('en-US'),
        path.basename(specPath),
      ),
    );
  } catch (e) {
    notify('error', vscode.l10n.t('Could not make the twin of {0}: {1}', path.basename(specPath), errorText(e)));
    return undefined;
  }
  const out = vscode.Uri.file(target);
  await vscode.window.showTextDocument(out, { viewColumn: vscode.ViewColumn.Beside });
  return out;
}
