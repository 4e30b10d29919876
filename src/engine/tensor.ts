// Flat typed arrays are the engine's only tensor type: shapes live in comments and in Param.shape.
export type DType = 'float32' | 'float64';
export type Arr = Float32Array | Float64Array;

export function zeros(dtype: DType, n: number): Arr {
  return dtype === 'float64' ? new Float64Array(n) : new Float32Array(n);
}
