// The spec parser's problems (schema and semantic: a missing data file, …) as diagnostics in the
// Problems view, refreshed as the user types (debounced) and when a spec is opened or saved.
import { uiLang } from '../util/lang';
import { problemText } from '../../spec/format-problems';
import * as vscode from 'vscode';
import path from 'node:path';
import { nodeSpecOptions } from '../../node/spec-io';
import { parseSpec, type SpecProblem } from '../../spec/parse';
import { onSettingChanged, settings } from '../configuration';
import { KeyedDebouncer } from '../util/throttle';
import { isSpecDocument, workspaceRootFor } from './spec-files';

export class SpecDiagnostics implements vscode.Disposable {
  readonly collection = vscode.languages.createDiagnosticCollection('rnn-lab');
  private readonly debouncer = new KeyedDebouncer<string>(settings.debounceMs);
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor() {
    this.subscriptions.push(
      vscode.workspace.onDidOpenTextDocument((d) => this.validateNow(d)),
      vscode.workspace.onDidChangeTextDocument((e) => this.schedule(e.document)),
      vscode.workspace.onDidSaveTextDocument((d) => this.validateNow(d)),
      vscode.workspace.onDidCloseTextDocument((d) => {
        this.debouncer.cancel(d.uri.toString());
        if (d.uri.scheme === 'untitled') this.collection.delete(d.uri);
      }),
      vscode.workspace.onDidCreateFiles(() => this.revalidateOpen()), // a data file may have appeared
      vscode.workspace.onDidDeleteFiles(() => this.revalidateOpen()),
      vscode.workspace.onDidRenameFiles(() => this.revalidateOpen()),
      onSettingChanged(['data.allowOutsideWorkspace'], () => this.revalidateOpen()),
    );
    this.revalidateOpen();
  }

  schedule(doc: vscode.TextDocument): void {
    if (!isSpecDocument(doc)) return;
    this.debouncer.schedule(doc.uri.toString(), () => this.validateNow(doc));
  }

  /** Validates at once; returns the problems (also published as diagnostics). */
  validateNow(doc: vscode.TextDocument): SpecProblem[] {
    if (!isSpecDocument(doc)) return [];
    this.debouncer.cancel(doc.uri.toString());
    const allowOutside = settings.allowOutsideData();
    const opts =
      doc.uri.scheme === 'file'
        ? nodeSpecOptions(doc.uri.fsPath, { workspaceRoot: workspaceRootFor(doc.uri), allowOutside })
        : nodeSpecOptions(path.join(defaultDir(), 'untitled.rnn.json'), { allowOutside });
    const { problems } = parseSpec(doc.getText(), opts);
    this.collection.set(
      doc.uri,
      problems.map((p) => toDiagnostic(doc, p)),
    );
    return problems;
  }

  revalidateOpen(): void {
    for (const d of vscode.workspace.textDocuments) if (isSpecDocument(d)) this.validateNow(d);
  }

  dispose(): void {
    this.debouncer.dispose();
    this.collection.dispose();
    for (const s of this.subscriptions) s.dispose();
  }
}

function defaultDir(): string {
  return vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? process.cwd();
}

function toDiagnostic(doc: vscode.TextDocument, p: SpecProblem): vscode.Diagnostic {
  const start = doc.positionAt(p.offset);
  const end = doc.positionAt(p.offset + Math.max(p.length, 1));
  const range = new vscode.Range(start, end.isEqual(start) ? start.translate(0, 1) : end);
  const severity = p.severity === 'error' ? vscode.DiagnosticSeverity.Error : vscode.DiagnosticSeverity.Warning;
  const d = new vscode.Diagnostic(range, problemText(p, uiLang()), severity);
  d.source = 'rnn-lab';
  if (p.path) d.code = p.path;
  return d;
}
