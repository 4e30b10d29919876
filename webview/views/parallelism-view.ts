// Parallelism notes for this spec: why an RNN step waits for the previous one and a Transformer layer
// does not, what each costs, and what the engine's measured split implies for more cores (Amdahl);
// then the same question measured on this machine: time per training step against the sequence
// length for this spec and its twin of the other family (a sweep the user starts from here).
import { count, getLang, seriesLabel, t as tr } from '../i18n';
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
      this.element.replaceChildren(el('p', 'muted', tr('panel.par.unknownT')), ...this.measuredSection(ctx));
      ctx.rendered({ runs: 1, items: 0, parts: { sweep: run.meta.sweep ? sweepRows(run.meta.sweep).length : 0 } });
      return;
    }
    const m = spec.model;
    const io = run.meta.io;
    const V = io?.inputSize ?? (spec.task.kind === 'adding' ? 2 : spec.task.kind === 'copy' ? spec.task.symbols + 2 : 64);
    const n = parallelismNotes({
      cell: m.cell,
      gates: run.meta.gates ?? 1,
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
      note: n.measured ? `p=${n.measured.parallelFraction.toFixed(3)}` : tr('panel.par.noSplit'),
    });
  }

  /** "Measured on this machine": the sweep's chart and table, or the button that starts one, its progress, its error. */
  private measuredSection(ctx: ViewContext): HTMLElement[] {
    const run = ctx.focus;
    const sweep = run.meta.sweep;
    const st = run.sweepStatus;
    const out: HTMLElement[] = [el('h3', undefined, tr('panel.par.measuredHere'))];
    const start = (label: string, appearance: 'primary' | 'secondary'): HTMLElement =>
      button(
        label,
        () => {
          post({ type: 'measureSweep', runId: run.id });
          run.sweepStatus = { running: true };
          ctx.setState({});
        },
        { appearance, title: tr('panel.par.measureTitle') },
      );
    const status = el('div', 'toolbar sweep-status');
    if (st?.running) status.append(progressRing(), el('span', undefined, progressText(st.progress)));
    else if (st?.error) status.append(el('span', 'error', tr('panel.par.failed', { error: st.error })), start(tr('panel.par.tryAgain'), 'secondary'));
    if (!sweep) {
      out.push(el('p', undefined, tr('panel.par.intro')));
      if (!st?.running && !st?.error) status.append(start(tr('panel.par.measure'), 'primary'));
      out.push(status);
      return out;
    }
    out.push(this.sweepChartSection(sweep), ...this.sweepReading(sweep));
    if (!st?.running && !st?.error) status.append(start(tr('panel.par.measureAgain'), 'secondary'));
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
        const axes = themedAxes(theme, tr('panel.par.axisT'), tr('panel.par.axisMs'), { logY: true });
        // Ticks and grid lines at the measured lengths (16, 32, 64, …), not at powers of ten.
        axes[0] = {
          ...axes[0],
          space: 16,
          splits: () => Ts,
          filter: (_u, splits) => splits,
          values: (_u, splits) => splits.map((v) => (v === null || v === undefined ? '' : tickLabel(v))),
        };
        return {
          height: 260,
          scales: { x: { time: false, distr: 3, range: (): uPlot.Range.MinMax => [Ts[0] / 1.25, Ts[Ts.length - 1] * 1.25] }, y: { distr: 3 } },
          axes,
          series: [
            { label: 'T' },
            ...sweep.series.map((s, i) => ({
              label: seriesLabel(s),
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
    const found: string[] = growth.map((g) =>
      tr('panel.par.growthOf', {
        label: g.label,
        factor: g.factor.toFixed(g.factor < 10 ? 1 : 0),
        from: fmtInt(g.fromT),
        to: fmtInt(g.toT),
        grew: fmtInt(Math.round(g.toT / g.fromT)),
      }),
    );
    out.push(el('p', undefined, tr('panel.par.howToRead')));
    if (found.length)
      out.push(
        el(
          'p',
          undefined,
          `${tr('panel.par.growth', { found: found.join('; ') })}${crossing ? ` ${crossing.fromT !== undefined ? tr('panel.par.fasterFrom', { name: crossing.fasterAtLongest, T: fmtInt(crossing.fromT) }) : tr('panel.par.fasterAll', { name: crossing.fasterAtLongest })}` : ''}`,
        ),
      );
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
      name.append(dot, document.createTextNode(seriesLabel(s)));
      th.appendChild(name);
      top.appendChild(th);
    });
    const sub = head.insertRow();
    sub.appendChild(el('th', undefined, 'T'));
    for (let i = 0; i < sweep.series.length; i++) sub.append(el('th', 'num', tr('panel.par.msStep')), el('th', 'num', tr('panel.stat.tokensPerSec')));
    const body = t.createTBody();
    for (const r of sweepRows(sweep)) {
      const tr = body.insertRow();
      tr.appendChild(el('td', 'num', fmtInt(r.T)));
      for (const p of r.points)
        tr.append(
          el('td', 'num', p ? fmt(p.msPerStep, 3) : '—'),
          el('td', 'num', p && Number.isFinite(p.tokensPerSec) ? fmtInt(Math.round(p.tokensPerSec)) : '—'),
        );
    }
    const wrap = el('div', 'table-scroll');
    wrap.appendChild(t);
    out.push(wrap);
    const when = new Date(sweep.measuredAt);
    const params = sweep.series.map((s) => `${seriesLabel(s)} ${fmtInt(s.parameterCount)}`).join(', ');
    out.push(
      el(
        'p',
        'muted',
        tr('panel.par.sweepNote', {
          batch: sweep.batchSize,
          kernels: sweep.kernels === 'wasm' ? 'WebAssembly SIMD' : 'JavaScript',
          threads: count(sweep.threads, 'thread', 'threads', '个线程'),
          when: Number.isNaN(when.getTime()) ? '' : tr('panel.par.measuredAt', { when: when.toLocaleString(getLang() === 'zh-cn' ? 'zh-CN' : undefined) }),
          params,
        }),
      ),
    );
    return out;
  }

  private sections(run: RunData, n: ParallelismNotes, T: number): HTMLElement[] {
    const m = run.meta.spec!.model;
    const L = m.layers;
    const out: HTMLElement[] = [];
    const tf = m.cell === 'transformer';
    out.push(el('h3', undefined, tr('panel.par.chain')));
    out.push(
      el(
        'p',
        undefined,
        tr('panel.par.chainText', {
          lead: tf ? tr('panel.par.chainRnnTf', { H: m.hiddenSize }) : tr('panel.par.chainRnn'),
          T: fmtInt(T),
          layers: count(L, 'layer', 'layers', '层'),
          steps: fmtInt(n.rnnSequentialSteps),
          here: tf ? '' : tr('panel.par.here'),
          wave: fmtInt(n.rnnWavefrontSteps),
          G: n.gates * m.hiddenSize,
          H: m.hiddenSize,
        }),
      ),
    );
    out.push(
      el(
        'p',
        undefined,
        tr('panel.par.tfNoChain', {
          who: tf ? tr('panel.par.tfNoChainThis') : tr('panel.par.tfNoChainSame'),
          H: m.hiddenSize,
          layers: count(L, 'layer', 'layers', '层'),
          T: fmtInt(T),
        }),
      ),
    );
    const rnnCol = tf ? tr('panel.par.rnnColTf') : tr('panel.par.rnnColThis', { cell: m.cell.toUpperCase() });
    const tfCol = tf ? tr('panel.par.tfColThis') : tr('panel.par.tfColSame');
    out.push(
      table(
        [tr('panel.par.perSeq'), rnnCol, tfCol],
        [
          [tr('panel.par.dependent'), fmtInt(n.rnnSequentialSteps), tr('panel.par.layersN', { n: fmtInt(n.transformerSequentialDepth) })],
          ['FLOPs', flops(n.rnnFlops), flops(n.transformerFlops)],
          [tr('panel.par.scores'), '—', `T² = ${fmtInt(n.attentionScoresPerLayer)}`],
          [
            tr('panel.par.activations', { batch: run.meta.spec!.training.batchSize }),
            bytes(n.rnnStateBytes),
            tr('panel.par.attOnly', { bytes: bytes(n.attentionBytes), heads: count(n.attentionHeads, 'head', 'heads', '个头') }),
          ],
        ],
      ),
    );
    out.push(el('p', 'muted', tr('panel.par.flopsNote')));

    out.push(el('h3', undefined, tr('panel.par.measuredRun')));
    const mm = n.measured;
    if (!mm) {
      out.push(el('p', 'muted', tr('panel.par.noTiming')));
      return out;
    }
    const s = run.split!;
    const total = s.inputProjectionMs + s.recurrenceMs + s.headLossMs + s.backwardMs + s.optimizerMs;
    const bar = el('div', 'split-bar');
    const parts: [string, number, string][] = [
      [tf ? tr('panel.par.fwdParallel') : tr('panel.par.inputProj'), s.inputProjectionMs, 'par'],
      [tr('panel.par.recurrence'), s.recurrenceMs, 'seq'],
      [tr('panel.par.headLoss'), s.headLossMs, 'par'],
      [tr('panel.par.backward'), s.backwardMs, 'mixed'],
      [tr('panel.par.optimizer'), s.optimizerMs, 'par'],
    ];
    for (const [label, ms, kind] of parts) {
      if (ms <= 0) continue;
      const seg = el('span', `seg ${kind}`);
      seg.style.width = `${(100 * ms) / total}%`;
      seg.title = `${label}: ${fmt(ms, 3)} ms (${((100 * ms) / total).toFixed(1)} %)`;
      bar.appendChild(seg);
    }
    out.push(bar);
    out.push(
      table(
        [tr('panel.par.part'), 'ms', tr('panel.par.share')],
        parts.map(([label, ms]) => [label, fmt(ms, 3), `${((100 * ms) / total).toFixed(1)} %`]),
      ),
    );
    const p = mm.parallelFraction;
    if (tf || p >= 0.9999) {
      out.push(el('p', 'callout', tr('panel.par.noRecurrence')));
      return out;
    }
    out.push(el('p', undefined, tr('panel.par.amdahl', { p: (100 * p).toFixed(1), q: (100 * (1 - p)).toFixed(1) })));
    out.push(
      table(
        [tr('panel.par.cores'), tr('panel.par.speedup')],
        mm.amdahl.map((a) => [Number.isFinite(a.cores) ? String(a.cores) : '∞', `${a.speedup.toFixed(2)}×`]),
      ),
    );
    out.push(el('p', 'callout', tr('panel.par.ceiling', { x: mm.amdahl[mm.amdahl.length - 1].speedup.toFixed(2) })));
    return out;
  }
}

function flops(x: number): string {
  const units = ['', 'k', 'M', 'G', 'T', 'P'];
  let i = 0;
  while (x >= 1000 && i < units.length - 1) ((x /= 1000), i++);
  return `${x.toFixed(x < 10 ? 2 : 1)} ${units[i]}FLOP`;
}

function bytes(x: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let i = 0;
  while (x >= 1024 && i < units.length - 1) ((x /= 1024), i++);
  return `${x.toFixed(x < 10 ? 2 : 1)} ${units[i]}`;
}
