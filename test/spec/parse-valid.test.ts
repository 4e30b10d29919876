import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseSpec, type ParseSpecOptions } from '../../src/spec/parse';
import type { Spec } from '../../src/spec/types';

const allFilesExist = { specDir: '/proj/specs', fileExists: () => true };

function parseOk(text: string, opts: ParseSpecOptions = allFilesExist): Spec {
  const { spec, problems } = parseSpec(text, opts);
  assert.deepEqual(problems, []);
  assert.ok(spec);
  return spec;
}

const DEFAULT_MODEL = { cell: 'lstm', hiddenSize: 64, layers: 1, activation: 'tanh', residual: 'none', init: 'default', heads: 4, ffn: 0, context: 0 };
const DEFAULT_TRAINING = { optimizer: 'adam', learningRate: 0.002, batchSize: 32, steps: 1000, seed: 1, evalEvery: 100, evalTokens: 50000, dtype: 'float32' };

describe('parseSpec: valid specs get their defaults', () => {
  it('char-lm: validation 0.1, bptt 50, one-hot, the data file resolved against the spec folder', () => {
    const spec = parseOk('{ "name": "c", "task": { "kind": "char-lm", "file": "../data/input.txt" } }');
    assert.deepEqual(spec.task, { kind: 'char-lm', file: '../data/input.txt', validation: 0.1 });
    assert.deepEqual(spec.model, { ...DEFAULT_MODEL, embedding: 0 });
    assert.deepEqual(spec.training, { ...DEFAULT_TRAINING, bptt: 50 });
    assert.equal(spec.training.clip, undefined);
    assert.equal(spec.name, 'c');
    assert.equal(spec.dataFile, '/proj/data/input.txt');
  });

  it('word-lm: vocabSize 10000, lowercase, embedding 32, bptt 50', () => {
    const spec = parseOk('{ "task": { "kind": "word-lm", "file": "words.txt" } }');
    assert.deepEqual(spec.task, { kind: 'word-lm', file: 'words.txt', vocabSize: 10000, validation: 0.1, lowercase: true });
    assert.equal(spec.model.embedding, 32);
    assert.equal(spec.training.bptt, 50);
  });

  it('word-lm keeps an explicit one-hot (embedding 0)', () => {
    const spec = parseOk('{ "task": { "kind": "word-lm", "file": "w.txt", "vocabSize": 500 }, "model": { "embedding": 0 } }');
    assert.equal(spec.model.embedding, 0);
  });

  it('adding: length 50, bptt 0 (whole sequence), no data file', () => {
    const spec = parseOk('{ "task": { "kind": "adding" } }', {});
    assert.deepEqual(spec.task, { kind: 'adding', length: 50 });
    assert.equal(spec.training.bptt, 0);
    assert.equal(spec.model.embedding, 0);
    assert.equal(spec.dataFile, undefined);
  });

  it('copy: symbols 8, length 10, delay 0', () => {
    const spec = parseOk('{ "task": { "kind": "copy" } }');
    assert.deepEqual(spec.task, { kind: 'copy', symbols: 8, length: 10, delay: 0 });
    assert.equal(spec.training.bptt, 0);
  });

  it('classify: split chars, validation 0.1, bptt 0', () => {
    const spec = parseOk('{ "task": { "kind": "classify", "file": "reviews.jsonl" } }');
    assert.deepEqual(spec.task, { kind: 'classify', file: 'reviews.jsonl', split: 'chars', validation: 0.1 });
    assert.equal(spec.training.bptt, 0);
  });

  it('series: columns kept, validation 0.1, bptt 50', () => {
    const spec = parseOk('{ "task": { "kind": "series", "file": "s.csv", "columns": ["temp", "load"], "validation": 0.2 } }');
    assert.deepEqual(spec.task, { kind: 'series', file: 's.csv', columns: ['temp', 'load'], validation: 0.2 });
    assert.equal(spec.training.bptt, 50);
  });

  it('the docs/spec.md example keeps every value it gives', () => {
    const spec = parseOk(`{
      "name": "adding-lstm",
      "task":     { "kind": "adding", "length": 100 },
      "model":    { "cell": "lstm", "hiddenSize": 64, "layers": 1 },
      "training": { "optimizer": "adam", "learningRate": 0.001, "batchSize": 32, "steps": 3000,
                    "clip": { "norm": 1.0 }, "seed": 1, "evalEvery": 100 }
    }`);
    assert.deepEqual(spec.training.clip, { norm: 1 });
    assert.equal(spec.training.learningRate, 0.001);
    assert.equal(spec.training.steps, 3000);
    assert.equal(spec.task.kind === 'adding' && spec.task.length, 100);
  });

  it('name defaults to opts.defaultName, else "untitled"; $schema is accepted and dropped', () => {
    const text = '{ "$schema": "../schema/rnn.schema.json", "task": { "kind": "adding" } }';
    assert.equal(parseOk(text, { ...allFilesExist, defaultName: 'my-run' }).name, 'my-run');
    const spec = parseOk(text);
    assert.equal(spec.name, 'untitled');
    assert.equal('$schema' in spec, false);
  });

  it('accepts comments (JSONC); a trailing comma is only a warning', () => {
    const { spec, problems } = parseSpec('{\n  // the adding problem\n  "task": { "kind": "adding", /* short */ "length": 20, },\n}');
    assert.ok(spec);
    assert.equal(spec.task.kind === 'adding' && spec.task.length, 20);
    assert.deepEqual(
      problems.map((p) => [p.severity, p.line, p.message]),
      [
        ['warning', 3, 'trailing comma (accepted, but not valid in strict JSON)'],
        ['warning', 3, 'trailing comma (accepted, but not valid in strict JSON)'],
      ],
    );
  });

  it('clip by value', () => {
    assert.deepEqual(parseOk('{ "task": { "kind": "adding" }, "training": { "clip": { "value": 0.5 } } }').training.clip, { value: 0.5 });
  });
});

