// CodeLens on *.rnn.json: ▶ Train (■ Stop while it trains), Open Panel, and the last run's result.
import * as vscode from 'vscode';
import { findNodeAtLocation, parseTree } from 'jsonc-parser';
import type { RunIndex } from '../runs/run-index';
import type { SessionManager } from '../training/session-manager';
import { formatAge, formatLoss } from '../util/format';

export class SpecCodeLensProvider implements vscode.CodeLensProvider, vscode.Disposable {
  private readonly changeEmitter = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changeEmitter.event;
  private readonly subscriptions: vscode.Disposable[];

  constructor(
    private readonly index: RunIndex,
    private readonly sessions: SessionManager,
  ) {
    const fire = (): void => this.changeEmitter.fire();
    this.subscriptions = [index.onDidChange(fire), sessions.onDidStart(fire), sessions.onDidEnd(fire)];
  }

  provideCodeLenses(doc: vscode.TextDocument): vscode.CodeLens[] {
    const range = anchorRange(doc);
    const uri = doc.uri;
    const live = this.sessions.liveFor(uri.fsPath);
    const lenses = [
      live
        ? new vscode.CodeLens(range, { title: '■ Stop', command: 'rnnLab.stop', arguments: [uri], tooltip: 'Stop training (the run is kept with its last checkpoint)' })
        : new vscode.CodeLens(range, { title: '▶ Train', command: 'rnnLab.train', arguments: [uri], tooltip: 'Train this spec in a worker thread' }),
      new vscode.CodeLens(range, { title: 'Open Panel', command: 'rnnLab.openPanel', arguments: [uri] }),
    ];
    const last = doc.uri.scheme === 'file' ? this.index.forSpec(uri.fsPath)[0] : undefined;
    if (last) {
      const s = last.summary ?? { steps: 0 };
      const val = s.lastValLoss ?? s.bestValLoss;
      const loss = `loss ${formatLoss(s.finalLoss)}${val !== undefined ? ` · val ${formatLoss(val)}` : ''}`;
      const when = `${formatAge(Date.parse(last.finishedAt ?? last.updatedAt ?? last.createdAt))} ago`;
      const title = `Last run: ${last.status === 'running' ? 'running' : loss} · ${when}${last.status === 'completed' || last.status === 'running' ? '' : ` (${last.status})`}`;
      lenses.push(new vscode.CodeLens(range, { title, command: 'rnnLab.openPanel', arguments: [{ runId: last.id }], tooltip: `Open run ${last.id}` }));
    }
    return lenses;
  }

  dispose(): void {
    this.changeEmitter.dispose();
    for (const s of this.subscriptions) s.dispose();
  }
}

function anchorRange(doc: vscode.TextDocument): vscode.Range {
  const tree = parseTree(doc.getText());
  const node = tree && findNodeAtLocation(tree, ['name']);
  const line = node ? doc.positionAt(node.offset).line : 0;
  return new vscode.Range(line, 0, line, 0);
}
