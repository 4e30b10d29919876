import type { JsonBatch } from '../grads';
import type { ModelConfig } from '../model-config';
import type { SafeTensor } from '../safetensors';
import type { DType } from '../tensor';

export function transformerConfigFromWeights(heads: number, _w: ReadonlyMap<string, SafeTensor>, _jb: JsonBatch, _d: DType): ModelConfig {
  throw new Error(`weights: the transformer family is not built yet (${heads} heads)`);
}
