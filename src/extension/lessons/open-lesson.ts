// Open Lesson (the walkthrough's buttons): copies a prepared spec from the extension's
// examples/lessons/ (with the data file it names) into <workspace folder>/rnn-lab-lessons/, opens
// it, trains it, and opens the run's panel beside it on the tab where the lesson's point shows.
// A spec already copied is reused as it is (the learner's edits stay, and its runs line up); one
// that is training is not started again, its panel is shown.
import * as vscode from 'vscode';
import path from 'node:path';
import type { PanelManager } from '../panel/panel-manager';
import type { PanelTab } from '../../protocol/panel';
import type { RunIndex } from '../runs/run-index';
import type { SessionManager } from '../training/session-manager';
import { log } from '../util/log';
import { notify } from '../util/notify';
import { copyLesson } from './copy-lesson';
import { LESSON_TARGETS, LESSONS_FOLDER, WALKTHROUGH_ID, type LessonTarget } from './lessons';
import { errorText } from '../util/lang';

export interface OpenLessonDeps {
  extensionUri: vscode.Uri;
  panels: PanelManager;
  sessions: SessionManager;
  index: RunIndex;
}

const WAIT_MS = 120_000; // stop waiting for a run to start (or a panel to load) after this

export function registerOpenLessonCommand(deps: OpenLessonDeps): vscode.Disposable {
  return vscode.commands.registerCommand('rnnLab.openLesson', (arg?: unknown) => openLesson(deps, arg));
}

async function openLesson(deps: OpenLessonDeps, arg: unknown): Promise<vscode.Uri | undefined> {
  if (arg === undefined) {
    // from the command palette: the lessons themselves
    await vscode.commands.executeCommand('workbench.action.openWalkthrough', WALKTHROUGH_ID, false);
    return undefined;
  }
  const id = typeof arg === 'string' ? arg : Array.isArray(arg) && typeof arg[0] === 'string' ? arg[0] : undefined;
  const target = id ? LESSON_TARGETS[id] : undefined;
  if (!id || !target) {
    notify('error', vscode.l10n.t('No lesson "{0}". Open the lessons from Help › Welcome › Walkthroughs › RNN Lab lessons.', String(id ?? arg)));
    return undefined;
  }
  const folder = await workspaceFolder();
  if (!folder) return undefined;
  const lessonsDir = vscode.Uri.joinPath(deps.extensionUri, 'examples', 'lessons').fsPath;
  const dir = path.join(folder, LESSONS_FOLDER);
  if (target.compare) return compareLatest(deps, dir, target);

  let specPath: string;
  try {
    specPath = copyLesson(lessonsDir, dir, target.specs[0]);
  } catch (e) {
    notify('error', vscode.l10n.t('Could not copy the lesson into {0}: {1}', dir, errorText(e)));
    return undefined;
  }
  const uri = vscode.Uri.file(specPath);
  await vscode.window.showTextDocument(uri, { viewColumn: vscode.ViewColumn.One, preview: false });

  const live = deps.sessions.liveFor(specPath);
  if (live?.state.runId) {
    showRun(deps, [live.state.runId], target.tab);
    return uri;
  }
  // When its run starts, its panel opens beside the spec on the lesson's tab.
  const started = deps.sessions.onEvent(({ session, event }) => {
    if (event.type !== 'started' || path.resolve(session.state.specPath) !== path.resolve(specPath)) return;
    started.dispose();
    showRun(deps, [event.runId], target.tab);
  });
  const timer = setTimeout(() => started.dispose(), WAIT_MS);
  const session = await vscode.commands.executeCommand<unknown>('rnnLab.train', uri);
  if (!session) {
    // not trusted, a problem in the spec, too many runs: rnnLab.train has said why
    clearTimeout(timer);
    started.dispose();
  }
  return uri;
}

/** The panel of these runs beside the editor, on `tab` (again once the webview has loaded, in case it missed the first). */
function showRun(deps: OpenLessonDeps, runIds: string[], tab: PanelTab): void {
  const panel = deps.panels.open(runIds, { preserveFocus: true, viewColumn: vscode.ViewColumn.Beside });
  panel.showTab(tab);
  const key = [...runIds].sort().join('+');
  const ready = deps.panels.onPanelMessage(({ runIds: ids, message }) => {
    if (message.type !== 'ready' || [...ids].sort().join('+') !== key) return;
    ready.dispose();
    deps.panels.get(runIds)?.showTab(tab);
  });
  setTimeout(() => ready.dispose(), WAIT_MS);
}

/** The latest run of each spec, compared in one panel; a spec never trained is offered for training. */
async function compareLatest(deps: OpenLessonDeps, dir: string, target: LessonTarget): Promise<vscode.Uri | undefined> {
  deps.index.refresh();
  const runIds: string[] = [];
  const missing: string[] = [];
  for (const spec of target.specs) {
    const run = deps.index.forSpec(path.join(dir, `${spec}.rnn.json`))[0];
    if (run) runIds.push(run.id);
    else missing.push(spec);
  }
  if (missing.length > 0) {
    const buttons = Object.fromEntries(
      missing.map((spec) => [vscode.l10n.t('Train {0}', spec), () => vscode.commands.executeCommand('rnnLab.openLesson', spec)]),
    );
    notify('info', vscode.l10n.t('Train {0} first: this compares the latest run of each.', missing.join(', ')), buttons);
    return undefined;
  }
  log.info(`lessons: comparing ${runIds.join(', ')}`);
  showRun(deps, runIds, target.tab);
  return undefined;
}

/** The workspace folder the lessons go into (asked when there are several); none open: say so. */
async function workspaceFolder(): Promise<string | undefined> {
  const folders = vscode.workspace.workspaceFolders ?? [];
  if (folders.length === 1) return folders[0].uri.fsPath;
  if (folders.length > 1) return (await vscode.window.showWorkspaceFolderPick({ placeHolder: vscode.l10n.t('Where should the lessons go?') }))?.uri.fsPath;
  notify('info', vscode.l10n.t('The lessons copy their specs into a folder and record runs there: open a folder first.'), {
    [vscode.l10n.t('Open Folder')]: () => vscode.commands.executeCommand('vscode.openFolder'),
  });
  return undefined;
}
