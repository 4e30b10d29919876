// Typed access to the extension's VS Code settings (package.json contributes.configuration); not the
// task defaults, which are src/tasks/settings.ts.
import * as vscode from 'vscode';

const SECTION = 'rnnLab';

function get<T>(key: string, fallback: T): T {
  return vscode.workspace.getConfiguration(SECTION).get<T>(key, fallback);
}

export const settings = {
  maxConcurrent: (): number => Math.max(1, get('training.maxConcurrent', 2)),
  /** Kernel threads per training run; 0 = automatic (src/node/threads.ts). */
  threads: (): number => Math.max(0, Math.floor(get('training.threads', 0))),
  decorationsEnabled: (): boolean => get('decorations.enabled', true),
  debounceMs: (): number => Math.max(0, get('validation.debounceMs', 300)),
  sampleLength: (): number => get('sample.length', 400),
  sampleTemperature: (): number => get('sample.temperature', 0.8),
  openPanelOnTrain: (): boolean => get('panel.openOnTrain', true),
  /** Read data files that resolve outside the workspace (off: such a spec is refused). */
  allowOutsideData: (): boolean => get<boolean>('data.allowOutsideWorkspace', false) === true,
};

/** Fires when one of the given keys (without the "rnnLab." prefix) changes. */
export function onSettingChanged(keys: string[], listener: () => void): vscode.Disposable {
  return vscode.workspace.onDidChangeConfiguration((e) => {
    if (keys.some((k) => e.affectsConfiguration(`${SECTION}.${k}`))) listener();
  });
}
