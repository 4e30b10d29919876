// "RNN Lab: Export to PyTorch": from a spec (editor, explorer) or a run (runs view), ask for a folder
// and write the PyTorch project there (the same core as `rnn-lab export`), then offer its README.
import { errorText } from '../util/lang';
import * as vscode from 'vscode';
import * as fs from 'node:fs';
import path from 'node:path';
import { exportToPytorch } from '../../export/export';
import { SpecError } from '../../train/spec-error';
import type { RunIndex } from '../runs/run-index';
import { runIdsOf } from '../runs/pick-runs';
import { isSpecUri } from '../specs/spec-files';
import { notify } from '../util/notify';

interface ExportCommandOptions {
  /** Skip the folder dialog (tests). */
  outDir?: string;
  copyData?: boolean;
}

export function registerExportCommand(index: RunIndex): vscode.Disposable {
  return vscode.commands.registerCommand('rnnLab.exportToPytorch', (arg?: unknown, opts?: ExportCommandOptions) => exportCommand(index, arg, opts));
}

async function exportCommand(index: RunIndex, arg: unknown, opts: ExportCommandOptions = {}): Promise<string | undefined> {
  // A run from the runs view: its spec, starting from its weights. Else a spec: the argument or the active editor.
  const [runId] = runIdsOf(arg, undefined);
  const run = runId ? index.get(runId) : undefined;
  let specPath: string | undefined;
  let from: string | undefined;
  if (run) {
    specPath = run.specFile;
    if (fs.existsSync(path.join(run.folder, 'weights.safetensors'))) from = run.folder;
  } else {
    const uri = arg instanceof vscode.Uri ? arg : vscode.window.activeTextEditor?.document.uri;
    if (isSpecUri(uri)) specPath = uri!.fsPath;
  }
  if (!specPath) {
    const picked = await vscode.window.showOpenDialog({
      canSelectMany: false,
      filters: { [vscode.l10n.t('RNN Lab spec')]: ['json'] },
      title: vscode.l10n.t('Export which spec?'),
    });
    specPath = picked?.[0]?.fsPath;
    if (!specPath) return undefined;
  }
  if (!fs.existsSync(specPath)) {
    notify('error', vscode.l10n.t('Cannot export: the spec {0} no longer exists.', specPath));
    return undefined;
  }
  let outDir = opts.outDir;
  if (!outDir) {
    const picked = await vscode.window.showOpenDialog({
      canSelectFiles: false,
      canSelectFolders: true,
      canSelectMany: false,
      openLabel: vscode.l10n.t('Export Here'),
      title: vscode.l10n.t('Export to PyTorch: choose the output folder'),
      defaultUri: vscode.Uri.file(path.dirname(specPath)),
    });
    outDir = picked?.[0]?.fsPath;
    if (!outDir) return undefined;
  }
  try {
    const result = exportToPytorch({ specPath, outDir, from, copyData: opts.copyData });
    const readme = vscode.Uri.file(result.readmePath);
    const text = from
      ? vscode.l10n.t("Exported {0} to PyTorch in {1} (starting from the run's weights).", path.basename(specPath), result.outDir)
      : vscode.l10n.t('Exported {0} to PyTorch in {1}.', path.basename(specPath), result.outDir);
    notify('info', text, {
      [vscode.l10n.t('Open README')]: () => vscode.commands.executeCommand('markdown.showPreview', readme),
    });
    return result.outDir;
  } catch (e) {
    const message = e instanceof SpecError ? vscode.l10n.t('{0} has problems; fix them first (see the Problems view).', path.basename(specPath)) : errorText(e);
    notify('error', vscode.l10n.t('Cannot export to PyTorch: {0}', message));
    return undefined;
  }
}
