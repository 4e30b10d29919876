// "RNN Lab: Export to PyTorch": from a spec (editor, explorer) or a run (runs view), ask for a folder
// and write the PyTorch project there (the same core as `rnn-lab export`), then offer its README.
import * as vscode from 'vscode';
import * as fs from 'node:fs';
import path from 'node:path';
import { exportToPytorch } from '../../export/export';
import { SpecError } from '../../train/errors';
import type { RunIndex } from '../runs/run-index';
import { runIdsOf } from '../runs/pick-runs';
import { isSpecUri } from '../specs/spec-files';
import { notify } from '../util/notify';

export interface ExportCommandOptions {
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
    const picked = await vscode.window.showOpenDialog({ canSelectMany: false, filters: { 'RNN Lab spec': ['json'] }, title: 'Export which spec?' });
    specPath = picked?.[0]?.fsPath;
    if (!specPath) return undefined;
  }
  if (!fs.existsSync(specPath)) {
    notify('error', `Cannot export: the spec ${specPath} no longer exists.`);
    return undefined;
  }
  let outDir = opts.outDir;
  if (!outDir) {
    const picked = await vscode.window.showOpenDialog({
      canSelectFiles: false,
      canSelectFolders: true,
      canSelectMany: false,
      openLabel: 'Export Here',
      title: 'Export to PyTorch: choose the output folder',
      defaultUri: vscode.Uri.file(path.dirname(specPath)),
    });
    outDir = picked?.[0]?.fsPath;
    if (!outDir) return undefined;
  }
  try {
    const result = exportToPytorch({ specPath, outDir, from, copyData: opts.copyData });
    const readme = vscode.Uri.file(result.readmePath);
    notify('info', `Exported ${path.basename(specPath)} to PyTorch in ${result.outDir}${from ? ' (starting from the run\'s weights)' : ''}.`, {
      'Open README': () => vscode.commands.executeCommand('markdown.showPreview', readme),
    });
    return result.outDir;
  } catch (e) {
    const message = e instanceof SpecError ? `${path.basename(specPath)} has problems; fix them first (see the Problems view).` : (e as Error).message;
    notify('error', `Cannot export to PyTorch: ${message}`);
    return undefined;
  }
}
