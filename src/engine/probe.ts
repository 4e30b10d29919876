// What a model's probe returns for one layer (StepResult.probe): the trainer wraps it in a probe event.
export interface ProbeLayer {
  h: number[][]; // [T][H] layer output: a recurrent layer's hidden state, a Transformer layer's residual stream
  c?: number[][]; // LSTM cell state [T][H]
  gates?: Record<string, number[][]>; // LSTM i,f,o; GRU r,z: [T][H]
  /** Transformer: attention weights [head][query t][key t] (0 above the diagonal: the mask). */
  attention?: number[][][];
  /**
   * The gradient through time, one definition for every family: ‖∂L/∂x⟨t⟩‖ for t = 0..T-1, where
   * x⟨t⟩ is what this layer reads at position t (the layer below's output, or at the first layer the
   * input after its embedding) and L the loss on the probe sequence: how much the loss depends on
   * position t, through every later step of a recurrence or directly through attention.
   */
  gradNorm: number[];
}
