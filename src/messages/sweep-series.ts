// A sweep series' name as data: the model (cell, width, depth) and whether it is the spec or its
// twin. Front ends render it ("LSTM-128 (this spec)", "Transformer-128（孪生）"); nothing reads a
// series back from its English label.
import { msg } from './render';
import type { Message } from './types';

export interface SeriesIdentity {
  cell: string; // rnn | lstm | gru | transformer
  hiddenSize: number;
  layers: number;
  role: 'spec' | 'twin';
}

/** "LSTM-128", "Transformer-64×2": the model part of a series' name (the same in every language). */
function modelShortName(cell: string, hiddenSize: number, layers: number): string {
  return `${cell === 'transformer' ? 'Transformer' : cell.toUpperCase()}-${hiddenSize}${layers > 1 ? `×${layers}` : ''}`;
}

export function seriesName(s: SeriesIdentity): Message {
  return msg(s.role === 'twin' ? 'sweep.seriesTwin' : 'sweep.seriesSpec', { name: modelShortName(s.cell, s.hiddenSize, s.layers) });
}
