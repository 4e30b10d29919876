// Sampling from a text run in a short-lived worker thread (large models never block the host).
import * as vscode from 'vscode';
import { Worker } from 'node:worker_threads';
import { renderUi } from '../util/lang';
import type { SampleReply, SampleRequest } from '../../protocol/worker';

const TIMEOUT_MS = 120_000;

export function sampleInWorker(workerScript: string, req: Omit<SampleRequest, 'type'>): Promise<string> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(workerScript, { name: `rnn-lab sample ${req.runId}` });
    const timer = setTimeout(() => finish(new Error(vscode.l10n.t('sampling took longer than {0} s', TIMEOUT_MS / 1000))), TIMEOUT_MS);
    let done = false;
    function finish(result: Error | string): void {
      if (done) return;
      done = true;
      clearTimeout(timer);
      void worker.terminate();
      if (result instanceof Error) reject(result);
      else resolve(result);
    }
    worker.on('message', (m: SampleReply) => finish(m.type === 'sampled' ? m.text : new Error(renderUi(m.msg))));
    worker.on('error', (e) => finish(e));
    worker.on('exit', (code) => finish(new Error(vscode.l10n.t('the sampling worker exited (code {0})', String(code)))));
    const msg: SampleRequest = { type: 'sample', ...req };
    worker.postMessage(msg);
  });
}
