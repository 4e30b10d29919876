// Development only (not bundled into the extension): stands in for VS Code so the built panel can be
// opened in a plain browser with a synthetic run. See preview.mjs.
import type { ProbeEvent, SweepResult, TrainEvent } from '../../src/protocol/events';
import type { FromPanel, PanelRun, ParamShape, ToPanel } from '../../src/protocol/panel';
import { SHARED_NAMES, TRANSFORMER_NAMES, transformerNames } from '../../src/engine/param-names';

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
const transformer = params.get('model') === 'transformer';
const withSweep = params.get('sweep') !== '0';
let state: unknown = { runIds: [], tab };
window.__messages = [];
window.__send = (m) => window.postMessage(m, '*');

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => (s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32;
}

export function fakeRun(id: string, seed: number, steps: number, lr: number): PanelRun {
  const r = rng(seed);
  const events: TrainEvent[] = [{ type: 'started', runId: id, folder: '/tmp', parameterCount: 0, totalSteps: steps, name: 'char-lm' }];
  const T = 48;
  const H = 64;
  const text = "Shall I compare thee to a summer's day?\nThou art more lovely and more temperate";
  for (let s = 0; s <= steps; s++) {
    const base = 1.3 + 2.9 * Math.exp(-s / (600 / lr));
    if (s > 0) {
      const gn = 0.6 + 3 * Math.exp(-s / 400) + (r() < 0.02 ? 4 * r() : 0) + 0.3 * r();
      events.push({
        type: 'progress',
        step: s,
        loss: base + 0.25 * (r() - 0.5),
        gradNorm: gn,
        clipped: gn > 1,
        tokensPerSec: 21000,
        elapsedMs: s * 40,
        ...(s % 100 === 0 ? { split: { inputProjectionMs: 300, recurrenceMs: 1500, headLossMs: 400, backwardMs: 2200, optimizerMs: 150 } } : {}),
      });
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
        gates: {
          i: grid((t, u) => 1 / (1 + Math.exp(-Math.sin(t + u)))),
          f: grid((_t, u) => 1 / (1 + Math.exp(-(u % 9) + 3))),
          o: grid((t) => 0.5 + 0.4 * Math.sin(t / 5)),
        },
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
    gates: 4,
    spec: {
      name: 'char-lm',
      task: { kind: 'char-lm', file: 'data/sonnets.txt', validation: 0.1 },
      model: { cell: 'lstm', hiddenSize: 64, layers: 1, activation: 'tanh', residual: 'none', embedding: 0, init: 'default', heads: 4, ffn: 0, context: 0 },
      training: {
        optimizer: 'adam',
        learningRate: lr,
        batchSize: 32,
        steps,
        bptt: 50,
        clip: { norm: 1 },
        seed: 1,
        evalEvery: 100,
        evalTokens: 50000,
        dtype: 'float32',
      },
    },
    io: { taskKind: 'char-lm', inputKind: 'tokens', inputSize: 65, outputSize: 65 },
    events,
    probe,
    gradProfiles: [0, 1, 2, 3].map((k) => ({ step: k * 500, layers: [probe.layers[0].gradNorm.map((g, t) => g * Math.exp((T - t) * k * 0.03))] })),
    textModel: true,
  };
}

const TEXT = "Shall I compare thee to a summer's day?\nThou art more lovely and more temperate";

/** Causal softmax rows from scores s(t, j), j ≤ t: [t][j], 0 above the diagonal. */
function causalSoftmax(T: number, score: (t: number, j: number) => number): number[][] {
  return Array.from({ length: T }, (_, t) => {
    const e = Array.from({ length: T }, (_, j) => (j <= t ? Math.exp(score(t, j)) : 0));
    const z = e.reduce((a, b) => a + b, 0);
    return e.map((x) => x / z);
  });
}

/** Four heads that sharpen with training (sharp in 0..1): previous token, the last space, a local window, the first token. */
function fakeAttention(labels: string[], layer: number, sharp: number): number[][][] {
  const T = labels.length;
  const lastSpace = (t: number): number => {
    for (let j = t; j >= 0; j--) if (labels[j] === ' ') return j;
    return 0;
  };
  const k = 6 * sharp;
  return [
    causalSoftmax(T, (t, j) => (j === t - 1 - layer ? k : 0)),
    causalSoftmax(T, (t, j) => (j === lastSpace(t) ? k : 0) + (labels[j] === labels[t] ? k / 3 : 0)),
    causalSoftmax(T, (t, j) => -Math.abs(t - j) * sharp * 0.8),
    causalSoftmax(T, (_t, j) => (j === 0 ? k * 0.8 : 0) + Math.sin(j) * 0.2),
  ];
}

/** ?tokens=words: a word-lm probe (whole words, some long), to check the labels of wide tokens. */
const WORDS =
  "Shall I compare thee to a summer's day ? \n Thou art more lovely and more temperate : Rough winds do shake the darling buds of May , And summer's lease hath all too short a date ; Sometime too hot the eye of heaven shines , And often is his gold complexion dimm'd ; And every fair from fair sometime declines , By chance or nature's changing course untrimm'd".split(
    ' ',
  );

function transformerProbe(step: number, sharp: number, T: number, H: number, layers: number): ProbeEvent {
  const labels = params.get('tokens') === 'words' ? WORDS.slice(0, T) : TEXT.slice(0, T).split('');
  const grid = (f: (t: number, u: number) => number): number[][] => Array.from({ length: T }, (_, t) => Array.from({ length: H }, (_, u) => f(t, u)));
  return {
    type: 'probe',
    step,
    stepLabels: labels,
    layers: Array.from({ length: layers }, (_, l) => ({
      h: grid((t, u) => 1.5 * Math.sin(t * 0.21 * (l + 1) + u * 0.7) + (u % 11 === 0 ? 2 : 0) + (labels[t] === ' ' && u % 5 === l ? -2.5 : 0)),
      attention: fakeAttention(labels, l, sharp),
      // flat with distance: attention reaches every earlier position in one step
      gradNorm: Array.from({ length: T }, (_, t) => 0.01 * (1 + 0.3 * Math.sin(t)) * (1 + t / T)),
    })),
  };
}

/** A sweep of an LSTM and its Transformer twin: the chain grows with T, the parallel pass until T² catches up. */
export function fakeSweep(): SweepResult {
  const Ts = [16, 32, 64, 128, 256, 512];
  const B = 32;
  const point = (T: number, ms: number): { T: number; msPerStep: number; tokensPerSec: number } => ({ T, msPerStep: ms, tokensPerSec: (B * T) / (ms / 1000) });
  return {
    batchSize: B,
    kernels: 'wasm',
    threads: 2,
    measuredAt: '2026-12-04T16:40:00Z',
    series: [
      {
        label: 'LSTM-64 (this spec)',
        cell: 'lstm',
        hiddenSize: 64,
        layers: 1,
        role: 'spec',
        parameterCount: 33345,
        points: Ts.map((T) => point(T, 0.9 + 0.55 * T)),
      },
      {
        label: 'Transformer-64×2 (twin)',
        cell: 'transformer',
        hiddenSize: 64,
        layers: 2,
        role: 'twin',
        parameterCount: 112705,
        points: Ts.map((T) => point(T, 3.2 + 0.05 * T + 0.0009 * T * T)),
      },
    ],
  };
}

function transformerShapes(V: number, H: number, F: number, layers: number, context: number): ParamShape[] {
  const out: ParamShape[] = [
    { name: SHARED_NAMES.embedding, shape: [V, H] },
    { name: TRANSFORMER_NAMES.position, shape: [context, H] },
  ];
  for (let k = 0; k < layers; k++) {
    const n = transformerNames(k);
    out.push(
      { name: n.inProjWeight, shape: [3 * H, H] },
      { name: n.inProjBias, shape: [3 * H] },
      { name: n.outProjWeight, shape: [H, H] },
      { name: n.outProjBias, shape: [H] },
      { name: n.linear1Weight, shape: [F, H] },
      { name: n.linear1Bias, shape: [F] },
      { name: n.linear2Weight, shape: [H, F] },
      { name: n.linear2Bias, shape: [H] },
      { name: n.norm1Weight, shape: [H] },
      { name: n.norm1Bias, shape: [H] },
      { name: n.norm2Weight, shape: [H] },
      { name: n.norm2Bias, shape: [H] },
    );
  }
  out.push(
    { name: TRANSFORMER_NAMES.normWeight, shape: [H] },
    { name: TRANSFORMER_NAMES.normBias, shape: [H] },
    { name: SHARED_NAMES.headWeight, shape: [V, H] },
    { name: SHARED_NAMES.headBias, shape: [V] },
  );
  return out;
}

export function fakeTransformerRun(id: string, steps: number): PanelRun {
  const base = fakeRun(id, 3, steps, 1);
  const T = 48;
  const H = 64;
  const layers = 2;
  const live = params.get('history') !== '0';
  // With history, the run reads back with an early probe and the later ones arrive live (replayProbes).
  const probe = live ? transformerProbe(Math.round(steps / 8), 0.05, T, H, layers) : transformerProbe(steps, 1, T, H, layers);
  // A Transformer's step has no sequential part: its split reports the whole forward pass as parallel.
  for (const e of base.events)
    if (e.type === 'progress' && e.split) e.split = { inputProjectionMs: 1200, recurrenceMs: 0, headLossMs: 300, backwardMs: 2600, optimizerMs: 150 };
  return {
    ...base,
    name: 'char-lm-twin',
    config: { ...base.config, cell: 'transformer', layers },
    summary: { ...base.summary, parameterCount: 112705 },
    gates: 1,
    spec: {
      ...base.spec!,
      name: 'char-lm-twin',
      model: { cell: 'transformer', hiddenSize: H, layers, activation: 'tanh', residual: 'none', embedding: 0, init: 'default', heads: 4, ffn: 0, context: 0 },
      training: { ...base.spec!.training, bptt: T },
    },
    params: transformerShapes(65, H, 4 * H, layers, T),
    probe,
    gradProfiles: [0, 1, 2].map((k) => ({ step: (k * probe.step) / 3, layers: probe.layers.map((l) => l.gradNorm.map((g) => g * (1 + k))) })),
    sweep: withSweep ? fakeSweep() : undefined,
  };
}

/** Live probes after init, so the Attention tab's history slider has something to step through. */
function replayProbes(runId: string, steps: number): void {
  [0.1, 0.35, 0.7].forEach((sharp, i) => {
    setTimeout(() => window.__send({ type: 'events', runId, events: [transformerProbe(Math.round(((i + 1) * steps) / 4), sharp, 48, 64, 2)] }), 0);
  });
  setTimeout(() => window.__send({ type: 'events', runId, events: [transformerProbe(steps, 1, 48, 64, 2)] }), 0);
}

window.acquireVsCodeApi = () => ({
  postMessage(m: unknown) {
    const msg = m as FromPanel;
    window.__messages.push(msg);
    if (msg.type === 'ready') {
      const steps = Number(params.get('steps') ?? 3000);
      const runs = transformer
        ? [fakeTransformerRun('20250101-char-lm-twin-cccccc', steps)]
        : compare
          ? [fakeRun('20250101-char-lm-aaaaaa', 1, 3000, 1), fakeRun('20250101-char-lm-bbbbbb', 2, 3000, 0.5)]
          : [{ ...fakeRun('20250101-char-lm-aaaaaa', 1, steps, 1), sweep: withSweep ? fakeSweep() : undefined }];
      setTimeout(() => {
        window.__send({ type: 'init', runs, lang: params.get('lang') === 'zh-cn' ? 'zh-cn' : 'en' });
        if (transformer && params.get('history') !== '0') {
          // The run reads back with its first probe only; the later ones arrive live.
          replayProbes(runs[0].id, steps);
        }
      }, 0);
    }
    if (msg.type === 'measureSweep') {
      // 12 measurements, then the result (or an error with ?sweepError=1).
      const total = 12;
      const Ts = [16, 32, 64, 128, 256, 512];
      const upTo = Number(params.get('sweepStop') ?? total);
      for (let done = 0; done < Math.min(total, upTo); done++) {
        setTimeout(
          () =>
            window.__send({
              type: 'sweep',
              runId: msg.runId,
              progress: {
                done,
                total,
                T: Ts[done % 6],
                series: done < 6 ? { cell: 'lstm', hiddenSize: 64, layers: 1, role: 'spec' } : { cell: 'transformer', hiddenSize: 64, layers: 2, role: 'twin' },
              },
            }),
          40 * done,
        );
      }
      if (upTo >= total) {
        setTimeout(
          () =>
            window.__send(
              params.get('sweepError')
                ? { type: 'sweep', runId: msg.runId, error: 'the worker stopped: out of memory at T = 512' }
                : { type: 'sweep', runId: msg.runId, sweep: fakeSweep() },
            ),
          40 * total + 40,
        );
      }
    }
    if (msg.type === 'sample') {
      setTimeout(
        () => window.__send({ type: 'sampled', requestId: msg.requestId, runId: msg.runId, text: 'Shall I <b>compare</b> thee\u0001 to\nthe summer' }),
        50,
      );
    }
  },
  getState: () => state,
  setState: (s: unknown) => (state = s),
});
