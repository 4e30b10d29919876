import { monitorEventLoopDelay } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import * as vscode from 'vscode';
import { closeAllEditors, train, waitFor } from './rnn-lab';

async function measure(label: string, during: () => Promise<void>): Promise<void> {
  const h = monitorEventLoopDelay({ resolution: 10 });
  h.enable();
  const spikes: number[] = [];
  let last = Date.now();
  const iv = setInterval(() => { const now = Date.now(); if (now - last > 60) spikes.push(now - last); last = now; }, 10);
  await during();
  h.disable(); clearInterval(iv);
  const ms = (ns: number): number => Math.round((ns / 1e6 - 10) * 100) / 100;
  console.log(`      ${label}: p50 ${ms(h.percentile(50))} p99 ${ms(h.percentile(99))} max ${ms(h.max)} spikes ${spikes.join(',')}`);
}
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

suite('zz probe', () => {
  test('delay variants', async function () {
    this.timeout(300_000);
    await vscode.workspace.getConfiguration('rnnLab').update('panel.openOnTrain', false, vscode.ConfigurationTarget.Workspace);
    await closeAllEditors();
    await measure('idle 6s', () => sleep(6000));
    await measure('cpu-burn worker 6s', async () => {
      const w = new Worker('const end = Date.now() + 6000; let x = 0; while (Date.now() < end) x++;', { eval: true });
      await new Promise((r) => w.on('exit', r));
    });
    await measure('alloc-burn worker 6s', async () => {
      const w = new Worker('const end = Date.now() + 6000; let a = []; while (Date.now() < end) { a.push(new Float64Array(1000)); if (a.length > 1000) a = []; }', { eval: true });
      await new Promise((r) => w.on('exit', r));
    });
    const session = await train('lstm-128', { steps: 1000 });
    await measure('lstm-128 training 6s', () => sleep(6000));
    await vscode.commands.executeCommand('rnnLab.stop', { runId: session.state.runId });
    await session.done;
    void waitFor;
  });
});
