// Every run the window can see: the runs of each workspace folder's .rnn-lab/ plus any other
// .rnn-lab/ the CLI made below them (its root is the nearest .git). Kept fresh by a
// FileSystemWatcher on .rnn-lab/runs/*/run.json, so runs made by the CLI appear too.
import * as vscode from 'vscode';
import path from 'node:path';
import { nodeRunStore } from '../../node/run-store';
import type { RunStore } from '../../runs/run-store';
import type { RunInfo } from '../../runs/run-record';
import { renderUi } from '../util/lang';
import { KeyedDebouncer } from '../util/throttle';

const RUN_RECORD_GLOB = '**/.rnn-lab/runs/*/run.json';

export interface IndexedRun extends RunInfo {
  /** The workspace root whose .rnn-lab/ holds the run. */
  root: string;
}

export class RunIndex implements vscode.Disposable {
  private readonly stores = new Map<string, RunStore>(); // by root
  private runs: IndexedRun[] = [];
  private unsafe: string[] = [];
  private readonly changeEmitter = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changeEmitter.event;
  private readonly subscriptions: vscode.Disposable[] = [];
  private readonly debouncer = new KeyedDebouncer<string>(() => 200);

  constructor() {
    const watcher = vscode.workspace.createFileSystemWatcher(RUN_RECORD_GLOB);
    const onRecord = (uri: vscode.Uri): void => {
      this.addRoot(rootOfRecord(uri.fsPath));
      this.scheduleRefresh();
    };
    this.subscriptions.push(
      watcher,
      watcher.onDidCreate(onRecord),
      watcher.onDidChange(onRecord),
      watcher.onDidDelete(() => this.scheduleRefresh()),
      vscode.workspace.onDidChangeWorkspaceFolders(() => void this.discover()),
    );
    for (const f of vscode.workspace.workspaceFolders ?? []) this.addRoot(f.uri.fsPath);
    this.refresh();
    void this.discover();
  }

  /** Also look for .rnn-lab/ folders below the workspace folders (made by the CLI from a nested repo). */
  async discover(): Promise<void> {
    for (const f of vscode.workspace.workspaceFolders ?? []) this.addRoot(f.uri.fsPath);
    const found = await vscode.workspace.findFiles(RUN_RECORD_GLOB, '**/node_modules/**', 2000);
    for (const uri of found) this.addRoot(rootOfRecord(uri.fsPath));
    this.refresh();
  }

  addRoot(root: string): RunStore {
    const key = path.resolve(root);
    let store = this.stores.get(key);
    if (!store) {
      store = nodeRunStore(key);
      this.stores.set(key, store);
    }
    return store;
  }

  scheduleRefresh(): void {
    this.debouncer.schedule('refresh', () => this.refresh());
  }

  /** Re-reads every run.json now. */
  refresh(): void {
    const all: IndexedRun[] = [];
    const unsafe: string[] = [];
    for (const [root, store] of this.stores) {
      const why = store.unsafeReason(); // a symlinked .rnn-lab or runs folder: list nothing there
      if (why) unsafe.push(renderUi(why));
      for (const r of store.list()) all.push({ ...r, root });
    }
    this.unsafe = unsafe;
    this.runs = all.sort((a, b) => Date.parse(b.createdAt) - Date.parse(a.createdAt));
    this.changeEmitter.fire();
  }

  /** Why some workspace's runs are not listed (its .rnn-lab or runs folder is a symbolic link). */
  unsafeReasons(): readonly string[] {
    return this.unsafe;
  }

  list(): readonly IndexedRun[] {
    return this.runs;
  }

  get(runId: string): IndexedRun | undefined {
    return this.runs.find((r) => r.id === runId) ?? this.readThrough(runId);
  }

  storeOf(run: IndexedRun): RunStore {
    return this.addRoot(run.root);
  }

  /** Runs of one spec file, newest first. */
  forSpec(specPath: string): IndexedRun[] {
    const p = path.resolve(specPath);
    return this.runs.filter((r) => path.resolve(r.specFile) === p);
  }

  /** A run not yet in the index (its watcher event has not arrived): look in every root. */
  private readThrough(runId: string): IndexedRun | undefined {
    for (const [root, store] of this.stores) {
      const r = store.get(runId);
      if (r) return { ...r, root };
    }
    return undefined;
  }

  dispose(): void {
    this.debouncer.dispose();
    this.changeEmitter.dispose();
    for (const s of this.subscriptions) s.dispose();
  }
}

/** <root>/.rnn-lab/runs/<id>/run.json -> <root> */
function rootOfRecord(recordPath: string): string {
  return path.resolve(recordPath, '..', '..', '..', '..');
}
