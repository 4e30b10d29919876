// Refuses specs whose model could not fit in memory, naming the keys to shrink.
import { estimateSize, type DataShape } from './size-estimate';
import type { JsonPath } from './json-path';
import type { Spec } from './types';

export const MAX_PARAMS = 500e6;
export const MAX_TRAINING_BYTES = 4 * 2 ** 30;

export interface SizeRefusal {
  path: JsonPath;
  message: string;
}

const GiB = 2 ** 30;

export function formatCount(n: number): string {
  if (!Number.isFinite(n)) return 'more than 1e308'; // overflowed (or Infinity·0): astronomically many
  if (n >= 1e15) return n.toExponential(1);
  const trim = (x: number) => String(Number(x.toFixed(1)));
  if (n >= 1e9) return `${trim(n / 1e9)} billion`;
  if (n >= 1e6) return `${trim(n / 1e6)} million`;
  if (n >= 1e3) return `${trim(n / 1e3)} thousand`;
  return String(n);
}

export function formatGiB(bytes: number): string {
  if (!Number.isFinite(bytes)) return 'more than 1e308 bytes';
  const g = bytes / GiB;
  if (g >= 1e6) return `${g.toExponential(1)} GiB`;
  return `${Number(g.toFixed(g < 10 ? 2 : 1))} GiB`;
}

/** "≈ 3 million", but "more than 1e308" as it is. */
function about(amount: string): string {
  return amount.startsWith('more than') ? amount : `≈ ${amount}`;
}

function toPath(key: string): JsonPath {
  return key.split('.');
}

/**
 * Undefined when the spec fits; otherwise the key to point at and a message with the estimate. With
 * `data`, the estimate uses the sizes read from the data file instead of the spec's assumptions.
 */
export function checkSize(spec: Spec, data?: DataShape): SizeRefusal | undefined {
  const est = estimateSize(spec, data);
  // `!(x <= limit)`, not `x > limit`: numbers so large that they overflow can give Infinity·0 = NaN,
  // which must be refused, not waved through.
  if (!(est.params <= MAX_PARAMS)) {
    const keys = est.largestPart.keys;
    return {
      path: toPath(keys[0]),
      message:
        `the model would have ${about(formatCount(est.params))} parameters, mostly in the ${est.largestPart.name} ` +
        `(limit ${formatCount(MAX_PARAMS)}); reduce ${keys.join(' or ')}`,
    };
  }
  if (!(est.totalBytes <= MAX_TRAINING_BYTES)) {
    const { hiddenSize: H, layers: L, cell } = spec.model;
    const activationsDominate = est.activationBytes >= est.paramBytes;
    const seqKey = spec.training.bptt > 0 ? 'training.bptt' : 'the task length';
    const detail = activationsDominate
      ? `activations ${about(formatGiB(est.activationBytes))} for batchSize ${spec.training.batchSize} × seqLen ${est.seqLen} × layers ${L} × ` +
        `${cell} H ${H} × ${est.bytesPerValue} bytes; reduce training.batchSize, ${seqKey}, model.hiddenSize or model.layers`
      : `${about(formatCount(est.params))} parameters with gradients and optimizer state take ${formatGiB(est.paramBytes)}; ` +
        `reduce ${est.largestPart.keys.join(' or ')}`;
    return {
      path: toPath(activationsDominate ? 'training.batchSize' : est.largestPart.keys[0]),
      message: `training would need ${about(formatGiB(est.totalBytes))} of memory (limit ${formatGiB(MAX_TRAINING_BYTES)}): ${detail}`,
    };
  }
  return undefined;
}
