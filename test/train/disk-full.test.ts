// A full disk while a run is recorded is the user's situation, not a bug: the run is recorded as `failed`
// with "disk full" and the path, the last checkpoint stays readable, and the CLI exits 1 without a stack.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, test } from 'node:test';
import { readSafetensors } from '../../src/engine/safetensors';
import { RunFileError } from '../../src/runs/run-file-error';
import { RunStore } from '../../src/runs/run-store';
import type { RunFs } from '../../src/runs/run-fs';
import { nodeRunPorts, nodeRunStore } from '../../src/node/run-store';
import { nodeRunFs } from '../../src/node/run-fs';
import { nodeTrainingHost } from '../../src/node/training-host';
import { reportError } from '../../src/cli/report-error';
import { runTraining } from '../../src/train/run-training';

function errno(code: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`${code}: no space left on device, write`), { code, errno: -28, syscall: 'write' });
}

function workspace(): { root: string; specPath: string } {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'rnn-lab-diskfull-'));
  after(() => fs.rmSync(root, { recursive: true, force: true }));
  const specPath = path.join(root, 'add.rnn.json');
  fs.writeFileSync(
    specPath,
    JSON.stringify({
      name: 'add',
      task: { kind: 'adding', length: 8 },
      model: { cell: 'gru', hiddenSize: 6 },
      training: { optimizer: 'adam', learningRate: 0.01, batchSize: 4, steps: 40, evalEvery: 10, seed: 1, dtype: 'float64' },
    }),
  );
  return { root, specPath };
}

/**
 * Real fs until `full()` is called; then every write that needs a new block fails with `code`, as on a
 * full disk: appends, new (temp) files and writes. Overwriting a small existing file in place still works
 * unless `strict` (truncating it frees its blocks first).
 */
function fillingFs(code = 'ENOSPC', strict = false) {
  let isFull = false;
  const fail = () => {
    if (isFull) throw errno(code);
  };
  const io: RunFs = {
    ...nodeRunFs,
    open: (f, flags, mode) => {
      if (flags.includes('x')) fail();
      return fs.openSync(f, flags, mode);
    },
    write: (fd, buf, off, len) => {
      fail();
      return fs.writeSync(fd, buf, off, len);
    },
    append: (f, data) => {
      fail();
      fs.appendFileSync(f, data);
    },
    overwrite: (f, data) => {
      if (strict) fail();
      fs.writeFileSync(f, data);
    },
  };
  return { io, full: () => (isFull = true) };
}

async function trainUntilFull(code: string, strict = false) {
  const { root, specPath } = workspace();
  const disk = fillingFs(code, strict);
  const store = new RunStore(root, { ...nodeRunPorts(), fs: disk.io });
  let error: unknown;
  let checkpointAtFull: Buffer | undefined;
  let folder = '';
  try {
    await runTraining({
      host: nodeTrainingHost,
      specPath,
      store,
      shouldStop: () => false,
      onEvent: (e) => {
        if (e.type === 'started') folder = e.folder;
        // the disk fills up after the checkpoint of step 20
        if (e.type === 'progress' && e.step === 25) {
          checkpointAtFull = fs.readFileSync(path.join(folder, 'weights.safetensors'));
          disk.full();
        }
      },
    });
  } catch (e) {
    error = e;
  }
  return { root, folder, error, checkpointAtFull };
}

for (const code of ['ENOSPC', 'EDQUOT']) {
  test(`${code} while training: a RunFileError saying disk full with the path; run.json says failed; the checkpoint is intact`, async () => {
    const { folder, error, checkpointAtFull } = await trainUntilFull(code);
    assert.ok(error instanceof RunFileError, `a RunFileError, got ${String(error)}`);
    assert.equal(error.diskFull, true);
    assert.match(error.message, /disk full/);
    assert.ok(error.message.includes(folder), `names the path: ${error.message}`);

    const record = JSON.parse(fs.readFileSync(path.join(folder, 'run.json'), 'utf8'));
    assert.equal(record.status, 'failed');
    assert.match(record.summary.message, /disk full/);
    assert.ok(record.summary.message.includes(folder));
    // and as data: what was kept and what to do, for the front ends to say in their language
    assert.equal(record.summary.msg.code, 'run.diskFullStopped');
    assert.match(record.summary.message, /Training stopped at step \d+; the last checkpoint \(step \d+\) is intact/);
    assert.ok(record.finishedAt);

    // listing it later still says failed (not interrupted)
    const info = nodeRunStore(path.dirname(path.dirname(path.dirname(folder)))).get(path.basename(folder))!;
    assert.equal(info.status, 'failed');

    // the last checkpoint is the one from before the disk filled up, whole and readable
    const weights = fs.readFileSync(path.join(folder, 'weights.safetensors'));
    assert.deepEqual(weights, checkpointAtFull);
    assert.ok(readSafetensors(new Uint8Array(weights)).size > 0);
    assert.deepEqual(
      fs.readdirSync(folder).filter((f) => f.endsWith('.tmp')),
      [],
      'no temp files left',
    );

    const report = reportError(error);
    assert.equal(report.code, 1);
    assert.match(report.text, /disk full/);
    assert.ok(report.text.includes(folder));
    assert.doesNotMatch(report.text, /internal error|\n\s+at /);
  });
}

test('a disk so full that run.json cannot be replaced atomically is still told the run failed (in place)', async () => {
  const { folder, error } = await trainUntilFull('ENOSPC');
  assert.ok(error instanceof RunFileError);
  assert.equal(JSON.parse(fs.readFileSync(path.join(folder, 'run.json'), 'utf8')).status, 'failed');
});

test('if run.json cannot be written at all, the original disk-full error is still what is thrown', async () => {
  const { error } = await trainUntilFull('ENOSPC', true);
  assert.ok(error instanceof RunFileError);
  assert.equal(error.diskFull, true);
});

test('other errors keep their classes: internal errors exit 2 with the stack', () => {
  const r = reportError(new TypeError('x is undefined'));
  assert.equal(r.code, 2);
  assert.match(r.text, /internal error/);
  const p = reportError(new RunFileError('write', '/ws/.rnn-lab/runs/r/run.json', errno('EACCES')));
  assert.equal(p.code, 1, "a run file that cannot be written (permissions) is the user's situation too");
  assert.match(p.text, /run\.json/);
});
