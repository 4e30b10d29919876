// Lesson 2, the formulas a⟨t⟩ = f(W_aa a⟨t−1⟩ + W_ax x⟨t⟩ + b_a), y⟨t⟩ = g(W_ya a⟨t⟩ + b_y): the
// Model tab lists exactly these parameters, for f = tanh and f = ReLU alike; what differs is the
// range of a⟨t⟩ (the Hidden state tab).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { readSafetensors } from '../../src/engine/safetensors';
import { RUN_FILES } from '../../src/runs/run-files';
import { last, lessonSpec, trainLesson } from './lesson-helpers';

for (const activation of ['tanh', 'relu'] as const) {
  test(`lesson 2 (${activation}): the parameters are W_ax, W_aa, b_a, W_ya, b_y and their count is H·(V + H) + 2H + V·(H + 1)`, async () => {
    const file = `lesson2-${activation}.rnn.json`;
    const { spec, task } = lessonSpec(file);
    assert.equal(spec.model.cell, 'rnn');
    assert.equal(spec.model.activation, activation);
    assert.equal(spec.model.embedding, 0, 'x⟨t⟩ is one-hot: W_ax has a column per word');
    const H = spec.model.hiddenSize;
    const V = task.inputSize;
    assert.equal(V, 27, 'the vocabulary of sentences.txt: 26 tokens and <unk>');
    const run = await trainLesson(file);
    assert.equal(run.finished.status, 'completed');
    // G·H·(in + H) + 2·G·H + O·(H + 1) with G = 1 gate block, in = O = V
    assert.equal(run.started.parameterCount, H * (V + H) + 2 * H + V * (H + 1));

    const weights = readSafetensors(readFileSync(path.join(run.folder, RUN_FILES.weights)));
    const shapes = Object.fromEntries([...weights.entries()].map(([name, t]) => [name, t.shape]));
    assert.deepEqual(shapes, {
      'rnn.weight_ih_l0': [H, V], // W_ax
      'rnn.weight_hh_l0': [H, H], // W_aa
      'rnn.bias_ih_l0': [H], // b_a = bias_ih + bias_hh
      'rnn.bias_hh_l0': [H],
      'head.weight': [V, H], // W_ya
      'head.bias': [V], // b_y
    });

    const a = last(run.probes).layers[0].h.flat();
    if (activation === 'tanh') {
      // tanh squashes into (−1, 1) (float32 may round a saturated unit to ±1) and is signed
      assert.ok(
        a.every((v) => Math.abs(v) <= 1),
        'tanh keeps a⟨t⟩ within [−1, 1]',
      );
      assert.ok(Math.min(...a) < -0.5, `tanh units go negative: min ${Math.min(...a)} (measured −0.98 to −1.00)`);
    } else {
      // ReLU: never negative, often exactly 0 (36–43% of the probe's values over seeds 1–4), unbounded above (max 3.8–7.0)
      assert.ok(
        a.every((v) => v >= 0),
        'ReLU keeps a⟨t⟩ ≥ 0',
      );
      const zeros = a.filter((v) => v === 0).length / a.length;
      assert.ok(zeros > 0.1, `share of units at exactly 0: ${zeros}`);
      assert.ok(Math.max(...a) > 1.5, `ReLU is not bounded by 1: max ${Math.max(...a)}`);
    }
  });
}
