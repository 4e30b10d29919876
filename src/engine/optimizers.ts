// torch.optim update rules with PyTorch's default hyper-parameters (no weight decay, no
// nesterov, not centered, not amsgrad). Each rule updates p.data in place from p.grad, element by
// element, in the same order of operations as PyTorch's single-tensor code path.
import type { Arr } from './tensor';
import { zeros } from './tensor';
import type { Param } from './param';
import { kernelsOf, type Kernels } from './kernels';
import { heapOf, type Heap } from './wasm/heap';

export type OptimizerKind = 'sgd' | 'momentum' | 'adam' | 'adagrad' | 'rmsprop';

/** One state buffer, named "<param name>.<PyTorch state key>", e.g. "head.bias.exp_avg". */
interface OptimizerBuffer {
  name: string;
  shape: number[];
  data: Arr;
}

/** Everything needed to resume: the update count (Adam's bias correction uses it) and buffers. */
export interface OptimizerState {
  kind: OptimizerKind;
  step: number;
  learningRate: number;
  buffers: OptimizerBuffer[];
}

export interface Optimizer {
  readonly kind: OptimizerKind;
  readonly learningRate: number;
  /** Number of step() calls so far (PyTorch's state["step"]). */
  readonly stepCount: number;
  step(): void;
  setLearningRate(lr: number): void;
  /** A copy of the state; later steps don't change it. */
  state(): OptimizerState;
  /** Copies a state() export (same kind, same params) into this optimizer's buffers. */
  loadState(state: OptimizerState): void;
}

const MOMENTUM = 0.9;
const ADAM_BETA1 = 0.9;
const ADAM_BETA2 = 0.999;
const ADAM_EPS = 1e-8;
const ADAGRAD_EPS = 1e-10;
const RMSPROP_ALPHA = 0.99;
const RMSPROP_EPS = 1e-8;

/** A param as an update rule sees it: its values, gradient and state slots. */
interface Slotted {
  p: Arr;
  g: Arr;
  s: Arr[];
}

/**
 * An update rule: the state slots it keeps per param, and how the params are updated at step t
 * (1-based), given all the params whose arrays share one kernel set. A rule with a kernel (Adam)
 * runs it from that kernel set: in float32 arithmetic on a model's wasm heap (as PyTorch does for
 * float32 params), else the JS reference in float64 (./grad-ops.ts).
 */
interface Rule {
  slots: string[];
  update(params: readonly Slotted[], lr: number, t: number, k: Kernels): void;
}

/** A rule that updates each param on its own, element by element, in JS. */
const eachParam =
  (update: (p: Arr, g: Arr, s: Arr[], lr: number) => void): Rule['update'] =>
  (params, lr) => {
    for (const { p, g, s } of params) update(p, g, s, lr);
  };

const RULES: Record<OptimizerKind, Rule> = {
  sgd: {
    slots: [],
    update: eachParam((p, g, _s, lr) => {
      for (let i = 0; i < p.length; i++) p[i] -= lr * g[i];
    }),
  },

  // PyTorch: buf = g on the first step, then buf = μ·buf + g; p -= lr·buf. A zero-initialised
  // buffer gives exactly buf = g at t = 1, so no special case is needed.
  momentum: {
    slots: ['momentum_buffer'],
    update: eachParam((p, g, [buf], lr) => {
      for (let i = 0; i < p.length; i++) {
        buf[i] = MOMENTUM * buf[i] + g[i];
        p[i] -= lr * buf[i];
      }
    }),
  },

  // PyTorch: m.lerp_(g, 1-β1); v = β2·v + (1-β2)·g²; p -= (lr/bc1) · m / (√v/√bc2 + eps) (./grad-ops.ts).
  adam: {
    slots: ['exp_avg', 'exp_avg_sq'],
    update(params, lr, t, k) {
      const stepSize = lr / (1 - ADAM_BETA1 ** t);
      const bc2Sqrt = Math.sqrt(1 - ADAM_BETA2 ** t);
      const tensors = params.map(({ p, g, s: [m, v] }) => ({ p, g, m, v }));
      k.adam(tensors, { stepSize, bc2Sqrt, beta1: ADAM_BETA1, beta2: ADAM_BETA2, eps: ADAM_EPS });
    },
  },

  // PyTorch (lr_decay 0, initial_accumulator_value 0): sum += g²; p -= lr · g / (√sum + eps).
  adagrad: {
    slots: ['sum'],
    update: eachParam((p, g, [sum], lr) => {
      for (let i = 0; i < p.length; i++) {
        const gi = g[i];
        sum[i] += gi * gi;
        p[i] -= (lr * gi) / (Math.sqrt(sum[i]) + ADAGRAD_EPS);
      }
    }),
  },

  // PyTorch: sq = α·sq + (1-α)·g²; p -= lr · g / (√sq + eps) — eps outside the sqrt, no bias correction.
  rmsprop: {
    slots: ['square_avg'],
    update: eachParam((p, g, [sq], lr) => {
      for (let i = 0; i < p.length; i++) {
        const gi = g[i];
        sq[i] = sq[i] * RMSPROP_ALPHA + (1 - RMSPROP_ALPHA) * gi * gi;
        p[i] -= (lr * gi) / (Math.sqrt(sq[i]) + RMSPROP_EPS);
      }
    }),
  },
};

