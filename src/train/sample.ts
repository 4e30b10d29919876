// Text from a trained char-lm / word-lm run: feed the prime, then draw one token at a time.
import { msg } from '../messages/render';
import { createModel } from '../engine/create-model';
import type { SequenceModel, State } from '../engine/sequence-model';
import { Rng } from '../engine/rng';
import { readSafetensors } from '../engine/safetensors';
import type { RunStore } from '../runs/run-store';
import { parseSpec } from '../spec/parse';
import { errorMessageOf, UserError } from '../messages/errors';
import { modelConfigFor, type TaskShape } from './model-config-from-spec';
import { textCodec } from '../tasks/text-codec';
import { decodeRunFile } from './decode-run-file';

export interface SampleOptions {
  length: number;
  temperature: number;
  prime?: string;
  seed?: number;
}

interface VocabFile extends TaskShape {
  kind: string;
  vocab?: string[];
}

export function sampleFromRun(store: RunStore, runId: string, opts: SampleOptions): string {
  const unsafe = store.unsafeReason();
  if (unsafe) throw new UserError(msg('runs.unreadable', { reason: unsafe }));
  let run;
  try {
    run = store.resolve(runId); // an id, a unique prefix, or 'latest'
  } catch (e) {
    throw new UserError(msg('runs.seeRuns', { reason: errorMessageOf(e) }));
  }
  const read = (f: string): Uint8Array => {
    const bytes = store.readRunFile(run.id, f);
    if (!bytes) throw new UserError(msg('error.noCheckpoint', { id: run.id, file: f }));
    return bytes;
  };
  const utf8 = (b: Uint8Array): string => new TextDecoder('utf-8', { ignoreBOM: true }).decode(b);
  const text = (f: string): string => utf8(read(f));
  const meta = decodeRunFile(run.id, 'vocab.json', read('vocab.json'), (b) => JSON.parse(utf8(b)) as VocabFile);
  if ((meta.kind !== 'char-lm' && meta.kind !== 'word-lm') || !meta.vocab) {
    throw new UserError(msg('error.notTextModel', { id: run.id, kind: meta.kind }));
  }
  const { spec } = parseSpec(text('spec.rnn.json'));
  if (!spec) throw new UserError(msg('error.specGone', { id: run.id }));
  const model = createModel(modelConfigFor(spec, meta));
  const weights = decodeRunFile(run.id, 'weights.safetensors', read('weights.safetensors'), readSafetensors);
  for (const p of model.params) {
    const w = weights.get(p.name);
    if (!w || w.data.length !== p.data.length) throw new UserError(msg('sample.checkpointMismatch', { id: run.id, name: p.name }));
    p.data.set(w.data);
  }
  return generate(model, textCodec(meta.kind, meta.vocab), opts);
}

function generate(model: SequenceModel, codec: ReturnType<typeof textCodec>, opts: SampleOptions): string {
  return model.carriesState ? generateRecurrent(model, codec, opts) : generateWindowed(model, codec, opts);
}

/** A model without state reads the last `maxSteps` tokens again for every new one: a sliding window. */
function generateWindowed(model: SequenceModel, codec: ReturnType<typeof textCodec>, opts: SampleOptions): string {
  const rng = new Rng(opts.seed ?? 1);
  const V = model.cfg.outputSize;
  const tokens = [...codec.encode(opts.prime && opts.prime.length > 0 ? opts.prime : codec.defaultPrime)];
  const primed = tokens.length;
  const probs = new Float64Array(V);
  while (tokens.length < primed + opts.length) {
    const window = tokens.slice(-model.maxSteps);
    const T = window.length;
    const targetIds = new Int32Array(T).fill(-1); // nothing is scored while sampling
    const r = model.step({ B: 1, T, tokens: Int32Array.from(window), targetIds }, { backward: false });
    tokens.push(drawToken(r.outputs.subarray((T - 1) * V, T * V), opts.temperature, probs, rng));
  }
  return codec.decode(tokens);
}

function generateRecurrent(model: SequenceModel, codec: ReturnType<typeof textCodec>, opts: SampleOptions): string {
  const rng = new Rng(opts.seed ?? 1);
  const V = model.cfg.outputSize;
  const prime = codec.encode(opts.prime && opts.prime.length > 0 ? opts.prime : codec.defaultPrime);
  const tokens = new Int32Array(1);
  const targetIds = new Int32Array([-1]); // nothing is scored while sampling
  let state: State | undefined;
  let next = prime[0];
  const out: number[] = [];
  const probs = new Float64Array(V);
  for (let i = 0; i < prime.length + opts.length - 1; i++) {
    tokens[0] = next;
    const r = model.step({ B: 1, T: 1, tokens, targetIds }, { initialState: state, backward: false });
    state = r.finalState;
    if (i + 1 < prime.length) {
      next = prime[i + 1];
      continue;
    }
    next = drawToken(r.outputs, opts.temperature, probs, rng);
    out.push(next);
  }
  return codec.decode([...prime, ...out]);
}

/** Softmax(logits / T) then one draw; T → 0 is argmax. */
function drawToken(logits: ArrayLike<number>, temperature: number, probs: Float64Array, rng: Rng): number {
  let best = 0;
  for (let k = 1; k < probs.length; k++) if (logits[k] > logits[best]) best = k;
  if (temperature <= 1e-6) return best;
  let z = 0;
  for (let k = 0; k < probs.length; k++) z += probs[k] = Math.exp((logits[k] - logits[best]) / temperature);
  let u = rng.next() * z;
  for (let k = 0; k < probs.length; k++) if ((u -= probs[k]) <= 0) return k;
  return probs.length - 1;
}
