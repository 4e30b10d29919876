// Lesson 1, the recurrent unit and its hidden state as memory: a word-level RNN reads
// "I love machine learning ." and the Hidden state tab shows a⟨t⟩ as one column per word.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Trainer } from '../../src/train/trainer';
import { last, lessonSpec, trainLesson } from './lesson-helpers';
import { PROBE_SENTENCE } from './lesson-data';

// The grammar of sentences.txt leaves ln 6 + ln 5 + ln 5 ≈ 5.01 nats of choice per six-token line
// (subject, verb, first word of the object; the rest follows): ≈ 0.835 per token is the floor.
const GRAMMAR_ENTROPY = (Math.log(6) + Math.log(5) + Math.log(5)) / 6;

test('lesson 1: the hidden state has one column per word, and it changes from word to word', async () => {
  const run = await trainLesson('lesson1-memory.rnn.json');
  assert.equal(run.finished.status, 'completed');
  const probe = last(run.probes);
  // the words beneath the heatmap
  assert.deepEqual(probe.stepLabels, PROBE_SENTENCE.split(' '));
  const h = probe.layers[0].h; // [T][H]
  assert.equal(h.length, 5, 'one column per word');
  for (const col of h) assert.equal(col.length, 16, 'hiddenSize units per column');
  // each word moves the state: RMS change per unit between neighbouring columns (measured 0.63–1.55 over seeds 1–4)
  for (let t = 1; t < h.length; t++) {
    const rms = Math.sqrt(h[t].reduce((s, v, i) => s + (v - h[t - 1][i]) ** 2, 0) / h[t].length);
    assert.ok(rms > 0.3, `a⟨${t}⟩ ("${probe.stepLabels[t]}") hardly differs from a⟨${t - 1}⟩: RMS change ${rms}`);
  }
  // and the state is memory worth having: the validation loss falls from ln V (≈ 3.3) to near the
  // grammar's floor (measured 0.884–0.892 over seeds 1–4; the floor is 0.835)
  assert.ok(run.evals[0].valLoss > 3, `untrained loss ${run.evals[0].valLoss}`);
  const final = last(run.evals).valLoss;
  assert.ok(final < 1.0 && final > GRAMMAR_ENTROPY - 0.05, `final validation loss ${final}`);
});

test('lesson 1: what the hidden state holds depends on the words before, and fades along the sentence', () => {
  // Trained as run-training trains it (same spec, same seed), then read two sentences that differ in
  // their first word only.
  const { spec, task } = lessonSpec('lesson1-memory.rnn.json');
  const trainer = new Trainer(spec, task);
  for (let s = 0; s < spec.training.steps; s++) trainer.step();
  const states = (text: string): number[][] => {
    const ids = Int32Array.from(task.encode!(text));
    assert.ok(!ids.includes(0), `${text}: every word is in the vocabulary`);
    return trainer.model.step({ B: 1, T: ids.length, tokens: ids, targetIds: ids }, { backward: false, probe: true }).probe![0].h;
  };
  const i = states('I love machine learning .');
  const she = states('She loves machine learning .');
  const rms = (t: number): number => Math.sqrt(i[t].reduce((s, v, k) => s + (v - she[t][k]) ** 2, 0) / i[t].length);
  // at "machine", two words after the subject, the states still differ (RMS 0.33–0.55 over seeds 1–4)
  assert.ok(rms(2) > 0.1, `at "machine": RMS ${rms(2)}`);
  // and the difference fades: at "." it is 0.015–0.064, against 0.58–0.84 at "love"/"loves"
  assert.ok(rms(4) < 0.5 * rms(1), `the subject's trace: ${[1, 2, 3, 4].map((t) => rms(t).toFixed(3)).join(' ')}`);
});
