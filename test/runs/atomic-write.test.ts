import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { writeFileAtomic, type AtomicWriteFs } from '../../src/runs/atomic-write';
import { RunFileError } from '../../src/runs/run-file-error';
import { tempWorkspace } from './helpers';

function errno(code: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`${code}: simulated`), { code });
}

/** Real fs, with one call made to fail. */
function failingFs(fail: Partial<Record<keyof AtomicWriteFs, NodeJS.ErrnoException>>): AtomicWriteFs {
  let written = 0;
  return {
    openSync: (f, flags, mode) => fs.openSync(f, flags, mode),
    writeSync: (fd, buf, off, len) => {
      if (fail.writeSync) {
        // write a little first, as a filling disk does, then fail
        if (written === 0) return (written = fs.writeSync(fd, buf, off, Math.min(len, 3)));
        throw fail.writeSync;
      }
      return fs.writeSync(fd, buf, off, len);
    },
    fsyncSync: (fd) => {
      if (fail.fsyncSync) throw fail.fsyncSync;
      fs.fsyncSync(fd);
    },
    closeSync: (fd) => fs.closeSync(fd),
    renameSync: (a, b) => {
      if (fail.renameSync) throw fail.renameSync;
      fs.renameSync(a, b);
    },
    unlinkSync: (f) => fs.unlinkSync(f),
  };
}

function entries(dir: string): string[] {
  return fs.readdirSync(dir).sort();
}

describe('writeFileAtomic', () => {
  it('replaces the file and leaves no temp file', () => {
    const dir = tempWorkspace();
    const file = path.join(dir, 'run.json');
    writeFileAtomic(file, 'old');
    writeFileAtomic(file, new Uint8Array([110, 101, 119]));
    assert.equal(fs.readFileSync(file, 'utf8'), 'new');
    assert.deepEqual(entries(dir), ['run.json']);
  });

  for (const [call, code] of [
    ['writeSync', 'ENOSPC'],
    ['fsyncSync', 'EIO'],
    ['renameSync', 'EXDEV'],
  ] as const) {
    it(`a failing ${call} (${code}) leaves the old file intact and removes the temp file`, () => {
      const dir = tempWorkspace();
      const file = path.join(dir, 'weights.safetensors');
      fs.writeFileSync(file, 'previous checkpoint');
      assert.throws(
        () => writeFileAtomic(file, 'x'.repeat(1000), failingFs({ [call]: errno(code) })),
        (err: unknown) => err instanceof RunFileError && err.errno === code && err.message.includes(file),
      );
      assert.equal(fs.readFileSync(file, 'utf8'), 'previous checkpoint');
      assert.deepEqual(entries(dir), ['weights.safetensors']);
    });
  }

  it('says "disk full" for ENOSPC', () => {
    const dir = tempWorkspace();
    const file = path.join(dir, 'probe.json');
    assert.throws(() => writeFileAtomic(file, 'x'.repeat(100), failingFs({ writeSync: errno('ENOSPC') })), /probe\.json: disk full/);
    assert.deepEqual(entries(dir), []);
  });

  it('a real rename failure (the target is a non-empty folder) leaves it and no temp file', () => {
    const dir = tempWorkspace();
    const target = path.join(dir, 'vocab.json');
    fs.mkdirSync(target);
    fs.writeFileSync(path.join(target, 'keep'), 'kept');
    assert.throws(() => writeFileAtomic(target, '{}'), RunFileError);
    assert.equal(fs.readFileSync(path.join(target, 'keep'), 'utf8'), 'kept');
    assert.deepEqual(entries(dir), ['vocab.json']);
  });

  it('a missing folder is an error naming the file', () => {
    const file = path.join(tempWorkspace(), 'gone', 'run.json');
    assert.throws(
      () => writeFileAtomic(file, '{}'),
      (err: unknown) => err instanceof Error && err.message.includes(file),
    );
  });
});
