import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { RecurrentConfig } from '../../src/engine/model-config';
import { parseSpec, type SpecProblem } from '../../src/spec/parse';
import { modelConfigFor } from '../../src/train/model-config-from-spec';

function errors(problems: SpecProblem[]): SpecProblem[] {
  return problems.filter((p) => p.severity === 'error');
}

describe('parseSpec: every schema problem at once', () => {
  const text = [
    '{', //                                                                        line 1
    '  "name": "broken",', //                                                      line 2
    '  "task": { "kind": "char-lm" },', //                                         line 3  (missing file)
    '  "model": {', //                                                             line 4
    '    "cell": "lstn",', //                                                      line 5  (bad enum)
    '    "hiddenSzie": 64,', //                                                    line 6  (typo)
    '    "layers": "2"', //                                                        line 7  (wrong type)
    '  },', //                                                                     line 8
    '  "training": { "optimizer": "adam", "clip": { "norm": -1, "nrom": 2 } }', // line 9  (bad nested clip)
    '}',
  ].join('\n');
  const { spec, problems } = parseSpec(text);

  it('returns no spec', () => assert.equal(spec, undefined));

  it('reports each problem with its path, line and plain-English message', () => {
    const got = problems.map((p) => ({ path: p.path, line: p.line, severity: p.severity, message: p.message }));
    assert.deepEqual(got, [
      {
        path: 'task.file',
        line: 3,
        severity: 'error',
        message: `missing required key 'file' for a "char-lm" task — the training text: a UTF-8 text file, relative to the spec's folder`,
      },
      { path: 'model.cell', line: 5, severity: 'error', message: 'must be one of "rnn", "lstm", "gru" or "transformer" (got "lstn") — did you mean "lstm"?' },
      { path: 'model.hiddenSzie', line: 6, severity: 'error', message: "unknown key 'hiddenSzie' — did you mean 'hiddenSize'?" },
      { path: 'model.layers', line: 7, severity: 'error', message: 'must be an integer ≥ 1 (got "2", a string)' },
      { path: 'training.clip.norm', line: 9, severity: 'error', message: 'must be a number > 0 (got -1)' },
      { path: 'training.clip.nrom', line: 9, severity: 'error', message: "unknown key 'nrom' — did you mean 'norm'?" },
    ]);
  });

  it('points at the offending text: the value, the unknown key, or the key of the object missing one', () => {
    const at = (path: string) => {
      const p = problems.find((q) => q.path === path);
      assert.ok(p, path);
      return text.slice(p.offset, p.offset + p.length);
    };
    assert.equal(at('model.cell'), '"lstn"');
    assert.equal(at('model.hiddenSzie'), '"hiddenSzie"');
    assert.equal(at('model.layers'), '"2"');
    assert.equal(at('task.file'), '"task"');
    assert.equal(at('training.clip.norm'), '-1');
    const cell = problems.find((q) => q.path === 'model.cell');
    assert.equal(cell?.column, 13);
  });

  it('a number too small reads "must be an integer ≥ 1 (got 0)"', () => {
    const [p] = parseSpec('{ "task": { "kind": "adding" }, "model": { "hiddenSize": 0 } }').problems;
    assert.equal(p.path, 'model.hiddenSize');
    assert.equal(p.message, 'must be an integer ≥ 1 (got 0)');
  });

  it('a key of another task kind says where it belongs', () => {
    const [p] = parseSpec('{ "task": { "kind": "char-lm", "file": "a.txt", "length": 10 } }').problems;
    assert.equal(p.path, 'task.length');
    assert.equal(p.message, `unknown key 'length' for a "char-lm" task; allowed here: kind, file, validation ('length' is a key of "adding" and "copy" tasks)`);
  });

  it('a bad task kind lists the kinds and suggests the nearest', () => {
    const [p] = parseSpec('{ "task": { "kind": "char_lm" } }').problems;
    assert.equal(p.path, 'task.kind');
    assert.match(p.message, /^must be one of "char-lm", "word-lm", "adding", "copy", "classify" or "series" \(got "char_lm"\) — did you mean "char-lm"\?$/);
  });

  it('clip must give exactly one of norm or value', () => {
    const both = parseSpec('{ "task": { "kind": "adding" }, "training": { "clip": { "norm": 1, "value": 1 } } }').problems;
    assert.deepEqual(
      both.map((p) => [p.path, p.message]),
      [['training.clip', "must give exactly one of 'norm' or 'value' (got 'norm' and 'value')"]],
    );
    const none = parseSpec('{ "task": { "kind": "adding" }, "training": { "clip": {} } }').problems;
    assert.deepEqual(
      none.map((p) => p.message),
      ["must give exactly one of 'norm' or 'value' (got none)"],
    );
  });

  it('a missing task is reported at the root', () => {
    const [p] = parseSpec('{ "model": {} }').problems;
    assert.deepEqual([p.path, p.line, p.column, p.length], ['task', 1, 1, 1]);
    assert.match(p.message, /^missing required key 'task'/);
  });

  it('a spec that is not an object', () => {
    assert.deepEqual(
      parseSpec('[1, 2]').problems.map((p) => [p.path, p.message]),
      [['', 'the spec must be a JSON object (got an array)']],
    );
  });

  it('series columns: non-empty, unique', () => {
    const problems = parseSpec('{ "task": { "kind": "series", "file": "s.csv", "columns": ["a", "a"] } }').problems;
    assert.deepEqual(
      problems.map((p) => [p.path, p.message]),
      [['task.columns[1]', 'repeats item 0 ("a"); each item may appear only once']],
    );
    const empty = parseSpec('{ "task": { "kind": "series", "file": "s.csv", "columns": [] } }').problems;
    assert.deepEqual(
      empty.map((p) => [p.path, p.message]),
      [['task.columns', 'must list at least 1 item (got an empty array)']],
    );
  });

  it('duplicate keys are errors', () => {
    const [p] = parseSpec('{ "task": { "kind": "adding", "length": 5, "length": 6 } }').problems;
    assert.equal(p.path, 'task.length');
    assert.equal(p.message, "duplicate key 'length' (it may be given only once)");
    assert.equal(p.column, 44);
  });
});

