// Hidden state: units × time heatmap of the probe sequence for one layer, with the input tokens along
// the time axis; for LSTMs also the cell state and the gates, for GRUs the gates; for a Transformer
// the residual stream after each layer.
import { t } from '../i18n';
import { Heatmap } from '../charts/heatmap';
import { heatmapDataOf, outputName, quantitiesOf } from '../model/probe-quantities';
import { dropdown, type Choice } from '../toolkit';
import { el, type PanelView, type ViewContext } from './view';

export class HiddenView implements PanelView {
  readonly tab = 'hidden' as const;
  readonly element = el('section', 'view hidden-view');
  private readonly controls = el('div', 'toolbar');
  private readonly heatmap: Heatmap;
  private readonly caption = el('p', 'note');
  private controlsKey = '';

  constructor() {
    const box = el('div');
    this.heatmap = new Heatmap(box);
    this.element.append(this.controls, box, this.caption);
  }

  render(ctx: ViewContext): void {
    const probe = ctx.focus.probe;
    if (!probe || probe.layers.length === 0) {
      this.controls.replaceChildren();
      this.caption.textContent = ctx.focus.meta.spec?.model.cell === 'transformer' ? t('panel.noProbeResidual') : t('panel.noProbeHidden');
      ctx.rendered({ runs: 1, items: 0, note: 'no probe' });
      return;
    }
    const layer = Math.min(ctx.state.layer ?? 0, probe.layers.length - 1);
    const transformer = ctx.focus.meta.spec?.model.cell === 'transformer' || !!probe.layers[layer].attention;
    const quantities = quantitiesOf(probe.layers[layer], transformer, layer);
    const quantity = quantities.some((q) => q.value === ctx.state.quantity) ? ctx.state.quantity! : 'h';
    this.renderControls(ctx, probe.layers.length, layer, quantities, quantity);
    const data = heatmapDataOf(probe, layer, quantity);
    const cells = this.heatmap.draw(data);
    const T = data.values.length;
    const H = data.values[0]?.length ?? 0;
    const what = transformer
      ? t('panel.hv.whatTransformer', { name: outputName(true, layer) })
      : t('panel.hv.what', { name: quantities.find((q) => q.value === quantity)?.label ?? '', layer: layer + 1 });
    const where = transformer ? t('panel.hv.whereTransformer', { H, T }) : t('panel.hv.where', { H, T });
    const colours = data.mode === 'diverging' ? t('panel.hv.diverging') : t('panel.hv.gates');
    this.caption.textContent = t('panel.hv.caption', { what, where, step: probe.step, residual: transformer ? t('panel.hv.residualNote') : '', colours });
    ctx.rendered({ runs: 1, items: cells, note: `${quantity}@${layer}` });
  }

  private renderControls(ctx: ViewContext, layers: number, layer: number, quantities: Choice<string>[], quantity: string): void {
    const key = `${layers}|${layer}|${quantities.map((q) => `${q.value}:${q.label}`).join(',')}|${quantity}`;
    if (key === this.controlsKey) return;
    this.controlsKey = key;
    const layerChoices = Array.from({ length: layers }, (_, k) => ({ value: String(k), label: t('panel.layerN', { k: k + 1 }) }));
    this.controls.replaceChildren(
      el('span', 'label', t('panel.label.layer')),
      dropdown(layerChoices, String(layer), (v) => ctx.setState({ layer: Number(v) })),
      ...(quantities.length > 1 ? [el('span', 'label', t('panel.label.show')), dropdown(quantities, quantity, (v) => ctx.setState({ quantity: v }))] : []),
    );
  }
}
