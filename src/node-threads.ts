// Helper threads for the engine's wasm kernels under Node (src/engine/wasm/threads.ts). The engine
// stays free of node: imports; this file is the Node side of its thread spawner. Call
// installNodeThreads() once at startup in a process (or worker) that trains.
//
// RNN_LAB_THREADS=N lets a float32 model use N threads (the caller and N−1 helpers); the default is
// 1, no helpers: on the 2-vCPU machines measured so far a second thread added no floating-point
// throughput (see bench/ENGINE-NOTES.md). Results are bit-identical whatever the number of threads.
import { Worker } from 'node:worker_threads';
import { setThreads } from './engine/wasm/threads';

/** worker_threads has no `self`: give the helper script the web-worker shape it expects. */
const PRELUDE = `const self = {}; require('node:worker_threads').parentPort.on('message', (data) => self.onmessage({ data }));\n`;

export function installNodeThreads(total = threadsWanted()): void {
  const n = Math.max(1, Math.floor(total));
  setThreads((source) => {
    const w = new Worker(PRELUDE + source, { eval: true });
    w.unref(); // an idle helper never keeps the process alive
    return w;
  }, n - 1);
}

function threadsWanted(): number {
  const env = Number(process.env.RNN_LAB_THREADS);
  return Number.isInteger(env) && env >= 1 ? env : 1;
}
