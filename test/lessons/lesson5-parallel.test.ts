// Lesson 5, why a Transformer parallelises: an LSTM must compute a⟨t⟩ after a⟨t−1⟩, T dependent
// steps; the Transformer's self-attention computes every position at once (each query reads the keys
// before it, all in one matrix product). The Parallelism tab shows the formulas and measures both
// over sequence lengths (rnn-lab bench SPEC --seq … --twin); the Attention tab shows the weights.
//
// What is asserted is what holds on any machine: the sweep measures both models at every length,
// the LSTM's forward pass has a sequential part of T steps and the Transformer's has none. How the
// measured times grow is not asserted: it depends on the machine's free cores and its load (on the
// shared 2-core machine the LSTM's growth from T = 16 to 64 ranged ×1.97 to ×17 across runs), so
// timings belong to benchmarks and to the learner's own measurement in the panel, whose text says
// what to expect where.
import { gatesOf } from '../../src/engine/model-config';
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { rnnLab } from '../cli/cli-helpers';
import { parallelismNotes } from '../../webview/model/parallelism';
import { last, lessonSpec, lessonWorkspace, trainLesson } from './lesson-helpers';
import { PROBE_SENTENCE } from './lesson-data';

interface SweepJson {
  series: { cell: string; parameterCount: number; points: { T: number; msPerStep: number }[] }[];
}

test('lesson 5: the sweep measures the LSTM and its Transformer twin at every length', () => {
  const ws = lessonWorkspace();
  const r = rnnLab(['bench', 'lesson5-lstm.rnn.json', '--seq', '16,64', '--twin', '--seconds', '0.3', '--json'], ws);
  assert.equal(r.code, 0, r.stderr);
  const sweep = JSON.parse(r.stdout) as SweepJson;
  assert.deepEqual(
    sweep.series.map((s) => s.cell),
    ['lstm', 'transformer'],
  );
  const [lstm, transformer] = sweep.series;
  // the twin is the same size, so the comparison is fair
  assert.ok(Math.abs(transformer.parameterCount / lstm.parameterCount - 1) < 0.1, `${transformer.parameterCount} against ${lstm.parameterCount} parameters`);
  for (const s of sweep.series) {
    assert.deepEqual(
      s.points.map((p) => p.T),
      [16, 64],
    );
    for (const p of s.points) assert.ok(p.msPerStep > 0 && Number.isFinite(p.msPerStep), `${s.cell} at T = ${p.T}: ${p.msPerStep} ms/step`);
  }
});

test("lesson 5: the LSTM's forward pass has a sequential part; the Transformer's is all parallel", () => {
  const ws = lessonWorkspace();
  const bench = (file: string) => {
    const r = rnnLab(['bench', file, '--steps', '5', '--json'], ws);
    assert.equal(r.code, 0, r.stderr);
    return JSON.parse(r.stdout) as { split: { recurrence: number }; parallelFraction: number };
  };
  const lstm = bench('lesson5-lstm.rnn.json');
  const transformer = bench('lesson5-transformer.rnn.json');
  assert.ok(lstm.split.recurrence > 0 && lstm.parallelFraction < 1, `LSTM: recurrence ${lstm.split.recurrence}, parallel fraction ${lstm.parallelFraction}`);
  assert.equal(transformer.split.recurrence, 0);
  assert.equal(transformer.parallelFraction, 1);

  // the Parallelism tab's formulas: T dependent steps for the LSTM, one layer's depth for the Transformer
  const { spec, task } = lessonSpec('lesson5-lstm.rnn.json');
  const T = spec.training.bptt;
  const notes = parallelismNotes({
    cell: 'lstm',
    gates: gatesOf('lstm'),
    hiddenSize: spec.model.hiddenSize,
    layers: spec.model.layers,
    inputSize: spec.model.embedding,
    oneHot: false,
    outputSize: task.outputSize,
    seqLen: T,
    scoredSteps: T,
    batchSize: spec.training.batchSize,
    bytesPerValue: 4,
  });
  assert.equal(notes.rnnSequentialSteps, 24);
  assert.equal(notes.transformerSequentialDepth, 1);
});

test('lesson 5: the Attention tab shows causal self-attention over the words', async () => {
  const r = await trainLesson('lesson5-transformer.rnn.json', { steps: 100 });
  assert.equal(r.finished.status, 'completed');
  const probe = last(r.probes);
  assert.deepEqual(probe.stepLabels.slice(0, 5), PROBE_SENTENCE.split(' '));
  const attention = probe.layers[0].attention;
  assert.ok(attention, 'the probe keeps the attention weights');
  assert.equal(attention.length, 4, 'one map per head');
  const T = probe.stepLabels.length;
  for (const head of attention) {
    assert.equal(head.length, T);
    head.forEach((row, q) => {
      // query q reads keys 0..q and nothing after it (the causal mask); its weights sum to 1
      assert.ok(
        row.slice(q + 1).every((w) => w === 0),
        `query ${q} reads the future`,
      );
      const sum = row.slice(0, q + 1).reduce((s, w) => s + w, 0);
      assert.ok(Math.abs(sum - 1) < 1e-4, `query ${q}: weights sum to ${sum}`);
    });
  }
});
