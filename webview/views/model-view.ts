// Model: every parameter in the seed's notation with its PyTorch name, shape and count, and the
// plain statement that the count does not depend on the sequence length.
import type { PanelRun } from '../../src/extension/panel/protocol';
import { paramRows, totalCount } from '../model/param-table';
import { el, fmtInt, table, type PanelView, type ViewContext } from './view';

const CELL_EQUATIONS: Record<string, string[]> = {
  rnn: ['a⟨t⟩ = f(W_aa a⟨t−1⟩ + W_ax x⟨t⟩ + b_a)', 'y⟨t⟩ = g(W_ya a⟨t⟩ + b_y)'],
  lstm: [
    'i, f, g, o = σ, σ, tanh, σ of (W_·x x⟨t⟩ + W_·a a⟨t−1⟩ + b_·)',
    'c⟨t⟩ = f ⊙ c⟨t−1⟩ + i ⊙ g,   a⟨t⟩ = o ⊙ tanh(c⟨t⟩)',
    'y⟨t⟩ = g(W_ya a⟨t⟩ + b_y)',
  ],
  gru: [
    'r, z = σ(W_·x x⟨t⟩ + b_·x + W_·a a⟨t−1⟩ + b_·a)',
    'n = tanh(W_nx x⟨t⟩ + b_nx + r ⊙ (W_na a⟨t−1⟩ + b_na)),   a⟨t⟩ = (1 − z) ⊙ n + z ⊙ a⟨t−1⟩',
    'y⟨t⟩ = g(W_ya a⟨t⟩ + b_y)',
  ],
};

export class ModelView implements PanelView {
  readonly tab = 'model' as const;
  readonly element = el('section', 'view model-view');
  private key = '';

  render(ctx: ViewContext): void {
    const run = ctx.focus.meta;
    const spec = run.spec;
    const key = `${run.id}|${run.params?.length ?? 0}|${run.io?.inputSize ?? ''}`;
    if (key === this.key) return;
    this.key = key;
    if (!spec) {
      this.element.replaceChildren(el('p', 'muted', 'The run\'s spec snapshot does not parse, so its model cannot be described.'));
      ctx.rendered({ runs: 1, items: 0 });
      return;
    }
    const m = spec.model;
    const rows = paramRows(
      { cell: m.cell, hiddenSize: m.hiddenSize, layers: m.layers, embedding: m.embedding, inputKind: run.io?.inputKind ?? inputKindOf(run), inputSize: run.io?.inputSize, outputSize: run.io?.outputSize },
      run.params,
    );
    const total = totalCount(rows) ?? run.summary.parameterCount ?? (run.config.parameters as number | undefined);
    const t = table(
      ['symbol', 'role', 'gate blocks', 'PyTorch name', 'shape', 'count'],
      rows.map((r) => [r.symbol, r.role, r.gateBlocks ?? '—', r.names.join(' + '), r.shape, r.count !== undefined ? fmtInt(r.count) : '—']),
    );
    const eq = el('div', 'equations');
    for (const line of CELL_EQUATIONS[m.cell] ?? []) eq.appendChild(el('code', undefined, line));
    const seq = sequenceLength(run);
    this.element.replaceChildren(
      el('h3', undefined, `${m.cell.toUpperCase()}, ${m.layers} layer${m.layers > 1 ? 's' : ''} of ${m.hiddenSize} units${m.embedding ? `, embedding ${m.embedding}` : ', one-hot inputs'}`),
      eq,
      t,
      el('p', 'total', `${total !== undefined ? fmtInt(total) : '?'} parameters in all.`),
      el(
        'p',
        'callout',
        `The count does not depend on the sequence length: the same W_ax, W_aa and b_a are applied at every time step (the weights are shared across time), so this model has the same ${total !== undefined ? fmtInt(total) : ''} parameters whether it reads ${seq ? `${seq} steps, as here, or 10,000` : '10 steps or 10,000'}.`,
      ),
      ...(run.params ? [] : [el('p', 'muted', 'Shapes marked V / O are fixed by the data; they appear with the first checkpoint.')]),
    );
    ctx.rendered({ runs: 1, items: rows.length, note: String(total ?? '') });
  }
}

function inputKindOf(run: Omit<PanelRun, 'events' | 'probe' | 'gradProfiles'>): 'tokens' | 'real' {
  const k = run.spec?.task.kind;
  return k === 'adding' || k === 'series' ? 'real' : 'tokens';
}

export function sequenceLength(run: Omit<PanelRun, 'events' | 'probe' | 'gradProfiles'>): number | undefined {
  const spec = run.spec;
  if (!spec) return undefined;
  const t = spec.task;
  if (t.kind === 'char-lm' || t.kind === 'word-lm' || t.kind === 'series') return spec.training.bptt || undefined;
  if (t.kind === 'adding') return t.length;
  if (t.kind === 'copy') return 2 * t.length + t.delay + 1;
  return undefined;
}
