// Every example spec parses and builds its task from the data the project ships; src/tasks stays
// free of node: imports (it runs in a web worker).
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { Rng } from '../../src/engine/rng';
import { parseSpecFile } from '../../src/node/spec-io';
import { createTask } from '../../src/tasks';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const EXAMPLES = join(ROOT, 'examples');
const KINDS = ['char-lm', 'word-lm', 'adding', 'copy', 'classify', 'series'];

for (const kind of KINDS) {
  test(`examples/${kind}.rnn.json parses and yields batches`, () => {
    const specPath = join(EXAMPLES, `${kind}.rnn.json`);
    const { spec, problems } = parseSpecFile(specPath);
    assert.ok(spec, JSON.stringify(problems));
    assert.equal(spec.task.kind, kind);
    const task = createTask(spec, EXAMPLES, { readText: (p) => readFileSync(p, 'utf8') });
    const batch = task.nextTrainBatch(new Rng(spec.training.seed));
    assert.equal(batch.B, spec.training.batchSize);
    assert.ok(task.validationBatches().length > 0);
    const { batch: probe, stepLabels } = task.probe();
    assert.equal(stepLabels.length, probe.T);
  });
}

test('src/tasks imports no node: modules', () => {
  const dir = join(ROOT, 'src', 'tasks');
  for (const f of readdirSync(dir).filter((n) => n.endsWith('.ts'))) {
    const text = readFileSync(join(dir, f), 'utf8');
    assert.doesNotMatch(text, /from\s+['"]node:|require\(['"]node:|from\s+['"](fs|path)['"]/, f);
  }
});
