// Development only (not bundled into the extension): stands in for VS Code so the built panel can be
// opened in a plain browser with a synthetic run. See preview.mjs.
import type { ProbeEvent, TrainEvent } from '../../src/engine/events';
import type { FromPanel, PanelRun, ToPanel } from '../../src/extension/panel/protocol';

declare global {
  interface Window {
    acquireVsCodeApi(): { postMessage(m: unknown): void; getState(): unknown; setState(s: unknown): void };
    __messages: FromPanel[];
    __send(m: ToPanel): void;
  }
}

const params = new URLSearchParams(location.search);
const compare = params.get('compare') === '1';
const tab = params.get('tab') ?? 'overview';
let state: unknown = { runIds: [], tab };
window.__messages = [];
window.__send = (m) => window.postMessage(m, '*');

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
}

export function fakeRun(id: string, seed: number, steps: number, lr: number): PanelRun {
  const r = rng(seed);
  const events: TrainEvent[] = [{ type: 'started', runId: id, folder: '/tmp', parameterCount: 0, totalSteps: steps, name: 'char-lm' }];
  const T = 48;
  const H = 64;
  const text = 'Shall I compare thee to a summer\'s day?\nThou art more lovely and more temperate';
  for (let s = 0; s <= steps; s++) {
    const base = 1.3 + 2.9 * Math.exp(-s / (600 / lr));
    if (s > 0) {
      const gn = 0.6 + 3 * Math.exp(-s / 400) + (r() < 0.02 ? 4 * r() : 0) + 0.3 * r();
      events.push({ type: 'progress', step: s, loss: base + 0.25 * (r() - 0.5), gradNorm: gn, clipped: gn > 1, tokensPerSec: 21000, elapsedMs: s * 40,
        ...(s % 100 === 0 ? { split: { inputProjectionMs: 300, recurrenceMs: 1500, headLossMs: 400, backwardMs: 2200, optimizerMs: 150 } } : {}) });
    }
    if (s % 100 === 0) events.push({ type: 'eval', step: s, valLoss: base + 0.08 + 0.05 * (s / steps) });
  }
  events.push({ type: 'finished', status: 'completed', summary: { steps, finalLoss: 1.35, bestValLoss: 1.44 } });
  const grid = (f: (t: number, u: number) => number): number[][] => Array.from({ length: T }, (_, t) => Array.from({ length: H }, (_, u) => f(t, u)));
  const probe: ProbeEvent = {
    type: 'probe',
    step: steps,
    stepLabels: text.slice(0, T).split(''),
    layers: [
      {
        h: grid((t, u) => Math.tanh(Math.sin(t * 0.3 + u) * 1.5 + (text[t] === ' ' && u % 7 === 0 ? 2 : 0))),
        c: grid((t, u) => Math.sin(t * 0.1 + u * 0.5) * (1 + (u % 5))),
        gates: { i: grid((t, u) => 1 / (1 + Math.exp(-Math.sin(t + u)))), f: grid((_t, u) => 1 / (1 + Math.exp(-(u % 9) + 3))), o: grid((t) => 0.5 + 0.4 * Math.sin(t / 5)) },
        gradNorm: Array.from({ length: T }, (_, t) => 0.02 * Math.exp((t - T) / 8) + 1e-6),
      },
    ],
  };
  return {
    id,
    name: 'char-lm',
    status: 'completed',
    createdAt: new Date().toISOString(),
    specPath: '/ws/char-lm.rnn.json',
    config: { task: 'char-lm', cell: 'lstm', hiddenSize: 64, layers: 1, learningRate: lr, optimizer: 'adam', steps },
    summary: { steps, finalLoss: 1.35, bestValLoss: 1.44, parameterCount: 33345 },
    spec: {
      name: 'char-lm',
      task: { kind: 'char-lm', file: 'data/sonnets.txt', validation: 0.1 },
      model: { cell: 'lstm', hiddenSize: 64, layers: 1, activation: 'tanh', residual: 'none', embedding: 0, init: 'default', heads: 4, ffn: 0, context: 0 },
      training: { optimizer: 'adam', learningRate: lr, batchSize: 32, steps, bptt: 50, clip: { norm: 1 }, seed: 1, evalEvery: 100, evalTokens: 50000, dtype: 'float32' },
    },
    io: { taskKind: 'char-lm', inputKind: 'tokens', inputSize: 65, outputSize: 65 },
    events,
    probe,
    gradProfiles: [0, 1, 2, 3].map((k) => ({ step: k * 500, layers: [probe.layers[0].gradNorm.map((g, t) => g * Math.exp((T - t) * k * 0.03))] })),
    textModel: true,
  };
}

window.acquireVsCodeApi = () => ({
  postMessage(m: unknown) {
    const msg = m as FromPanel;
    window.__messages.push(msg);
    if (msg.type === 'ready') {
      const runs = compare ? [fakeRun('20250101-char-lm-aaaaaa', 1, 3000, 1), fakeRun('20250101-char-lm-bbbbbb', 2, 3000, 0.5)] : [fakeRun('20250101-char-lm-aaaaaa', 1, Number(params.get('steps') ?? 3000), 1)];
      setTimeout(() => window.__send({ type: 'init', runs }), 0);
    }
    if (msg.type === 'sample') {
      setTimeout(() => window.__send({ type: 'sampled', requestId: msg.requestId, runId: msg.runId, text: 'Shall I <b>compare</b> thee\u0001 to\nthe summer' }), 50);
    }
  },
  getState: () => state,
  setState: (s: unknown) => (state = s),
});
