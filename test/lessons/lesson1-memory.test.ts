// Lesson 1, the recurrent unit and its hidden state as memory: a word-level RNN reads
// "I love machine learning ." and the Hidden state tab shows a⟨t⟩ as one column per word.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { last, trainLesson } from './lesson-helpers';
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
