// New Spec from Template: a quick pick of the bundled examples (examples/<kind>.rnn.json), copied
// next to the user's files together with the data file it names (examples/data/…).
import * as vscode from 'vscode';
import { parse } from 'jsonc-parser';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { notify } from '../util/notify';
import { copySpecWithData } from './copy-spec';
import { errorText } from '../util/lang';

interface Template {
  kind: string;
  file: string;
  text: string;
  dataFile?: string; // relative to the spec
  summary: string;
}

export function registerNewSpecCommand(extensionUri: vscode.Uri): vscode.Disposable {
  return vscode.commands.registerCommand('rnnLab.newSpec', (opts?: { kind?: string; folder?: vscode.Uri }) => newSpec(extensionUri, opts));
}

function listTemplates(examplesDir: string): Template[] {
  let files: string[] = [];
  try {
    files = readdirSync(examplesDir)
      .filter((f) => f.endsWith('.rnn.json'))
      .sort();
  } catch {
    return [];
  }
  return files.map((f) => {
    const text = readFileSync(path.join(examplesDir, f), 'utf8');
    const json = (parse(text) ?? {}) as { task?: { kind?: string; file?: string }; model?: { cell?: string; hiddenSize?: number; layers?: number } };
    const kind = f.replace(/\.rnn\.json$/, '');
    const m = json.model ?? {};
    return {
      kind,
      file: f,
      text,
      dataFile: typeof json.task?.file === 'string' ? json.task.file : undefined,
      summary: [json.task?.kind, m.cell && `${String(m.cell).toUpperCase()} ${m.hiddenSize ?? ''}${m.layers && m.layers > 1 ? `×${m.layers}` : ''}`]
        .filter(Boolean)
        .join(' · '),
    };
  });
}

async function newSpec(extensionUri: vscode.Uri, opts: { kind?: string; folder?: vscode.Uri } = {}): Promise<vscode.Uri | undefined> {
  const examplesDir = vscode.Uri.joinPath(extensionUri, 'examples').fsPath;
  const templates = listTemplates(examplesDir);
  if (templates.length === 0) {
    notify('error', vscode.l10n.t("No templates found in the extension's examples/ folder: the installation is incomplete; reinstall RNN Lab."));
    return undefined;
  }
  const template = opts.kind
    ? templates.find((t) => t.kind === opts.kind)
    : (
        await vscode.window.showQuickPick(
          templates.map((t) => ({
            label: t.kind,
            description: t.summary,
            detail: t.dataFile ? vscode.l10n.t('with data: {0}', t.dataFile) : vscode.l10n.t('generated data'),
            t,
          })),
          { title: vscode.l10n.t('New RNN Lab spec'), placeHolder: vscode.l10n.t('Which kind of task?') },
        )
      )?.t;
  if (!template) return undefined;
  const folder = opts.folder?.fsPath ?? (await targetFolder());
  if (!folder) return undefined;

  const target = uniquePath(path.join(folder, template.file));
  try {
    copySpecWithData(examplesDir, template.file, target);
  } catch (e) {
    notify('error', vscode.l10n.t('Could not write the new spec in {0}: {1}', folder, errorText(e)));
    return undefined;
  }
  const uri = vscode.Uri.file(target);
  await vscode.window.showTextDocument(uri);
  return uri;
}

/** Next to the user's files: the active file's folder inside the workspace, else the first workspace folder. */
async function targetFolder(): Promise<string | undefined> {
  const active = vscode.window.activeTextEditor?.document.uri;
  if (active?.scheme === 'file' && vscode.workspace.getWorkspaceFolder(active)) return path.dirname(active.fsPath);
  const folders = vscode.workspace.workspaceFolders ?? [];
  if (folders.length === 1) return folders[0].uri.fsPath;
  if (folders.length > 1) return (await vscode.window.showWorkspaceFolderPick({ placeHolder: vscode.l10n.t('Where should the spec go?') }))?.uri.fsPath;
  const picked = await vscode.window.showOpenDialog({ canSelectFolders: true, canSelectFiles: false, openLabel: vscode.l10n.t('Create spec here') });
  return picked?.[0]?.fsPath;
}

export function uniquePath(p: string): string {
  if (!existsSync(p)) return p;
  const base = p.replace(/\.rnn\.json$/, '');
  for (let i = 2; ; i++) if (!existsSync(`${base}-${i}.rnn.json`)) return `${base}-${i}.rnn.json`;
}