export function createOptimizer(kind: OptimizerKind, learningRate: number, params: Param[]): Optimizer {
  const rule = RULES[kind];
  if (!rule) throw new Error(`unknown optimizer "${kind}"`);
  checkLearningRate(learningRate);
  let lr = learningRate;
  let t = 0;

  // State buffers are allocated once, in the param's dtype (as PyTorch keeps them), and reused.
  // When the params live in a model's wasm heap (float32), the buffers go to the same heap, so that
  // the heap's kernels can do the update.
  const heap = commonHeap(params);
  const fromHeap = (n: number): Arr | null => (heap ? heap.f32(n) : null);
  const buffers = params.map((p) =>
    rule.slots.map(() => fromHeap(p.data.length) ?? zeros(p.data instanceof Float64Array ? 'float64' : 'float32', p.data.length)),
  );
  // The params grouped by the kernel set their arrays live with (one group for a model), in order.
  const groups = new Map<Kernels, Slotted[]>();
  params.forEach((p, i) => {
    const k = kernelsOf(p.data);
    const group = groups.get(k) ?? [];
    groups.set(k, group);
    group.push({ p: p.data, g: p.grad, s: buffers[i] });
  });

  const bufferNames = (): string[] => params.flatMap((p) => rule.slots.map((slot) => `${p.name}.${slot}`));

  return {
    kind,
    get learningRate() {
      return lr;
    },
    get stepCount() {
      return t;
    },

    step() {
      t++;
      for (const [k, group] of groups) rule.update(group, lr, t, k);
    },

    setLearningRate(next) {
      checkLearningRate(next);
      lr = next;
    },

    state() {
      const names = bufferNames();
      const flat = params.flatMap((p, i) => buffers[i].map((data) => ({ shape: [...p.shape], data: data.slice() })));
      return { kind, step: t, learningRate: lr, buffers: flat.map((b, i) => ({ name: names[i], ...b })) };
    },

    loadState(state) {
      if (state.kind !== kind) throw new Error(`optimizer state is for "${state.kind}", not "${kind}"`);
      const names = bufferNames();
      if (state.buffers.length !== names.length) {
        throw new Error(`optimizer state has ${state.buffers.length} buffers, expected ${names.length}`);
      }
      // Validate everything before copying anything, so a bad state leaves this optimizer untouched.
      const targets = buffers.flat();
      state.buffers.forEach((b, i) => {
        if (b.name !== names[i]) throw new Error(`optimizer state buffer ${i} is "${b.name}", expected "${names[i]}"`);
        if (b.data.length !== targets[i].length) {
          throw new Error(`optimizer state buffer "${b.name}" has ${b.data.length} values, expected ${targets[i].length}`);
        }
      });
      checkLearningRate(state.learningRate);
      if (!Number.isInteger(state.step) || state.step < 0) throw new Error(`optimizer state step must be an integer >= 0, got ${state.step}`);
      state.buffers.forEach((b, i) => targets[i].set(b.data));
      t = state.step;
      lr = state.learningRate;
    },
  };
}

/** The wasm heap that holds every param's data and grad, if there is one. */
function commonHeap(params: Param[]): Heap | undefined {
  if (params.length === 0) return undefined;
  const heap = heapOf(params[0].data);
  if (!heap || !params.every((p) => p.data instanceof Float32Array && heapOf(p.data) === heap && heapOf(p.grad) === heap)) return undefined;
  return heap;
}

function checkLearningRate(lr: number): void {
  if (!Number.isFinite(lr) || lr < 0) throw new Error(`learning rate must be a finite number >= 0, got ${lr}`);
}
