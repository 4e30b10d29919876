// The measured sweep of a run (Parallelism tab) in a short-lived worker thread: it trains a few
// steps at each length, seconds of work that must never block the extension host.
import * as vscode from 'vscode';
import { Worker } from 'node:worker_threads';
import { renderUi } from '../util/lang';
import type { SeriesIdentity } from '../../messages/sweep-series';
import type { SweepResult } from '../../protocol/events';
import type { SweepReply, SweepRequest } from '../../protocol/worker';

export function sweepInWorker(
  workerScript: string,
  req: Omit<SweepRequest, 'type'>,
  onProgress: (done: number, total: number, series?: SeriesIdentity, T?: number) => void,
): Promise<SweepResult> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(workerScript, { name: `rnn-lab sweep ${req.runId}` });
    let done = false;
    function finish(result: Error | SweepResult): void {
      if (done) return;
      done = true;
      void worker.terminate();
      if (result instanceof Error) reject(result);
      else resolve(result);
    }
    worker.on('message', (m: SweepReply) => {
      if (m.type === 'sweepProgress') onProgress(m.done, m.total, m.series, m.T);
      else finish(m.type === 'swept' ? m.sweep : new Error(renderUi(m.msg)));
    });
    worker.on('error', (e) => finish(e));
    worker.on('exit', (code) => finish(new Error(vscode.l10n.t("the sweep's worker exited (code {0})", String(code)))));
    const msg: SweepRequest = { type: 'sweep', ...req };
    worker.postMessage(msg);
  });
}
