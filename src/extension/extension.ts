// RNN Lab's entry point: wires the spec tooling, training sessions, runs view and run panels.
import * as vscode from 'vscode';
import { registerExportCommand } from './export/export-command';
import { registerOpenLessonCommand } from './lessons/open-lesson';
import { measureSweepFor } from './panel/measure-sweep';
import { PanelManager } from './panel/panel-manager';
import { registerRunCommands } from './runs/run-commands';
import { RunIndex } from './runs/run-index';
import { RunsTreeProvider, type RunsNode } from './runs/runs-tree';
import { settings } from './configuration';
import { registerNewSpecCommand } from './specs/new-spec-from-template';
import { registerNewTwinCommand } from './specs/new-twin';
import { SpecCodeLensProvider } from './specs/spec-codelens';
import { SpecDiagnostics } from './specs/spec-diagnostics';
import { SPEC_SELECTOR } from './specs/spec-files';
import type { RnnLabApi } from './test-api';
import { LossDecorations } from './training/loss-decorations';
import { SessionManager } from './training/session-manager';
import { TrainingStatusBar } from './training/status-bar';
import { registerTrainCommands } from './training/train-commands';
import { log } from './util/log';
import { onDidNotify } from './util/notify';

let sessions: SessionManager | undefined;

export function activate(context: vscode.ExtensionContext): RnnLabApi {
  const workerScript = vscode.Uri.joinPath(context.extensionUri, 'out', 'worker.js').fsPath;
  sessions = new SessionManager(workerScript);
  const index = new RunIndex();
  const diagnostics = new SpecDiagnostics();
  const panels = new PanelManager({ extensionUri: context.extensionUri, workerScript, index, sessions, onMeasureSweep: measureSweepFor(index, workerScript) });
  const statusBar = new TrainingStatusBar(sessions);
  const decorations = new LossDecorations(sessions);
  const codeLens = new SpecCodeLensProvider(index, sessions);
  const tree = vscode.window.createTreeView<RunsNode>('rnnLab.runs', {
    treeDataProvider: new RunsTreeProvider(index),
    canSelectMany: true,
    showCollapseAll: true,
  });
  const showUnsafeRuns = (): void => {
    const why = index.unsafeReasons();
    tree.message = why.length ? vscode.l10n.t('Runs not listed: {0}', why.join('; ')) : undefined;
  };
  showUnsafeRuns();
  context.subscriptions.push(index.onDidChange(showUnsafeRuns));

  // A new run shows up at once in the view and, if wanted, in its own panel beside the spec.
  const s = sessions;
  context.subscriptions.push(
    s.onEvent(({ event }) => {
      if (event.type !== 'started') return;
      index.scheduleRefresh();
      if (settings.openPanelOnTrain()) panels.open([event.runId], { preserveFocus: true, viewColumn: vscode.ViewColumn.Beside });
    }),
    s.onDidEnd(() => index.scheduleRefresh()),
  );

  context.subscriptions.push(
    log,
    sessions,
    index,
    diagnostics,
    panels,
    statusBar,
    decorations,
    codeLens,
    tree,
    vscode.languages.registerCodeLensProvider(SPEC_SELECTOR, codeLens),
    ...registerTrainCommands(sessions, diagnostics),
    ...registerRunCommands({ index, panels, sessions, workerScript }),
    registerNewSpecCommand(context.extensionUri),
    registerNewTwinCommand(),
    registerExportCommand(index),
    registerOpenLessonCommand({ extensionUri: context.extensionUri, panels, sessions, index }),
  );

  return {
    sessions,
    panels,
    runs: index,
    lastStatusText: () => statusBar.text,
    decorationsFor: (uri) => decorations.textFor(uri),
    onPanelMessage: panels.onPanelMessage,
    onDidNotify,
  };
}

/** Stops every training worker (each run is recorded as stopped) and waits for the threads to end. */
export async function deactivate(): Promise<void> {
  await sessions?.shutdown(2000);
  sessions = undefined;
}
