// Engine throughput on the char-lm workload, measured in CPU time as well as wall time, so that
// before/after comparisons survive a machine shared with other jobs. Bundle it to freeze a version:
//   npx esbuild scripts/bench-engine.ts --bundle --platform=node --main-fields=module,main --outfile=/tmp/bench-A.js
//   node /tmp/bench-A.js DIR [cell-H-B ...] [--seconds S] [--threads N] [--js] [--json]
// Each config is the spec DIR/cell-H-B.rnn.json (e.g. char-lm, Adam, bptt 50, one layer), run
// through the real Trainer; prints tokens/s from the median step (wall) and from the median
// step's CPU time.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createTask } from '../src/tasks';
import { Trainer } from '../src/train/trainer';
import { loadSpec } from '../src/node/load-spec';
import { installNodeThreads } from '../src/node/threads';
import { setKernelPreference } from '../src/engine/wasm/heap';

const args = process.argv.slice(2);
const secIdx = args.indexOf('--seconds');
const seconds = secIdx >= 0 ? Number(args.splice(secIdx, 2)[1]) : 3;
const jsonOut = args.includes('--json') ? (args.splice(args.indexOf('--json'), 1), true) : false;
if (args.includes('--js')) {
  args.splice(args.indexOf('--js'), 1);
  setKernelPreference('js'); // the JS reference kernels (as without WebAssembly SIMD)
}
const threadsIdx = args.indexOf('--threads');
const threads = threadsIdx >= 0 ? Number(args.splice(threadsIdx, 2)[1]) : undefined;
installNodeThreads(threads);
const dir = args.shift();
if (!dir) throw new Error('usage: bench-engine DIR [cell-H-B ...] [--seconds S] [--json]');
const configs = args.length ? args : ['lstm-64-1', 'lstm-64-32', 'lstm-128-1', 'lstm-128-32', 'lstm-256-1', 'lstm-256-32'];

const cpuMs = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

for (const name of configs) {
  const specPath = path.resolve(dir, `${name}.rnn.json`);
  const { spec } = loadSpec(specPath);
  const task = createTask(spec, path.dirname(specPath), { readText: (p) => readFileSync(p, 'utf8') });
  const trainer = new Trainer(spec, task);
  for (let i = 0; i < 3; i++) trainer.step();
  trainer.takeSplit();
  const wall: number[] = [];
  const cpu: number[] = [];
  const t0 = performance.now();
  while (performance.now() - t0 < seconds * 1000 || wall.length < 5) {
    const w = performance.now();
    const c = cpuMs();
    trainer.step();
    cpu.push(cpuMs() - c);
    wall.push(performance.now() - w);
  }
  const split = trainer.takeSplit() as unknown as Record<string, number>;
  const tot = Object.values(split).reduce((a, b) => a + b, 0);
  const tok = task.tokensPerBatch;
  const r = {
    config: name,
    steps: wall.length,
    wallTokPerSec: tok / (median(wall) / 1000),
    cpuTokPerSec: tok / (median(cpu) / 1000),
    split: Object.fromEntries(Object.entries(split).map(([k, v]) => [k.replace(/Ms$/, ''), +(v / tot).toFixed(3)])),
  };
  if (jsonOut) console.log(JSON.stringify(r));
  else {
    const f = (x: number) => (x >= 1000 ? `${(x / 1000).toFixed(2)}k` : x.toFixed(0));
    const sp = Object.entries(r.split)
      .map(([k, v]) => `${k} ${(100 * v).toFixed(0)}%`)
      .join(', ');
    console.log(`${name.padEnd(12)} wall ${f(r.wallTokPerSec).padStart(8)} tok/s   cpu ${f(r.cpuTokPerSec).padStart(8)} tok/s   (${r.steps} steps; ${sp})`);
  }
}
