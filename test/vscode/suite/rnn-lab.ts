/**
 * Shared helpers for RNN Lab's integration tests (not a test file): the extension's test API, the
 * fixture workspace, and polling until something a user would see has happened.
 */
import * as vscode from 'vscode';
import { join } from 'node:path';
import type { RenderedDetail } from '../../../src/protocol/panel';
import type { RnnLabApi } from '../../../src/extension/test-api';
import type { TrainingSession } from '../../../src/extension/training/training-session';
import type { Notice } from '../../../src/extension/util/notify';

export const EXTENSION_ID = 'rnn-lab.rnn-lab';

export async function api(): Promise<RnnLabApi> {
  const ext = vscode.extensions.getExtension<RnnLabApi>(EXTENSION_ID);
  if (!ext) throw new Error(`${EXTENSION_ID} not installed`);
  return ext.isActive ? ext.exports : await ext.activate();
}

export function workspaceRoot(): string {
  const f = vscode.workspace.workspaceFolders?.[0];
  if (!f) throw new Error('no workspace folder');
  return f.uri.fsPath;
}

export function specUri(name: string): vscode.Uri {
  return vscode.Uri.file(join(workspaceRoot(), `${name}.rnn.json`));
}

export async function waitFor<T>(what: string, probe: () => T | undefined | false | Promise<T | undefined | false>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Trains a fixture spec through the command, as the ▶ Train button does; resolves with the started session. */
export async function train(name: string, opts: { steps?: number; restart?: boolean } = {}): Promise<TrainingSession> {
  const session = (await vscode.commands.executeCommand('rnnLab.train', specUri(name), { restart: true, ...opts })) as TrainingSession | undefined;
  if (!session) throw new Error(`rnnLab.train ${name} started nothing`);
  await waitFor(`${name} to start`, () => session.state.runId);
  return session;
}

/** Collects the panels' 'rendered' reports from now on. */
export function collectRendered(a: RnnLabApi): { details: { runIds: string[]; detail: RenderedDetail }[]; dispose(): void } {
  const details: { runIds: string[]; detail: RenderedDetail }[] = [];
  const sub = a.onPanelMessage(({ runIds, message }) => {
    if (message.type === 'rendered') details.push({ runIds, detail: message.detail });
  });
  return { details, dispose: () => sub.dispose() };
}

/** Collects the extension's notifications from now on. */
export function collectNotices(a: RnnLabApi): { notices: Notice[]; dispose(): void } {
  const notices: Notice[] = [];
  const sub = a.onDidNotify((n) => notices.push(n));
  return { notices, dispose: () => sub.dispose() };
}

/** Sets rnnLab.<key> in the workspace for the length of a suite: returns the undo. */
export async function withSetting(key: string, value: unknown): Promise<() => Promise<void>> {
  const config = vscode.workspace.getConfiguration('rnnLab');
  await config.update(key, value, vscode.ConfigurationTarget.Workspace);
  return async () => {
    await vscode.workspace.getConfiguration('rnnLab').update(key, undefined, vscode.ConfigurationTarget.Workspace);
  };
}

export async function closeAllEditors(): Promise<void> {
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
}
