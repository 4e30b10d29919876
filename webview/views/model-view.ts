// Model: every parameter in the seed's notation with its PyTorch name, shape and count, and the
// plain statement that the count does not depend on the sequence length (for a Transformer: that
// the positions table is the one part that does).
import { count, t as tr } from '../i18n';
import type { PanelRun } from '../../src/protocol/panel';
import { paramRows, totalCount, type ParamRow } from '../model/param-table';
import { el, fmtInt, table, type PanelView, type ViewContext } from './view';

const CELL_EQUATIONS: Record<string, string[]> = {
  rnn: ['a⟨t⟩ = f(W_aa a⟨t−1⟩ + W_ax x⟨t⟩ + b_a)', 'y⟨t⟩ = g(W_ya a⟨t⟩ + b_y)'],
  lstm: ['i, f, g, o = σ, σ, tanh, σ of (W_·x x⟨t⟩ + W_·a a⟨t−1⟩ + b_·)', 'c⟨t⟩ = f ⊙ c⟨t−1⟩ + i ⊙ g,   a⟨t⟩ = o ⊙ tanh(c⟨t⟩)', 'y⟨t⟩ = g(W_ya a⟨t⟩ + b_y)'],
  gru: [
    'r, z = σ(W_·x x⟨t⟩ + b_·x + W_·a a⟨t−1⟩ + b_·a)',
    'n = tanh(W_nx x⟨t⟩ + b_nx + r ⊙ (W_na a⟨t−1⟩ + b_na)),   a⟨t⟩ = (1 − z) ⊙ n + z ⊙ a⟨t−1⟩',
    'y⟨t⟩ = g(W_ya a⟨t⟩ + b_y)',
  ],
  transformer: [
    'x⟨t⟩ = E[token⟨t⟩] (or W_in x⟨t⟩ + b_in) + P[t]',
    'per layer:  x = x + W_o · attention(W_q, W_k, W_v over LN₁(x), causal: position t sees 0..t)',
    '            x = x + W_2 · GELU(W_1 · LN₂(x) + b_1) + b_2',
    'y⟨t⟩ = g(W_y · LN(x⟨t⟩) + b_y)',
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
      this.element.replaceChildren(el('p', 'muted', tr('panel.model.noParse')));
      ctx.rendered({ runs: 1, items: 0 });
      return;
    }
    const m = spec.model;
    const transformer = m.cell === 'transformer';
    const rows = paramRows(
      {
        cell: m.cell,
        gates: run.gates ?? 1,
        hiddenSize: m.hiddenSize,
        layers: m.layers,
        embedding: m.embedding,
        inputKind: run.io?.inputKind ?? inputKindOf(run),
        inputSize: run.io?.inputSize,
        outputSize: run.io?.outputSize,
        heads: m.heads,
        ffn: m.ffn,
        context: transformer ? contextOf(run) : undefined,
      },
      run.params,
    );
    const total = totalCount(rows) ?? run.summary.parameterCount ?? (run.config.parameters as number | undefined);
    const t = table(
      [
        tr('panel.model.col.symbol'),
        tr('panel.model.col.role'),
        transformer ? tr('panel.model.col.blocks') : tr('panel.model.col.gateBlocks'),
        tr('panel.model.col.name'),
        tr('panel.model.col.shape'),
        tr('panel.model.col.count'),
      ],
      rows.map((r) => [
        r.symbol,
        roleCell(r),
        r.gateBlocks ?? '—',
        nameCell(r),
        r.shape.replace(/, /g, ',\u00a0'),
        r.count !== undefined ? fmtInt(r.count) : '—',
      ]),
      'data param-table',
    );
    rows.forEach((r, i) => r.dependsOnLength && t.tBodies[0].rows[i]?.classList.add('depends-on-length'));
    const eq = el('div', 'equations');
    for (const line of CELL_EQUATIONS[m.cell] ?? []) eq.appendChild(el('code', undefined, line));
    const seq = sequenceLength(run);
    const wrap = el('div', 'table-scroll');
    wrap.appendChild(t);
    this.element.replaceChildren(
      el(
        'h3',
        undefined,
        transformer
          ? transformerTitle(run)
          : tr('panel.model.rnnTitle', {
              cell: m.cell.toUpperCase(),
              layers: count(m.layers, 'layer', 'layers', '层'),
              H: m.hiddenSize,
              emb: m.embedding ? tr('panel.model.embedding', { n: m.embedding }) : tr('panel.model.oneHot'),
            }),
      ),
      eq,
      wrap,
      el('p', 'total', tr('panel.model.total', { n: total !== undefined ? fmtInt(total) : '?' })),
      el(
        'p',
        'callout',
        transformer
          ? positionsNote(rows, total)
          : tr('panel.model.shared', {
              n: total !== undefined ? fmtInt(total) : '',
              reads: seq ? tr('panel.model.readsSeq', { seq }) : tr('panel.model.readsAny'),
            }),
      ),
      ...(run.params ? [] : [el('p', 'muted', tr('panel.model.shapesMarked', { marks: transformer ? 'V / O / T' : 'V / O' }))]),
    );
    ctx.rendered({ runs: 1, items: rows.length, note: String(total ?? '') });
  }
}

/**
 * "encoder.layers.0.self_attn.in_proj_weight, rows 0–63": a row that is a slice of its tensor says
 * which rows. Long names may break after a dot (<wbr>, so a copied name stays whole).
 */
function nameCell(r: ParamRow): HTMLElement {
  const cell = el('span', 'param-name');
  r.names.forEach((name, i) => {
    if (i > 0) cell.append(' + ');
    name.split('.').forEach((part, j) => {
      if (j > 0) cell.append('.', el('wbr'));
      cell.append(part);
    });
  });
  if (r.rows) cell.append(el('span', 'muted', tr('panel.model.rows', { a: r.rows[0], b: r.rows[1] })));
  return cell;
}

/** The role; in a narrow panel (where the blocks column is hidden) the blocks follow it on a line of their own. */
function roleCell(r: ParamRow): HTMLElement {
  const cell = el('span', undefined, r.role);
  if (r.gateBlocks) cell.append(el('span', 'blocks-inline muted', r.gateBlocks));
  return cell;
}

function transformerTitle(run: Omit<PanelRun, 'events' | 'probe' | 'gradProfiles'>): string {
  const m = run.spec!.model;
  const F = m.ffn > 0 ? m.ffn : 4 * m.hiddenSize;
  const context = contextOf(run);
  return tr('panel.model.tfTitle', {
    layers: count(m.layers, 'layer', 'layers', '层'),
    H: m.hiddenSize,
    heads: count(m.heads, 'head', 'heads', '个头'),
    F,
    context: context ? tr('panel.model.context', { n: context }) : '',
  });
}

/** The Transformer's callout: everything is shared across positions except the positions table. */
function positionsNote(rows: ParamRow[], total: number | undefined): string {
  const p = rows.find((r) => r.dependsOnLength);
  const share =
    p?.count !== undefined && total ? tr('panel.model.share', { n: fmtInt(p.count), total: fmtInt(total), pct: ((100 * p.count) / total).toFixed(1) }) : '';
  return tr('panel.model.positions', { shape: p?.shape ?? '[context, H]', share });
}

/** A Transformer's positions (rows of P): model.context, else the task's window (bptt for streams, else the sequence length). */
function contextOf(run: Omit<PanelRun, 'events' | 'probe' | 'gradProfiles'>): number | undefined {
  const c = run.spec?.model.context;
  return c && c > 0 ? c : sequenceLength(run);
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
