// Parameters in and out of safetensors, by their state_dict names (docs/model.md), checking every shape.
import type { Param } from './param';
import type { SafeTensor, TensorToWrite } from './safetensors';

const fmt = (shape: readonly number[]): string => `[${shape.join(', ')}]`;

/**
 * Copies each tensor into the parameter of the same name (converting F32 ↔ F64 as needed).
 * Throws, naming the tensor, when one is missing or mis-shaped, or when the file holds a tensor
 * the model has no parameter for (unless allowExtra).
 */
export function loadWeights(params: readonly Param[], tensors: ReadonlyMap<string, SafeTensor>, allowExtra = false): void {
  for (const p of params) {
    const t = tensors.get(p.name);
    if (!t) throw new Error(`weights: missing tensor '${p.name}' (the model needs shape ${fmt(p.shape)})`);
    if (t.shape.length !== p.shape.length || t.shape.some((d, i) => d !== p.shape[i])) {
      throw new Error(`weights: '${p.name}' has shape ${fmt(t.shape)}, the model needs ${fmt(p.shape)}`);
    }
  }
  if (!allowExtra) {
    const names = new Set(params.map((p) => p.name));
    for (const name of tensors.keys()) {
      if (!names.has(name)) throw new Error(`weights: unexpected tensor '${name}': the model has no such parameter`);
    }
  }
  for (const p of params) p.data.set(tensors.get(p.name)!.data);
}

/** The parameters as tensors for writeSafetensors, in state_dict order. */
export function weightsOf(params: readonly Param[]): TensorToWrite[] {
  return params.map((p) => ({ name: p.name, shape: p.shape, data: p.data }));
}
