// Hidden state: units × time heatmap of the probe sequence for one layer, with the input tokens along
// the time axis; for LSTMs also the cell state and the gates, for GRUs the gates; for a Transformer
// the residual stream after each layer.
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
      this.caption.textContent = `No probe yet: the ${ctx.focus.meta.spec?.model.cell === 'transformer' ? 'residual stream' : 'hidden states'} of a fixed validation sequence are recorded at each evaluation.`;
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
    const what = transformer ? `The ${outputName(true, layer)}` : `${quantities.find((q) => q.value === quantity)?.label} of layer ${layer + 1}`;
    const where = transformer ? `${H} dimensions (rows) × ${T} positions (columns)` : `${H} units (rows) × ${T} steps (columns)`;
    this.caption.textContent = `${what}: ${where} of the probe sequence at training step ${probe.step}. ${transformer ? 'Each position\'s vector is the embedding plus what every layer up to this one added to it. ' : ''}${
      data.mode === 'diverging' ? 'Blue is negative, orange positive.' : 'Gates run from 0 (closed, background) to 1 (open, orange).'
    } Hover a cell for its value.`;
    ctx.rendered({ runs: 1, items: cells, note: `${quantity}@${layer}` });
  }

  private renderControls(ctx: ViewContext, layers: number, layer: number, quantities: Choice<string>[], quantity: string): void {
    const key = `${layers}|${layer}|${quantities.map((q) => `${q.value}:${q.label}`).join(',')}|${quantity}`;
    if (key === this.controlsKey) return;
    this.controlsKey = key;
    const layerChoices = Array.from({ length: layers }, (_, k) => ({ value: String(k), label: `layer ${k + 1}` }));
    this.controls.replaceChildren(
      el('span', 'label', 'Layer'),
      dropdown(layerChoices, String(layer), (v) => ctx.setState({ layer: Number(v) })),
      ...(quantities.length > 1 ? [el('span', 'label', 'Show'), dropdown(quantities, quantity, (v) => ctx.setState({ quantity: v }))] : []),
    );
  }
}
