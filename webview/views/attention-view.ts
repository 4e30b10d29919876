// Attention (a Transformer run): for one layer and head, the weights of the probe sequence as a T×T
// heatmap, queries down and keys across, labelled with the probe's tokens; the causal mask leaves
// everything above the diagonal empty. The probes that arrive while the panel is open are kept, so a
// slider steps back through training and shows the heads form.
import { t } from '../i18n';
import { AttentionMap } from '../charts/attention-map';
import { attentionMatrix, hasAttention, headsOf, MEAN_HEAD } from '../model/attention';
import { dropdown } from '../toolkit';
import { el, fmtInt, slider, type PanelView, type ViewContext } from './view';

export class AttentionView implements PanelView {
  readonly tab = 'attention' as const;
  readonly element = el('section', 'view attention-view');
  private readonly controls = el('div', 'toolbar');
  private readonly history = el('div', 'toolbar');
  private readonly map: AttentionMap;
  private readonly caption = el('p', 'note');
  private readonly historyNote = el('p', 'note');
  private controlsKey = '';
  private historyKey = '';
  /** The snapshot shown (index into the run's attentionHistory); undefined: follow the latest. */
  private pinned?: number;
  private runId = '';
  /** Redraws this view after a local change (the history slider), from the latest render's context. */
  private rerender?: () => void;

  constructor() {
    const box = el('div');
    this.map = new AttentionMap(box);
    this.element.append(this.controls, this.history, box, this.caption, this.historyNote);
  }

  render(ctx: ViewContext): void {
    const run = ctx.focus;
    this.rerender = () => ctx.setState({});
    if (run.id !== this.runId) {
      this.runId = run.id;
      this.pinned = undefined;
    }
    const snaps = run.attentionHistory;
    if (!hasAttention(run.probe) || snaps.length === 0) {
      this.controls.replaceChildren();
      this.history.replaceChildren();
      this.historyNote.textContent = '';
      this.caption.textContent = run.meta.spec?.model.cell === 'transformer' ? t('panel.att.noProbe') : t('panel.att.onlyTransformer');
      ctx.rendered({ runs: 1, items: 0, note: 'no attention' });
      return;
    }
    const index = this.pinned !== undefined && this.pinned < snaps.length ? this.pinned : snaps.length - 1;
    const snap = snaps[index];
    const layers = snap.layers.length;
    const layer = Math.min(ctx.state.layer ?? 0, layers - 1);
    const heads = headsOf({ attention: snap.layers[layer], h: [], gradNorm: [] });
    const head = ctx.state.head === MEAN_HEAD ? MEAN_HEAD : Math.min(ctx.state.head ?? 0, Math.max(0, heads - 1));
    this.renderControls(ctx, layers, layer, heads, head);
    this.renderHistory(
      snaps.map((s) => s.step),
      index,
      run.attentionSeen,
    );
    const attention = snap.layers[layer];
    const labels = run.probe!.stepLabels;
    if (!attention?.length) {
      this.caption.textContent = t('panel.att.none', { k: layer + 1, step: snap.step });
      ctx.rendered({ runs: 1, items: 0, note: `no attention@${layer}` });
      return;
    }
    const m = attentionMatrix(attention, head, labels);
    const cells = this.map.draw(m);
    const T = m.weights.length;
    const which = head === MEAN_HEAD ? t('panel.att.mean', { n: heads }) : t('panel.att.headOf', { h: head + 1, n: heads });
    const max = m.max >= 0.995 ? '1' : t('panel.att.maxNote', { max: m.max.toFixed(2) });
    this.caption.textContent = t('panel.att.caption', { layer: layer + 1, which, T: fmtInt(T), step: fmtInt(snap.step), max });
    ctx.rendered({ runs: 1, items: cells, note: `attention@${layer}:${head}` });
  }

  private renderControls(ctx: ViewContext, layers: number, layer: number, heads: number, head: number): void {
    const key = `${layers}|${layer}|${heads}|${head}`;
    if (key === this.controlsKey) return;
    this.controlsKey = key;
    const layerChoices = Array.from({ length: layers }, (_, k) => ({ value: String(k), label: t('panel.layerN', { k: k + 1 }) }));
    const headChoices = [
      ...Array.from({ length: heads }, (_, h) => ({ value: String(h), label: t('panel.headN', { h: h + 1 }) })),
      ...(heads > 1 ? [{ value: String(MEAN_HEAD), label: t('panel.att.meanChoice') }] : []),
    ];
    this.controls.replaceChildren(
      el('span', 'label', t('panel.label.layer')),
      dropdown(layerChoices, String(layer), (v) => ctx.setState({ layer: Number(v) })),
      el('span', 'label', t('panel.label.head')),
      dropdown(headChoices, String(head), (v) => ctx.setState({ head: Number(v) })),
    );
  }

  /** A slider over the probes seen while the panel was open, when there are several. */
  private renderHistory(steps: number[], index: number, seen: number): void {
    const key = `${steps.join(',')}|${index}|${seen}`;
    if (key === this.historyKey) return;
    this.historyKey = key;
    if (steps.length < 2) {
      this.history.replaceChildren();
      this.historyNote.textContent = t('panel.att.onlyLatest');
      return;
    }
    const s = slider(t('panel.label.probe'), { min: 0, max: steps.length - 1, step: 1, value: index }, (v) => {
      this.pinned = v === steps.length - 1 ? undefined : v;
      s.value.textContent = t('panel.stepN', { n: fmtInt(steps[v]) });
      this.historyKey = '';
      this.rerender?.();
    });
    s.value.textContent = t('panel.stepN', { n: fmtInt(steps[index]) });
    s.value.classList.add('wide');
    this.history.replaceChildren(s.label);
    this.historyNote.textContent = t('panel.att.history', {
      seen: seen > steps.length ? t('panel.att.seenOf', { n: steps.length, seen }) : steps.length,
      first: fmtInt(steps[0]),
      last: fmtInt(steps[steps.length - 1]),
    });
  }
}
