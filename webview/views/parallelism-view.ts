// Parallelism notes for this spec: why an RNN step waits for the previous one and a Transformer layer
// does not, what each costs, and what the engine's measured split implies for more cores (Amdahl);
// then the same question measured on this machine: time per training step against the sequence
// length for this spec and its twin of the other family (a sweep the user starts from here).
import uPlot from 'uplot';
import { LineChart, themedAxes, tickLabel } from '../charts/line-chart';
import { seriesColor, seriesCssColor } from '../charts/theme';
import { parallelismNotes, type ParallelismNotes } from '../model/parallelism';
import { progressText, sweepChartData, sweepCrossing, sweepGrowth, sweepRows } from '../model/sweep';
import type { RunData } from '../store';
import { button, progressRing } from '../toolkit';
import { post } from '../vscode-api';
import { sequenceLength } from './model-view';
import { el, fmt, fmtInt, table, type PanelView, type ViewContext } from './view';

export class ParallelismView implements PanelView {
  readonly tab = 'parallelism' as const;
  readonly element = el('section', 'view parallelism-view');
  private key = '';
  private readonly sweepBox = el('div');
  private readonly sweepChart = new LineChart(this.sweepBox);

  render(ctx: ViewContext): void {
    const run = ctx.focus;
    const spec = run.meta.spec;
    const T = sequenceLength(run.meta) ?? run.probe?.stepLabels.length;
    const split = run.split;
    const st = run.sweepStatus;
    const key = `${run.id}|${T}|${split ? Math.round(split.recurrenceMs) : ''}|${run.meta.io?.inputSize ?? ''}|${run.meta.sweep?.measuredAt ?? ''}|${st ? `${st.running}:${st.progress?.done}:${st.progress?.T}:${st.error}` : ''}`;
    if (key === this.key) return;
    this.key = key;
    if (!spec || !T) {
      this.element.replaceChildren(el('p', 'muted', 'The sequence length is not known yet (it comes with the first probe for this task).'), ...this.measuredSection(ctx));
      ctx.rendered({ runs: 1, items: 0, parts: { sweep: run.meta.sweep ? sweepRows(run.meta.sweep).length : 0 } });
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
      heads: m.cell === 'transformer' ? m.heads : undefined,
    });
    this.element.replaceChildren(...this.sections(run, n, T), ...this.measuredSection(ctx));
    ctx.rendered({
      runs: 1,
      items: n.rnnSequentialSteps,
      parts: { sweep: run.meta.sweep ? sweepRows(run.meta.sweep).length : 0 },
      note: n.measured ? `p=${n.measured.parallelFraction.toFixed(3)}` : 'no split',
    });
  }

  /** "Measured on this machine": the sweep's chart and table, or the button that starts one, its progress, its error. */
  private measuredSection(ctx: ViewContext): HTMLElement[] {
    const run = ctx.focus;
    const sweep = run.meta.sweep;
    const st = run.sweepStatus;
    const out: HTMLElement[] = [el('h3', undefined, 'Measured on this machine')];
    const start = (label: string, appearance: 'primary' | 'secondary'): HTMLElement =>
      button(
        label,
        () => {
          post({ type: 'measureSweep', runId: run.id });
          run.sweepStatus = { running: true };
          ctx.setState({});
        },
        { appearance, title: 'Trains this spec and its twin of the other family for a few steps at each sequence length, in a worker, and keeps the result in the run folder (sweep.json).' },
      );
    const status = el('div', 'toolbar sweep-status');
    if (st?.running) status.append(progressRing(), el('span', undefined, progressText(st.progress)));
    else if (st?.error) status.append(el('span', 'error', `The measurement failed: ${st.error}`), start('Try again', 'secondary'));
    if (!sweep) {
      out.push(
        el(
          'p',
          undefined,
          'The formulas above count operations. To see the difference in time, train this spec and its twin of the other family (the same width, a matched parameter count) for a few steps at each of several sequence lengths on this machine, and plot the time per training step against T.',
        ),
      );
      if (!st?.running && !st?.error) status.append(start('Measure over sequence lengths', 'primary'));
      out.push(status);
      return out;
    }
    out.push(this.sweepChartSection(sweep), ...this.sweepReading(sweep));
    if (!st?.running && !st?.error) status.append(start('Measure again', 'secondary'));
    out.push(status);
    return out;
  }

  private sweepChartSection(sweep: NonNullable<RunData['meta']['sweep']>): HTMLElement {
    const data = sweepChartData(sweep);
    const Ts = data[0];
    this.sweepChart.draw({
      key: `sweep|${sweep.measuredAt}|${sweep.series.map((s) => s.label).join(',')}`,
      data: data as uPlot.AlignedData,
      options: (theme) => {
        const axes = themedAxes(theme, 'sequence length T (log)', 'ms per training step (log)', { logY: true });
        // Ticks and grid lines at the measured lengths (16, 32, 64, …), not at powers of ten.
        axes[0] = { ...axes[0], space: 16, splits: () => Ts, filter: (_u, splits) => splits, values: (_u, splits) => splits.map((v) => (v === null || v === undefined ? '' : tickLabel(v))) };
        return {
          height: 260,
          scales: { x: { time: false, distr: 3, range: (): uPlot.Range.MinMax => [Ts[0] / 1.25, Ts[Ts.length - 1] * 1.25] }, y: { distr: 3 } },
          axes,
          series: [
            { label: 'T' },
            ...sweep.series.map((s, i) => ({
              label: s.label,
              stroke: seriesColor(theme, i),
              width: 2,
              spanGaps: true,
              points: { show: true, size: 6, fill: seriesColor(theme, i), stroke: seriesColor(theme, i) },
              value: (_u: uPlot, v: number | null) => (v === null || v === undefined ? '—' : `${fmt(v, 3)} ms`),
            })),
          ],
        };
      },
    });
    return this.sweepBox;
  }

  private sweepReading(sweep: NonNullable<RunData['meta']['sweep']>): HTMLElement[] {
    const out: HTMLElement[] = [];
    const growth = sweepGrowth(sweep);
    const crossing = sweepCrossing(sweep);
    const found: string[] = growth.map((g) => `${g.label}: ×${g.factor.toFixed(g.factor < 10 ? 1 : 0)} from T = ${fmtInt(g.fromT)} to ${fmtInt(g.toT)} (T grew ×${fmtInt(Math.round(g.toT / g.fromT))})`);
    out.push(
      el(
        'p',
        undefined,
        'How to read it: a recurrent model\'s T positions are computed one after another, so its time per step grows in proportion to T (on log–log axes, a line of slope 1) however many cores there are. A Transformer has no such chain: its positions can run side by side, so with cores to spare (many CPU cores, a GPU) its curve stays flatter, until attention\'s T² work catches up and bends it upwards. With few cores there is nothing to run them on, and the T² work shows from the start: which curve grows faster is a property of this machine.',
      ),
    );
    if (found.length) out.push(el('p', undefined, `Measured growth of the time per step — ${found.join('; ')}.${crossing ? ` ${crossing.fromT !== undefined ? `${crossing.fasterAtLongest} is the faster from T = ${fmtInt(crossing.fromT)} on.` : `${crossing.fasterAtLongest} is the faster at every length measured.`}` : ''}`));
    // T, then ms/step and tokens/s per series, under a header row that names the series.
    const t = el('table', 'data sweep-table');
    const head = t.createTHead();
    const top = head.insertRow();
    top.appendChild(el('th'));
    sweep.series.forEach((s, i) => {
      const th = el('th');
      th.colSpan = 2;
      const name = el('span', 'run-name');
      const dot = el('span', 'swatch');
      dot.style.background = seriesCssColor(i);
      name.append(dot, document.createTextNode(s.label));
      th.appendChild(name);
      top.appendChild(th);
    });
    const sub = head.insertRow();
    sub.appendChild(el('th', undefined, 'T'));
    for (let i = 0; i < sweep.series.length; i++) sub.append(el('th', 'num', 'ms/step'), el('th', 'num', 'tokens/s'));
    const body = t.createTBody();
    for (const r of sweepRows(sweep)) {
      const tr = body.insertRow();
      tr.appendChild(el('td', 'num', fmtInt(r.T)));
      for (const p of r.points) tr.append(el('td', 'num', p ? fmt(p.msPerStep, 3) : '—'), el('td', 'num', p && Number.isFinite(p.tokensPerSec) ? fmtInt(Math.round(p.tokensPerSec)) : '—'));
    }
    const wrap = el('div', 'table-scroll');
    wrap.appendChild(t);
    out.push(wrap);
    const when = new Date(sweep.measuredAt);
    const params = sweep.series.map((s) => `${s.label} ${fmtInt(s.parameterCount)}`).join(', ');
    out.push(
      el(
        'p',
        'muted',
        `Batch ${sweep.batchSize}, ${sweep.kernels === 'wasm' ? 'WebAssembly SIMD' : 'JavaScript'} kernels on ${sweep.threads} thread${sweep.threads === 1 ? '' : 's'}${Number.isNaN(when.getTime()) ? '' : `, measured ${when.toLocaleString()}`}. Parameters: ${params}. Each point is the median of a few training steps after a warm-up.`,
      ),
    );
    return out;
  }

  private sections(run: RunData, n: ParallelismNotes, T: number): HTMLElement[] {
    const m = run.meta.spec!.model;
    const L = m.layers;
    const out: HTMLElement[] = [];
    const tf = m.cell === 'transformer';
    out.push(el('h3', undefined, 'The sequential chain'));
    out.push(
      el(
        'p',
        undefined,
        `${tf ? `An RNN of the same width (H = ${m.hiddenSize}) would need a⟨t−1⟩ before a⟨t⟩` : 'a⟨t⟩ needs a⟨t−1⟩'}: with T = ${fmtInt(T)} steps and ${L} layer${L > 1 ? 's' : ''}, one forward pass is a chain of T × layers = ${fmtInt(n.rnnSequentialSteps)} dependent cell steps, run one after another${tf ? '' : ' here'} (and as many again backwards through time). Even pipelining the layers (layer k+1 at step t while layer k does step t+1) leaves T + L − 1 = ${fmtInt(n.rnnWavefrontSteps)} steps in a row: the depth grows with the sequence. Within one step the work (a ${n.gates * m.hiddenSize}×${m.hiddenSize} matrix times the batch's states) can use several cores, but only in short bursts between synchronisations.`,
      ),
    );
    out.push(
      el(
        'p',
        undefined,
        `${tf ? 'This Transformer' : 'A Transformer of the same width'} (d = ${m.hiddenSize}) and depth (${L} layer${L > 1 ? 's' : ''}) has no such chain: each layer reads all ${fmtInt(T)} positions at once through attention, so its sequential depth is ${L} layer${L > 1 ? 's' : ''} — O(1) per layer, whatever T is. The price is attention's T² scores.`,
      ),
    );
    const rnnCol = tf ? 'RNN (tanh), same H and layers' : `${m.cell.toUpperCase()} (this spec)`;
    const tfCol = tf ? 'Transformer (this spec)' : 'Transformer, same d and layers';
    out.push(
      table(
        ['per sequence (forward)', rnnCol, tfCol],
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
      [tf ? 'forward pass (parallel over positions)' : 'input projection (parallel over t)', s.inputProjectionMs, 'par'],
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
    if (tf || p >= 0.9999) {
      out.push(el('p', 'callout', 'No sequential recurrence: every part of a training step runs over all positions at once, so more cores can share all of it (Amdahl\'s law puts no ceiling from the model itself; memory bandwidth and attention\'s T² work do).'));
      return out;
    }
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
