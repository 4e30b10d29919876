// Parallelism notes for this spec: why an RNN step waits for the previous one and a Transformer layer
// does not, what each costs, and what the engine's measured split implies for more cores (Amdahl).
import { parallelismNotes, type ParallelismNotes } from '../model/parallelism';
import type { RunData } from '../store';
import { sequenceLength } from './model-view';
import { el, fmt, fmtInt, table, type PanelView, type ViewContext } from './view';

export class ParallelismView implements PanelView {
  readonly tab = 'parallelism' as const;
  readonly element = el('section', 'view parallelism-view');
  private key = '';

  render(ctx: ViewContext): void {
    const run = ctx.focus;
    const spec = run.meta.spec;
    const T = sequenceLength(run.meta) ?? run.probe?.stepLabels.length;
    const split = run.split;
    const key = `${run.id}|${T}|${split ? Math.round(split.recurrenceMs) : ''}|${run.meta.io?.inputSize ?? ''}`;
    if (key === this.key) return;
    this.key = key;
    if (!spec || !T) {
      this.element.replaceChildren(el('p', 'muted', 'The sequence length is not known yet (it comes with the first probe for this task).'));
      ctx.rendered({ runs: 1, items: 0 });
      return;
    }
    const m = spec.model;
    const io = run.meta.io;
    const V = io?.inputSize ?? (spec.task.kind === 'adding' ? 2 : spec.task.kind === 'copy' ? spec.task.symbols + 2 : 64);
    const n = parallelismNotes({
      cell: m.cell,
      hiddenSize: m.hiddenSize,
      layers: m.layers,
      inputSize: m.embedding > 0 ? m.embedding : V,
      oneHot: m.embedding === 0 && (io?.inputKind ?? 'tokens') === 'tokens' && spec.task.kind !== 'adding' && spec.task.kind !== 'series',
      outputSize: io?.outputSize ?? V,
      seqLen: T,
      scoredSteps: spec.task.kind === 'adding' || spec.task.kind === 'classify' ? 1 : T,
      batchSize: spec.training.batchSize,
      bytesPerValue: spec.training.dtype === 'float64' ? 8 : 4,
      split,
    });
    this.element.replaceChildren(...this.sections(run, n, T));
    ctx.rendered({ runs: 1, items: n.rnnSequentialSteps, note: n.measured ? `p=${n.measured.parallelFraction.toFixed(3)}` : 'no split' });
  }

