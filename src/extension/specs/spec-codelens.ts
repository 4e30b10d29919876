// CodeLens on *.rnn.json: ▶ Train (■ Stop while it trains), Open Panel, and the last run's result.
import { renderUi } from '../util/lang';
import { msg } from '../../messages/render';
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
        ? new vscode.CodeLens(range, {
            title: vscode.l10n.t('■ Stop'),
            command: 'rnnLab.stop',
            arguments: [uri],
            tooltip: vscode.l10n.t('Stop training (the run is kept with its last checkpoint)'),
          })
        : new vscode.CodeLens(range, {
            title: vscode.l10n.t('▶ Train'),
            command: 'rnnLab.train',
            arguments: [uri],
            tooltip: vscode.l10n.t('Train this spec in a worker thread'),
          }),
      new vscode.CodeLens(range, { title: vscode.l10n.t('Open Panel'), command: 'rnnLab.openPanel', arguments: [uri] }),
    ];
    const last = doc.uri.scheme === 'file' ? this.index.forSpec(uri.fsPath)[0] : undefined;
    if (last) {
      const s = last.summary ?? { steps: 0 };
      const val = s.lastValLoss ?? s.bestValLoss;
      const loss = vscode.l10n.t('loss {0}', formatLoss(s.finalLoss)) + (val !== undefined ? vscode.l10n.t(' · val {0}', formatLoss(val)) : '');
      const when = vscode.l10n.t('{0} ago', formatAge(Date.parse(last.finishedAt ?? last.updatedAt ?? last.createdAt)));
      const status = renderUi(msg(`status.${last.status}`));
      const title = vscode.l10n.t(
        'Last run: {0}',
        `${last.status === 'running' ? status : loss} · ${when}${last.status === 'completed' || last.status === 'running' ? '' : ` (${status})`}`,
      );
      lenses.push(
        new vscode.CodeLens(range, { title, command: 'rnnLab.openPanel', arguments: [{ runId: last.id }], tooltip: vscode.l10n.t('Open run {0}', last.id) }),
      );
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
