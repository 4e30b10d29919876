import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { findWorkspaceRoot } from '../../src/node/workspace-root';
import { tempWorkspace } from '../runs/helpers';

describe('findWorkspaceRoot', () => {
  it('is the nearest ancestor holding .git', () => {
    const root = tempWorkspace();
    fs.mkdirSync(path.join(root, '.git'));
    const nested = path.join(root, 'examples', 'char-lm');
    fs.mkdirSync(nested, { recursive: true });
    assert.equal(findWorkspaceRoot(path.join(nested, 'a.rnn.json')), root);
    assert.equal(findWorkspaceRoot(path.join(root, 'a.rnn.json')), root);
  });

  it('accepts a .git file (worktree, submodule) and prefers the nearest', () => {
    const root = tempWorkspace();
    fs.mkdirSync(path.join(root, '.git'));
    const sub = path.join(root, 'sub');
    fs.mkdirSync(path.join(sub, 'specs'), { recursive: true });
    fs.writeFileSync(path.join(sub, '.git'), 'gitdir: ../.git/modules/sub\n');
    assert.equal(findWorkspaceRoot(path.join(sub, 'specs', 'a.rnn.json')), sub);
  });

  it("is the spec's folder when no ancestor has .git", () => {
    const root = tempWorkspace();
    const specDir = path.join(root, 'plain');
    fs.mkdirSync(specDir);
    // tmpdir is normally not inside a git repository; skip if it is
    const expected = findWorkspaceRoot(path.join(root, 'probe.rnn.json')) === root ? specDir : undefined;
    if (expected) assert.equal(findWorkspaceRoot(path.join(specDir, 'a.rnn.json')), expected);
  });
});
