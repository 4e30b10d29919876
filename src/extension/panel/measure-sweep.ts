// The Parallelism tab's "Measure over sequence lengths": the run's spec and its twin, trained a few
// steps at each length in a worker thread (sweep-in-worker.ts), with progress in the panel; the
// worker keeps the result in the run folder (sweep.json) so the tab shows it when reopened.
import * as vscode from 'vscode';
import type { RunIndex } from '../runs/run-index';
import { settings } from '../configuration';
import { log } from '../util/log';
import type { RunPanel } from './run-panel';
import { sweepInWorker } from './sweep-in-worker';

/** One sweep at a time per run: a second click while it measures changes nothing. */
const measuring = new Set<string>();

export function measureSweepFor(index: RunIndex, workerScript: string) {
  return (panel: RunPanel, runId: string): void => {
    const run = index.get(runId);
    if (!run) {
      panel.postSweep(runId, { error: vscode.l10n.t('Run {0} no longer exists.', runId) });
      return;
    }
    if (measuring.has(runId)) return;
    measuring.add(runId);
    sweepInWorker(workerScript, { workspaceRoot: run.root, runId, threads: settings.threads() }, (done, total, series, T) =>
      panel.postSweep(runId, { progress: { done, total, T, series } }),
    )
      .then((sweep) => panel.postSweep(runId, { sweep }))
      .catch((e: Error) => {
        log.error(`sweep of ${runId}: ${e.message}`);
        panel.postSweep(runId, { error: e.message });
      })
      .finally(() => measuring.delete(runId));
  };
}
