// (c) The export under torchrun: two gloo processes train an example and the run shows as completed
// in `rnn-lab runs --json` (marked as trained by PyTorch); a torchrun killed mid-way (SIGKILL to its
// process group) reads back as interrupted. Also times one process against two.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { rnnLab } from '../cli/cli-helpers';
import { needTorch, python, torchrunCommand, workspaceWith } from './export-helpers';

const STEPS = 40;
// Debian's torchrun (torch 1.13, Python 3.11) fails at start without these; current PyTorch accepts them too.
const DEBIAN_FLAGS = ['--redirects', '1', '--tee', '1'];

function runsOf(ws: string): Array<Record<string, any>> {
  const r = rnnLab(['runs', '--json'], ws);
  assert.equal(r.code, 0, r.stderr);
  return JSON.parse(r.stdout);
}

function setup(): { ws: string; train: string } {
  const ws = workspaceWith(['examples/char-lm.rnn.json', 'examples/data/ballads.txt']);
  const ex = rnnLab(['export', path.join(ws, 'examples/char-lm.rnn.json'), '--out', path.join(ws, 'pytorch')], ws);
  assert.equal(ex.code, 0, ex.stderr);
  return { ws, train: path.join(ws, 'pytorch', 'train.py') };
}

test('torchrun with two processes (gloo) completes and the run is listed as completed', (t) => {
  if (!needTorch(t)) return;
  const { ws, train } = setup();

  let t0 = performance.now();
  const one = python([train, '--steps', String(STEPS)], ws);
  const oneMs = performance.now() - t0;
  assert.equal(one.status, 0, one.stderr);

  t0 = performance.now();
  const two = spawnSync(
    torchrunCommand()[0],
    [...torchrunCommand().slice(1), ...DEBIAN_FLAGS, '--standalone', '--nproc_per_node=2', train, '--steps', String(STEPS)],
    {
      cwd: ws,
      encoding: 'utf8',
      timeout: 180_000,
    },
  );
  const twoMs = performance.now() - t0;
  assert.equal(two.status, 0, `${two.stdout}\n${two.stderr}`);

  const runs = runsOf(ws);
  assert.equal(runs.length, 2);
  for (const run of runs) {
    assert.equal(run.status, 'completed', JSON.stringify(run));
    assert.equal(run.trainedBy, 'pytorch');
    assert.equal(run.summary.steps, STEPS);
    assert.ok(Number.isFinite(run.bestValLoss));
    for (const f of ['run.json', 'spec.rnn.json', 'metrics.jsonl', 'weights.safetensors', 'vocab.json', 'probe.json'])
      assert.ok(existsSync(path.join(run.folder, f)), f);
  }
  const distributed = runs.find((r) => r.config.processes === 2)!;
  assert.ok(distributed, 'one run records 2 processes');
  const events = readFileSync(path.join(distributed.folder, 'metrics.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));
  assert.deepEqual([...new Set(events.map((e) => e.type))], ['started', 'eval', 'probe', 'progress', 'finished']);
  assert.equal(events.filter((e) => e.type === 'progress').length, STEPS, 'only rank 0 writes');
  // RNN Lab reads the checkpoint back: sampling works on the PyTorch-trained run
  const sample = rnnLab(['sample', distributed.id, '--length', '20'], ws);
  assert.equal(sample.code, 0, sample.stderr);
  const single = runs.find((r) => r.config.processes === 1)!;
  const loopSeconds = (r: Record<string, any>) => (r.summary.elapsedMs / 1000).toFixed(1);
  t.diagnostic(
    `${STEPS} steps of the char-lm example, each process a batch of 32 windows: one process ${(oneMs / 1000).toFixed(1)} s in all ` +
      `(training loop ${loopSeconds(single)} s), two processes under torchrun ${(twoMs / 1000).toFixed(1)} s in all (training loop ${loopSeconds(distributed)} s, twice the data)`,
  );
});

test('a torchrun killed mid-way reads back as interrupted', async (t) => {
  if (!needTorch(t)) return;
  const { ws, train } = setup();
  const [cmd, ...pre] = torchrunCommand();
  const child = spawn(cmd, [...pre, ...DEBIAN_FLAGS, '--standalone', '--nproc_per_node=2', train, '--steps', '100000'], {
    cwd: ws,
    detached: true, // its own process group, killed as a whole below
    stdio: 'ignore',
  });
  const exited = new Promise((resolve) => child.on('exit', resolve));
  const runsDir = path.join(ws, '.rnn-lab', 'runs');
  const progressLines = (): number => {
    if (!existsSync(runsDir)) return 0;
    const [id] = readdirSync(runsDir);
    if (!id) return 0;
    const file = path.join(runsDir, id, 'metrics.jsonl');
    return existsSync(file)
      ? readFileSync(file, 'utf8')
          .split('\n')
          .filter((l) => l.includes('"progress"')).length
      : 0;
  };
  const deadline = Date.now() + 120_000;
  try {
    while (progressLines() < 5) {
      assert.ok(Date.now() < deadline, 'torchrun made no progress in time');
      assert.equal(child.exitCode, null, 'torchrun ended by itself');
      await new Promise((r) => setTimeout(r, 200));
    }
    const [running] = runsOf(ws);
    assert.equal(running.status, 'running');
  } finally {
    process.kill(-child.pid!, 'SIGKILL');
  }
  await exited;
  const pid = JSON.parse(readFileSync(path.join(runsOf(ws)[0].folder, 'run.json'), 'utf8')).pid;
  for (let i = 0; i < 50 && isAlive(pid); i++) await new Promise((r) => setTimeout(r, 100));
  const [run] = runsOf(ws);
  assert.equal(run.status, 'interrupted', JSON.stringify(run));
  assert.equal(run.trainedBy, 'pytorch');
  assert.ok(run.summary.steps >= 5);
});

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
