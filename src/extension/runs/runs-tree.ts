// The Runs view: the workspace's runs grouped by spec, with status icon, best validation loss and age.
import { renderUi } from '../util/lang';
import { endMessage } from '../../messages/divergence';
import { msg } from '../../messages/render';
import * as vscode from 'vscode';
import path from 'node:path';
import type { RunStatus } from '../../protocol/events';
import { formatAge, formatLoss } from '../util/format';
import { runTooltipMarkdown } from '../util/markdown';
import type { IndexedRun, RunIndex } from './run-index';

export type RunsNode = SpecNode | RunNode;

class SpecNode {
  readonly kind = 'spec';
  constructor(
    readonly specFile: string,
    readonly label: string,
    readonly runs: IndexedRun[],
  ) {}
}

class RunNode {
  readonly kind = 'run';
  constructor(readonly run: IndexedRun) {}
  get runId(): string {
    return this.run.id;
  }
}

const STATUS_ICON: Record<RunStatus, [string, string | undefined]> = {
  running: ['sync~spin', 'charts.blue'],
  completed: ['pass', 'testing.iconPassed'],
  stopped: ['debug-stop', 'charts.yellow'],
  failed: ['error', 'testing.iconFailed'],
  diverged: ['warning', 'charts.orange'],
  interrupted: ['circle-slash', 'disabledForeground'],
};

const TEXT_TASKS = new Set(['char-lm', 'word-lm']);

export function isTextRun(run: IndexedRun): boolean {
  return TEXT_TASKS.has(String(run.config?.task ?? ''));
}

export class RunsTreeProvider implements vscode.TreeDataProvider<RunsNode> {
  private readonly changeEmitter = new vscode.EventEmitter<RunsNode | undefined>();
  readonly onDidChangeTreeData = this.changeEmitter.event;

  constructor(private readonly index: RunIndex) {
    index.onDidChange(() => this.changeEmitter.fire(undefined));
  }

  getChildren(node?: RunsNode): RunsNode[] {
    if (node instanceof SpecNode) return node.runs.map((r) => new RunNode(r));
    if (node) return [];
    const bySpec = new Map<string, IndexedRun[]>();
    for (const r of this.index.list()) {
      const key = path.resolve(r.specFile);
      bySpec.set(key, [...(bySpec.get(key) ?? []), r]);
    }
    return [...bySpec].map(([specFile, runs]) => new SpecNode(specFile, path.basename(specFile).replace(/\.rnn\.json$/, ''), runs));
  }

  getParent(node: RunsNode): RunsNode | undefined {
    if (node instanceof SpecNode) return undefined;
    return this.getChildren().find((s) => s instanceof SpecNode && s.runs.some((r) => r.id === node.run.id));
  }

  getTreeItem(node: RunsNode): vscode.TreeItem {
    if (node instanceof SpecNode) return specItem(node);
    return runItem(node.run);
  }
}

function specItem(node: SpecNode): vscode.TreeItem {
  const item = new vscode.TreeItem(node.label, vscode.TreeItemCollapsibleState.Expanded);
  item.id = `spec:${node.specFile}`;
  item.resourceUri = vscode.Uri.file(node.specFile);
  const rel = vscode.workspace.asRelativePath(node.specFile);
  item.description = node.runs.length === 1 ? vscode.l10n.t('1 run · {0}', rel) : vscode.l10n.t('{0} runs · {1}', node.runs.length, rel);
  item.tooltip = rel;
  item.iconPath = new vscode.ThemeIcon('symbol-file');
  item.contextValue = 'spec';
  item.command = { title: vscode.l10n.t('Open Spec'), command: 'vscode.open', arguments: [item.resourceUri] };
  return item;
}

function runItem(run: IndexedRun): vscode.TreeItem {
  const created = Date.parse(run.createdAt);
  const item = new vscode.TreeItem(runLabel(run), vscode.TreeItemCollapsibleState.None);
  item.id = `run:${run.root}:${run.id}`;
  const best = run.summary?.bestValLoss;
  const what = best !== undefined ? vscode.l10n.t('best val {0}', formatLoss(best)) : renderUi(msg(`status.${run.status}`));
  item.description = `${what} · ${vscode.l10n.t('{0} ago', formatAge(created))}${run.trainedBy ? ` · ${trainedByName(run.trainedBy)}` : ''}`;
  const [icon, color] = STATUS_ICON[run.status] ?? ['circle-outline', undefined];
  item.iconPath = new vscode.ThemeIcon(icon, color ? new vscode.ThemeColor(color) : undefined);
  item.contextValue = `run.${run.status}${isTextRun(run) ? '.text' : ''}`;
  item.tooltip = runTooltip(run);
  item.command = { title: vscode.l10n.t('Open Panel'), command: 'rnnLab.openPanel', arguments: [{ runId: run.id }] };
  return item;
}

function runLabel(run: IndexedRun): string {
  const d = new Date(run.createdAt);
  const when = Number.isNaN(d.getTime())
    ? run.id
    : d.toLocaleString(undefined, { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', second: '2-digit' });
  return `${when} · ${renderUi(msg(`status.${run.status}`))}`;
}

function runTooltip(run: IndexedRun): vscode.MarkdownString {
  // run.json is workspace text: its name, message and config values are escaped (never links or HTML)
  const status = renderUi(msg(`status.${run.status}`));
  const ended = run.summary ? endMessage(run.summary) : undefined;
  const message = ended ? renderUi(ended) : undefined;
  const summary = run.summary ? { ...run.summary, message } : undefined;
  return new vscode.MarkdownString(
    runTooltipMarkdown(
      { ...run, status, summary, note: run.note ? renderUi(run.note) : undefined, trainedBy: run.trainedBy ? trainedByName(run.trainedBy) : undefined },
      (m, ...a) => vscode.l10n.t(m, ...a),
    ),
    false,
  );
}

/** "pytorch" -> "PyTorch": where a run was trained, when not in RNN Lab. */
function trainedByName(trainedBy: string): string {
  return trainedBy === 'pytorch' ? 'PyTorch' : trainedBy;
}