  private sections(run: RunData, n: ParallelismNotes, T: number): HTMLElement[] {
    const m = run.meta.spec!.model;
    const L = m.layers;
    const out: HTMLElement[] = [];
    out.push(el('h3', undefined, 'The sequential chain'));
    out.push(
      el(
        'p',
        undefined,
        `a⟨t⟩ needs a⟨t−1⟩: with T = ${fmtInt(T)} steps and ${L} layer${L > 1 ? 's' : ''}, one forward pass is a chain of T × layers = ${fmtInt(n.rnnSequentialSteps)} dependent cell steps, run one after another here (and as many again backwards through time). Even pipelining the layers (layer k+1 at step t while layer k does step t+1) leaves T + L − 1 = ${fmtInt(n.rnnWavefrontSteps)} steps in a row: the depth grows with the sequence. Within one step the work (a ${n.gates * m.hiddenSize}×${m.hiddenSize} matrix times the batch's states) can use several cores, but only in short bursts between synchronisations.`,
      ),
    );
    out.push(
      el(
        'p',
        undefined,
        `A Transformer of the same width (d = ${m.hiddenSize}) and depth (${L} layer${L > 1 ? 's' : ''}) has no such chain: each layer reads all ${fmtInt(T)} positions at once through attention, so its sequential depth is ${L} layer${L > 1 ? 's' : ''} — O(1) per layer, whatever T is. The price is attention's T² scores.`,
      ),
    );
    out.push(
      table(
        ['per sequence (forward)', `${m.cell.toUpperCase()} (this spec)`, 'Transformer, same d and layers'],
        [
          ['dependent steps', fmtInt(n.rnnSequentialSteps), `${fmtInt(n.transformerSequentialDepth)} (layers)`],
          ['FLOPs', flops(n.rnnFlops), flops(n.transformerFlops)],
          ['attention scores (per head, per layer)', '—', `T² = ${fmtInt(n.attentionScoresPerLayer)}`],
          [`activations kept for backward (batch ${run.meta.spec!.training.batchSize})`, bytes(n.rnnStateBytes), `${bytes(n.attentionBytes)} for attention alone (${n.attentionHeads} head${n.attentionHeads > 1 ? 's' : ''} × T²)`],
        ],
      ),
    );
    out.push(el('p', 'muted', 'Transformer FLOPs: 24·T·d² + 4·T²·d per layer (Q, K, V and output projections, QKᵀ and A·V, a 4d feed-forward); RNN: 2·G·H·(in + H) per layer and step. One-hot inputs make W_ax·x a column lookup.'));

    out.push(el('h3', undefined, 'Measured in this run'));
    const mm = n.measured;
    if (!mm) {
      out.push(el('p', 'muted', 'No timing split yet: the engine reports where the time went with the progress event at each evaluation.'));
      return out;
    }
    const s = run.split!;
    const total = s.inputProjectionMs + s.recurrenceMs + s.headLossMs + s.backwardMs + s.optimizerMs;
    const bar = el('div', 'split-bar');
    const parts: [string, number, string][] = [
      ['input projection (parallel over t)', s.inputProjectionMs, 'par'],
      ['recurrence (sequential)', s.recurrenceMs, 'seq'],
      ['head + loss (parallel over t)', s.headLossMs, 'par'],
      ['backward', s.backwardMs, 'mixed'],
      ['optimizer (parallel)', s.optimizerMs, 'par'],
    ];
    for (const [label, ms, kind] of parts) {
      if (ms <= 0) continue;
      const seg = el('span', `seg ${kind}`);
      seg.style.width = `${(100 * ms) / total}%`;
      seg.title = `${label}: ${fmt(ms, 3)} ms (${((100 * ms) / total).toFixed(1)} %)`;
      bar.appendChild(seg);
    }
    out.push(bar);
    out.push(table(['part', 'ms', 'share'], parts.map(([label, ms]) => [label, fmt(ms, 3), `${((100 * ms) / total).toFixed(1)} %`])));
    const p = mm.parallelFraction;
    out.push(
      el(
        'p',
        undefined,
        `Counting the backward pass in the forward's proportion, ${(100 * p).toFixed(1)} % of a training step is parallel work and ${(100 * (1 - p)).toFixed(1)} % is the sequential recurrence. By Amdahl's law, n cores speed a step up by at most 1 / ((1 − p) + p/n):`,
      ),
    );
    out.push(table(['cores', 'speed-up'], mm.amdahl.map((a) => [Number.isFinite(a.cores) ? String(a.cores) : '∞', `${a.speedup.toFixed(2)}×`])));
    out.push(
      el(
        'p',
        'callout',
        `However many cores, this model trains at most ${mm.amdahl[mm.amdahl.length - 1].speedup.toFixed(2)}× faster: the recurrence is the bottleneck. A Transformer puts nearly all of its work in the parallel part, which is why it scales with hardware where an RNN does not.`,
      ),
    );
    return out;
  }
}

function flops(x: number): string {
  const units = ['', 'k', 'M', 'G', 'T', 'P'];
  let i = 0;
  while (x >= 1000 && i < units.length - 1) (x /= 1000), i++;
  return `${x.toFixed(x < 10 ? 2 : 1)} ${units[i]}FLOP`;
}

function bytes(x: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let i = 0;
  while (x >= 1024 && i < units.length - 1) (x /= 1024), i++;
  return `${x.toFixed(x < 10 ? 2 : 1)} ${units[i]}`;
}