describe('parseSpec: the PyTorch parity fixtures parse as they are', () => {
  // Copied from ../shared/fixtures/parity/{gru-residual-embed-last-ce,rnn-relu-real-last-mse}/spec.rnn.json
  const gruResidualEmbed = `{
  "name": "gru-residual-embed-last-ce",
  "task": { "kind": "copy", "symbols": 4, "length": 5 },
  "model": { "cell": "gru", "hiddenSize": 4, "layers": 2, "residual": "layers", "embedding": 3 },
  "training": { "optimizer": "sgd", "learningRate": 0.1, "batchSize": 3, "steps": 1, "seed": 6 }
}`;
  const rnnRelu = `{
  "name": "rnn-relu-real-last-mse",
  "task": { "kind": "adding", "length": 8 },
  "model": { "cell": "rnn", "hiddenSize": 4, "layers": 2, "activation": "relu" },
  "training": { "optimizer": "sgd", "learningRate": 0.1, "batchSize": 2, "steps": 1, "seed": 2 }
}`;

  it('gru-residual-embed-last-ce', () => {
    const spec = parseOk(gruResidualEmbed);
    assert.deepEqual(spec.task, { kind: 'copy', symbols: 4, length: 5, delay: 0 });
    assert.deepEqual(spec.model, {
      cell: 'gru',
      hiddenSize: 4,
      layers: 2,
      residual: 'layers',
      embedding: 3,
      activation: 'tanh',
      heads: 4,
      ffn: 0,
      context: 0,
      init: 'default',
    });
    assert.deepEqual(spec.training, { ...DEFAULT_TRAINING, optimizer: 'sgd', learningRate: 0.1, batchSize: 3, steps: 1, seed: 6, bptt: 0 });
  });

  it('rnn-relu-real-last-mse', () => {
    const spec = parseOk(rnnRelu);
    assert.equal(spec.model.activation, 'relu');
    assert.equal(spec.model.layers, 2);
    assert.equal(spec.training.seed, 2);
  });
});
