// What a probe layer can show as a units × time heatmap: the hidden state, the LSTM cell state and
// the gates, each with its colour scale; for a Transformer layer, its output: the residual stream.
import { t, tm } from '../i18n';
import type { ProbeEvent, ProbeLayer } from '../../src/protocol/events';
import type { HeatmapData } from '../charts/heatmap';
import type { Choice } from '../toolkit';

const GATES = new Set(['i', 'f', 'o', 'g', 'r', 'z', 'n']);

/** What the layer output h is called: an RNN's hidden state a⟨t⟩, a Transformer layer's residual stream. */
export function outputName(transformer: boolean, layer?: number): string {
  return transformer ? t('panel.residualAfter', { k: layer === undefined ? 'k' : layer + 1 }) : t('panel.hiddenStateLower');
}

/** The quantities of one layer; a Transformer layer has only its output (no cell state, no gates). */
export function quantitiesOf(l: ProbeLayer, transformer = false, layer?: number): Choice<string>[] {
  const out: Choice<string>[] = [{ value: 'h', label: outputName(transformer, layer) }];
  if (transformer) return out;
  if (l.c) out.push({ value: 'c', label: t('panel.cellState') });
  for (const g of Object.keys(l.gates ?? {})) out.push({ value: g, label: GATES.has(g) ? tm({ code: `panel.gate.${g}` }) : t('panel.gate.other', { g }) });
  return out;
}

/** One quantity of one layer, with the input tokens along the time axis. Unknown quantities show h. */
export function heatmapDataOf(probe: ProbeEvent, layer: number, quantity = 'h'): HeatmapData {
  const l = probe.layers[layer];
  if (l.attention) return { values: l.h, labels: probe.stepLabels, mode: 'diverging', axes: { row: 'dimension', col: 'position' } };
  const values = quantity === 'c' && l.c ? l.c : quantity !== 'h' && l.gates?.[quantity] ? l.gates[quantity] : l.h;
  const diverging = values === l.h || values === l.c || quantity === 'n';
  return { values, labels: probe.stepLabels, mode: diverging ? 'diverging' : 'sequential' };
}
