// Refuses specs whose model could not fit in memory, naming the keys to shrink.
import { msg, render } from '../messages/render';
import type { Message } from '../messages/types';
import { estimateSize, type DataShape } from './size-estimate';
import type { JsonPath } from './json-path';
import type { Spec } from './types';

export const MAX_PARAMS = 500e6;
const MAX_TRAINING_BYTES = 4 * 2 ** 30;

export interface SizeRefusal {
  path: JsonPath;
  /** The refusal as a catalogue message, and its English text. */
  msg: Message;
  message: string;
}

function toPath(key: string): JsonPath {
  return key.split('.');
}

function refusal(path: JsonPath, m: Message): SizeRefusal {
  return { path, msg: m, message: render(m, 'en') };
}

/**
 * Undefined when the spec fits; otherwise the key to point at and a message with the estimate. With
 * `data`, the estimate uses the sizes read from the data file instead of the spec's assumptions.
 */
export function checkSize(spec: Spec, data?: DataShape): SizeRefusal | undefined {
  const est = estimateSize(spec, data);
  const part = msg(`size.part.${est.largestPart.name}`);
  // `!(x <= limit)`, not `x > limit`: numbers so large that they overflow can give Infinity·0 = NaN,
  // which must be refused, not waved through.
  if (!(est.params <= MAX_PARAMS)) {
    const keys = est.largestPart.keys;
    return refusal(toPath(keys[0]), msg('size.params', { params: est.params, part, limit: MAX_PARAMS, keys }));
  }
  if (!(est.totalBytes <= MAX_TRAINING_BYTES)) {
    const { hiddenSize: H, layers: L, cell } = spec.model;
    const activationsDominate = est.activationBytes >= est.paramBytes;
    const seqKey = spec.training.bptt > 0 ? 'training.bptt' : msg('size.taskLength');
    const detail = activationsDominate
      ? msg('size.activations', {
          bytes: est.activationBytes,
          batch: spec.training.batchSize,
          seqLen: est.seqLen,
          layers: L,
          cell,
          hidden: H,
          bpv: est.bytesPerValue,
          seqKey,
        })
      : msg('size.paramBytes', { params: est.params, bytes: est.paramBytes, keys: est.largestPart.keys });
    return refusal(
      toPath(activationsDominate ? 'training.batchSize' : est.largestPart.keys[0]),
      msg('size.memory', { total: est.totalBytes, limit: MAX_TRAINING_BYTES, detail }),
    );
  }
  return undefined;
}
