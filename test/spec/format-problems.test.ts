import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatProblems, parseSpec } from '../../src/spec/parse';

describe('formatProblems', () => {
  it('one compiler-style line per problem', () => {
    const text = '{\n  "task": { "kind": "adding" },\n  "model": { "hiddenSize": 0, "cell": "gru", "activation": "relu" }\n}';
    const { problems } = parseSpec(text);
    assert.equal(formatProblems('specs/a.rnn.json', problems), ['specs/a.rnn.json:3:28  error  model.hiddenSize: must be an integer ≥ 1 (got 0)'].join('\n'));
  });

  it('root problems have no path prefix; warnings say warning', () => {
    const out = formatProblems('x.rnn.json', [
      { path: '', line: 1, column: 1, offset: 0, length: 1, code: 'spec.notObject', message: 'the spec must be a JSON object (got null)', severity: 'error' },
      { path: 'model.init', line: 4, column: 13, offset: 40, length: 10, code: 'test.note', message: 'a note', severity: 'warning' },
    ]);
    assert.equal(out, 'x.rnn.json:1:1  error  the spec must be a JSON object (got null)\nx.rnn.json:4:13  warning  model.init: a note');
  });

  it('nothing for no problems', () => assert.equal(formatProblems('x', []), ''));
});
