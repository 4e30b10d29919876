import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { writeFileAtomic, type AtomicWriteFs } from '../../src/runs/atomic-write';
import { RunFileError } from '../../src/runs/run-file-error';
import { nodeRunFs } from '../../src/node/run-fs';
import { tempWorkspace } from './helpers';

function errno(code: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`${code}: simulated`), { code });
}

/** Real fs, with one call made to fail. */
function failingFs(fail: Partial<Record<keyof AtomicWriteFs, NodeJS.ErrnoException>>): AtomicWriteFs {
  let written = 0;
  return {
    ...nodeRunFs,
    write: (fd, buf, off, len) => {
      if (fail.write) {
        // write a little first, as a filling disk does, then fail
        if (written === 0) return (written = fs.writeSync(fd, buf, off, Math.min(len, 3)));
        throw fail.write;
      }
      return fs.writeSync(fd, buf, off, len);
    },
    fsync: (fd) => {
      if (fail.fsync) throw fail.fsync;
      fs.fsyncSync(fd);
    },
    rename: (a, b) => {
      if (fail.rename) throw fail.rename;
      fs.renameSync(a, b);
    },
  };
}

function entries(dir: string): string[] {
  return fs.readdirSync(dir).sort();
}

describe('writeFileAtomic', () => {
  it('replaces the file and leaves no temp file', () => {
    const dir = tempWorkspace();
    const file = path.join(dir, 'run.json');
    writeFileAtomic(nodeRunFs, file, 'old');
    writeFileAtomic(nodeRunFs, file, new Uint8Array([110, 101, 119]));
    assert.equal(fs.readFileSync(file, 'utf8'), 'new');
    assert.deepEqual(entries(dir), ['run.json']);
  });

  for (const [call, code] of [
    ['write', 'ENOSPC'],
    ['fsync', 'EIO'],
    ['rename', 'EXDEV'],
  ] as const) {
    it(`a failing ${call} (${code}) leaves the old file intact and removes the temp file`, () => {
      const dir = tempWorkspace();
      const file = path.join(dir, 'weights.safetensors');
      fs.writeFileSync(file, 'previous checkpoint');
      assert.throws(
        () => writeFileAtomic(failingFs({ [call]: errno(code) }), file, 'x'.repeat(1000)),
        (err: unknown) => err instanceof RunFileError && err.errno === code && err.message.includes(file),
      );
      assert.equal(fs.readFileSync(file, 'utf8'), 'previous checkpoint');
      assert.deepEqual(entries(dir), ['weights.safetensors']);
    });
  }

  it('says "disk full" for ENOSPC', () => {
    const dir = tempWorkspace();
    const file = path.join(dir, 'probe.json');
    assert.throws(() => writeFileAtomic(failingFs({ write: errno('ENOSPC') }), file, 'x'.repeat(100)), /probe\.json: disk full/);
    assert.deepEqual(entries(dir), []);
  });

  it('a real rename failure (the target is a non-empty folder) leaves it and no temp file', () => {
    const dir = tempWorkspace();
    const target = path.join(dir, 'vocab.json');
    fs.mkdirSync(target);
    fs.writeFileSync(path.join(target, 'keep'), 'kept');
    assert.throws(() => writeFileAtomic(nodeRunFs, target, '{}'), RunFileError);
    assert.equal(fs.readFileSync(path.join(target, 'keep'), 'utf8'), 'kept');
    assert.deepEqual(entries(dir), ['vocab.json']);
  });

  it('a missing folder is an error naming the file', () => {
    const file = path.join(tempWorkspace(), 'gone', 'run.json');
    assert.throws(
      () => writeFileAtomic(nodeRunFs, file, '{}'),
      (err: unknown) => err instanceof Error && err.message.includes(file),
    );
  });
});