describe('parseSpec: JSON syntax errors', () => {
  it('a missing comma gives its line and column', () => {
    const text = '{\n  "task": { "kind": "adding" }\n  "model": { "cell": "gru" }\n}';
    const { spec, problems } = parseSpec(text);
    assert.equal(spec, undefined);
    assert.deepEqual(
      problems.map((p) => [p.line, p.column, p.severity, p.message]),
      [[3, 3, 'error', 'expected a comma, found "model"']],
    );
  });

  it('an unterminated object, an empty file', () => {
    const [open] = parseSpec('{ "task": { "kind": "adding" }').problems;
    assert.equal(open.message, "expected '}' to close the object (reached the end of the file)");
    assert.equal(open.line, 1);
    const [empty] = parseSpec('   ').problems;
    assert.match(empty.message, /^the file is empty/);
  });
});

describe('parseSpec: the data file', () => {
  const text = '{ "task": { "kind": "char-lm", "file": "data/missing.txt" } }';

  it('a missing file is an error naming the resolved path', () => {
    const asked: string[] = [];
    const { spec, problems } = parseSpec(text, { specDir: '/work/specs', fileExists: (p) => (asked.push(p), false) });
    assert.equal(spec, undefined);
    assert.deepEqual(asked, ['/work/specs/data/missing.txt']);
    assert.equal(problems.length, 1);
    assert.equal(problems[0].path, 'task.file');
    assert.match(problems[0].message, /\/work\/specs\/data\/missing\.txt/);
    assert.equal(text.slice(problems[0].offset, problems[0].offset + problems[0].length), '"data/missing.txt"');
  });

  it('is reported together with schema problems', () => {
    const bad = '{ "task": { "kind": "char-lm", "file": "x.txt" }, "model": { "layers": 0 } }';
    const { problems } = parseSpec(bad, { specDir: '/s', fileExists: () => false });
    assert.deepEqual(
      problems.map((p) => p.path),
      ['task.file', 'model.layers'],
    );
  });

  it('uses the injected resolvePath', () => {
    const { problems } = parseSpec(text, { specDir: 'C:\\specs', fileExists: () => false, resolvePath: (d, r) => `${d}\\${r.replace(/\//g, '\\')}` });
    assert.match(problems[0].message, /C:\\specs\\data\\missing\.txt/);
  });

  it('is not checked without fileExists', () => {
    assert.ok(parseSpec(text, { specDir: '/s' }).spec);
  });
});

