// (a) The exported model.py against every PyTorch parity fixture: the fixture's weights load under
// the contract's names and give its loss, outputs and gradients to 1e-9 (relative to each tensor's
// largest value), in float64.
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { EXPORT_PY, needTorch, python, REPO } from './export-helpers';

const FIXTURES = path.join(REPO, 'test/fixtures/parity');

test('model.py reproduces every parity fixture to 1e-9 in float64 (recurrent and transformer)', (t) => {
  if (!needTorch(t)) return;
  const cases = readdirSync(FIXTURES, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name);
  assert.ok(
    cases.some((c) => c.startsWith('transformer')),
    'transformer fixtures are present',
  );
  const r = python([path.join(__dirname, 'py/parity_check.py'), EXPORT_PY, ...cases.map((c) => path.join(FIXTURES, c))], REPO);
  assert.equal(r.status, 0, r.stderr);
  const errors: Record<string, Record<string, number>> = JSON.parse(r.stdout);
  assert.deepEqual(Object.keys(errors).sort(), [...cases].sort());
  let worst = 0;
  for (const [name, errs] of Object.entries(errors)) {
    for (const [what, e] of Object.entries(errs)) {
      assert.ok(e <= 1e-9, `${name} ${what}: relative error ${e}`);
      worst = Math.max(worst, e);
    }
  }
  t.diagnostic(`largest relative error over ${cases.length} fixtures: ${worst.toExponential(2)}`);
});
