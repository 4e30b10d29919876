// Helper threads for the engine's wasm kernels under Node (src/engine/wasm/threads.ts). The engine
// stays free of node: imports; this file is the Node side of its thread spawner. Call
// installNodeThreads() once at startup in a process (or worker) that trains.
//
// How many threads a float32 model may use (the caller and N−1 helpers), first that applies:
//   1. the caller's request (`rnn-lab train|bench --threads N`, the `rnnLab.training.threads` setting);
//   2. RNN_LAB_THREADS=N;
//   3. auto: one per core, at most 4 (measured: batch-32 training gains 1.3–1.8× from a second core;
//      more than 4 is untested, and the per-step barriers grow with the team).
// Results are bit-identical whatever the number. Large batches gain most; batch 1 barely splits.
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { setThreads } from '../engine/wasm/threads';

/** worker_threads has no `self`: give the helper script the web-worker shape it expects. */
const PRELUDE = `const self = {}; require('node:worker_threads').parentPort.on('message', (data) => self.onmessage({ data }));\n`;

export const MAX_AUTO_THREADS = 4;

/** Installs the spawner for `requested` threads in all (0 or undefined: see above). */
export function installNodeThreads(requested?: number): void {
  setThreads(
    (source) => {
      const w = new Worker(PRELUDE + source, { eval: true });
      w.unref(); // an idle helper never keeps the process alive
      return w;
    },
    threadCount(requested) - 1,
  );
}

/** The number of threads installNodeThreads(requested) uses. */
export function threadCount(requested?: number, env = process.env.RNN_LAB_THREADS): number {
  if (requested !== undefined && Number.isInteger(requested) && requested >= 1) return requested;
  const fromEnv = Number(env); // NaN when unset, 0 when empty
  if (Number.isInteger(fromEnv) && fromEnv >= 1) return fromEnv;
  return Math.max(1, Math.min(MAX_AUTO_THREADS, availableParallelism()));
}