describe('parseSpec: cross-key checks', () => {
  it('activation with a gated cell and identity init with lstm are warnings; the spec still parses', () => {
    const { spec, problems } = parseSpec('{ "task": { "kind": "adding" }, "model": { "cell": "lstm", "activation": "relu", "init": "identity" } }');
    assert.ok(spec);
    assert.deepEqual(
      problems.map((p) => [p.severity, p.path]),
      [
        ['warning', 'model.activation'],
        ['warning', 'model.init'],
      ],
    );
  });

  it('timeResidual: the leaky form parses into the spec and the engine config; out of range is an error; without a time residual a warning', () => {
    const ok = parseSpec('{ "task": { "kind": "adding" }, "model": { "cell": "rnn", "residual": "time", "timeResidual": { "keep": 0.9 } } }');
    assert.ok(ok.spec, JSON.stringify(ok.problems));
    assert.deepEqual(ok.problems, []);
    assert.deepEqual(ok.spec.model.timeResidual, { keep: 0.9 });
    const shape = { inputKind: 'real', inputSize: 2, outputSize: 1, loss: 'mse', at: 'last' } as const;
    assert.equal((modelConfigFor(ok.spec, shape) as RecurrentConfig).timeKeep, 0.9);
    const plain = parseSpec('{ "task": { "kind": "adding" }, "model": { "cell": "rnn", "residual": "time" } }');
    assert.equal(plain.spec!.model.timeResidual, undefined);
    assert.equal('timeKeep' in modelConfigFor(plain.spec!, shape), false, 'absent: the plain sum');
    for (const keep of ['1', '0', '-0.5', '"high"']) {
      const bad = parseSpec(`{ "task": { "kind": "adding" }, "model": { "residual": "time", "timeResidual": { "keep": ${keep} } } }`);
      assert.equal(bad.spec, undefined, keep);
      assert.deepEqual(
        errors(bad.problems).map((p) => p.path),
        ['model.timeResidual.keep'],
        keep,
      );
    }
    assert.deepEqual(
      errors(parseSpec('{ "task": { "kind": "adding" }, "model": { "residual": "time", "timeResidual": {} } }').problems).map((p) => p.path),
      ['model.timeResidual.keep'],
    );
    for (const [model, why] of [
      ['"residual": "layers"', /ignored.*"residual" is "layers"/],
      ['"cell": "rnn"', /ignored.*"residual" is "none"/],
      ['"cell": "transformer"', /ignored by the transformer/],
    ] as const) {
      const { spec, problems } = parseSpec(`{ "task": { "kind": "adding" }, "model": { ${model}, "timeResidual": { "keep": 0.5 } } }`);
      assert.ok(spec, model);
      assert.deepEqual(
        problems.map((p) => [p.severity, p.path]),
        [['warning', 'model.timeResidual']],
        model,
      );
      assert.match(problems[0].message, why);
      assert.equal('timeKeep' in modelConfigFor(spec, { inputKind: 'real', inputSize: 2, outputSize: 1, loss: 'mse', at: 'last' }), false, model);
    }
  });

  it('bptt 0 on a stream task is an error', () => {
    const { spec, problems } = parseSpec('{ "task": { "kind": "char-lm", "file": "a.txt" }, "training": { "bptt": 0 } }');
    assert.equal(spec, undefined);
    assert.deepEqual(
      errors(problems).map((p) => p.path),
      ['training.bptt'],
    );
  });
});

describe('parseSpec: absurd sizes are refused before anything is allocated', () => {
  it('too many parameters names hiddenSize and the estimate', () => {
    const { spec, problems } = parseSpec('{ "task": { "kind": "adding" }, "model": { "hiddenSize": 100000, "layers": 4 } }');
    assert.equal(spec, undefined);
    assert.equal(problems.length, 1);
    assert.equal(problems[0].path, 'model.hiddenSize');
    assert.match(
      problems[0].message,
      /≈ 280 billion parameters, mostly in the recurrent layers \(limit 500 million\); reduce model\.hiddenSize or model\.layers/,
    );
  });

  it('a word-lm whose embedding table is huge names the embedding', () => {
    const { problems } = parseSpec('{ "task": { "kind": "word-lm", "file": "w.txt", "vocabSize": 10000000 }, "model": { "embedding": 100, "hiddenSize": 8 } }');
    assert.equal(problems[0].path, 'model.embedding');
    assert.match(problems[0].message, /mostly in the embedding .*reduce model\.embedding or task\.vocabSize/);
  });

  it('too much activation memory names batchSize and the estimate in GiB', () => {
    const text =
      '{ "task": { "kind": "char-lm", "file": "a.txt" }, "model": { "hiddenSize": 2048, "layers": 4 }, "training": { "batchSize": 512, "bptt": 200 } }';
    const { spec, problems } = parseSpec(text);
    assert.equal(spec, undefined);
    assert.equal(problems[0].path, 'training.batchSize');
    assert.match(
      problems[0].message,
      /^training would need ≈ \d+(\.\d+)? GiB of memory \(limit 4 GiB\): activations ≈ .* batchSize 512 × seqLen 200 × layers 4 × lstm H 2048/,
    );
  });

  it('a large but sane model passes', () => {
    assert.ok(
      parseSpec(
        '{ "task": { "kind": "char-lm", "file": "a.txt" }, "model": { "hiddenSize": 1024, "layers": 3 }, "training": { "batchSize": 64, "bptt": 100 } }',
      ).spec,
    );
  });
});

describe('parseSpec: bptt on a task scored at its last step', () => {
  it('warns that truncation is ignored, and still returns the spec', () => {
    const text = '{\n  "task": { "kind": "adding", "length": 40 },\n  "training": { "bptt": 10 }\n}';
    const { spec, problems } = parseSpec(text);
    assert.ok(spec);
    const w = problems.find((p) => p.path === 'training.bptt');
    assert.equal(w?.severity, 'warning');
    assert.equal(w?.line, 3);
    assert.match(w!.message, /ignored/);
  });
});
