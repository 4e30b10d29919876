// What counts as a spec, and where its runs live.
import * as vscode from 'vscode';
import path from 'node:path';
import { findWorkspaceRoot } from '../../node/workspace-root';

const SPEC_SUFFIX = '.rnn.json';
const SPEC_GLOB = '**/*.rnn.json';
export const SPEC_SELECTOR: vscode.DocumentSelector = [
  { scheme: 'file', pattern: SPEC_GLOB },
  { scheme: 'untitled', pattern: SPEC_GLOB },
];

export function isSpecUri(uri: vscode.Uri | undefined): uri is vscode.Uri {
  return !!uri && uri.path.endsWith(SPEC_SUFFIX);
}

export function isSpecDocument(doc: vscode.TextDocument): boolean {
  return isSpecUri(doc.uri);
}

/** The spec a command is about: its argument (Uri, or a tree item with a uri), else the active editor's. */
export function specUriFrom(arg: unknown): vscode.Uri | undefined {
  if (arg instanceof vscode.Uri) return isSpecUri(arg) ? arg : undefined;
  const maybe = (arg as { resourceUri?: unknown } | undefined)?.resourceUri;
  if (maybe instanceof vscode.Uri && isSpecUri(maybe)) return maybe;
  const active = vscode.window.activeTextEditor?.document.uri;
  return isSpecUri(active) ? active : undefined;
}

/**
 * Where .rnn-lab/ lives for a spec: the workspace folder that holds it (so the runs view and the CLI
 * agree when the workspace is a git repo), else the CLI's rule (nearest .git, else the spec's folder).
 */
export function workspaceRootFor(specUri: vscode.Uri): string {
  const folder = vscode.workspace.getWorkspaceFolder(specUri);
  if (folder) return folder.uri.fsPath;
  return findWorkspaceRoot(specUri.fsPath);
}

/** Same file? Paths compared after normalisation (case-insensitive on Windows and macOS only by the OS). */
export function samePath(a: string, b: string): boolean {
  return path.resolve(a) === path.resolve(b);
}
