// 50 runs killed (SIGKILL) at random moments: each reads back as interrupted with a readable folder,
// and resuming one continues it exactly as the uninterrupted run of the same spec.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { Rng } from '../../src/engine/rng';
import { nodeRunFs } from '../../src/node/run-fs';
import { readMetricsFile } from '../../src/runs';
import { checkpointStep, decodeResumeState } from '../../src/train/resume-state';
import { jsonLines, rnnLab, rnnLabAsync, workspace } from './cli-helpers';

const KILLS = 50;
const TEXT = Array.from({ length: 300 }, (_, i) => `the cat sat on mat ${i % 7}. a dog ran far.\n`).join('');
const SPEC = JSON.stringify({
  name: 'killed',
  task: { kind: 'char-lm', file: 'text.txt' },
  model: { cell: 'gru', hiddenSize: 16 },
  training: { learningRate: 0.01, batchSize: 4, steps: 100000, bptt: 8, seed: 2, evalEvery: 5 },
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Resolves once the run has printed its `started` event (its folder exists). */
function started(child: ReturnType<typeof rnnLabAsync>): Promise<void> {
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('"type":"started"')) resolve();
    });
    child.on('exit', () => reject(new Error(`exited before starting: ${out}`)));
  });
}

/** Losses, norms and evaluations: what must not depend on how the run was interrupted. */
function trace(folder: string): unknown[] {
  return readMetricsFile(nodeRunFs, path.join(folder, 'metrics.jsonl')).flatMap((e) =>
    e.type === 'progress' ? [[e.step, e.loss, e.gradNorm]] : e.type === 'eval' ? [[e.step, e.valLoss]] : [],
  );
}

test(`${KILLS} runs killed at random moments read back as interrupted; a resumed one is exact`, async () => {
  const ws = workspace({ 'k.rnn.json': SPEC, 'text.txt': TEXT });
  const rng = new Rng(2026);
  for (let i = 0; i < KILLS; i++) {
    const child = rnnLabAsync(['train', 'k.rnn.json', '--json'], ws);
    await started(child);
    await sleep(rng.int(600));
    child.kill('SIGKILL');
    await new Promise((r) => child.on('exit', r));
  }
  const list = JSON.parse(rnnLab(['runs', '--json'], ws).stdout) as { id: string; status: string }[];
  assert.equal(list.length, KILLS);
  assert.deepEqual([...new Set(list.map((r) => r.status))], ['interrupted']);

  const runsDir = path.join(ws, '.rnn-lab', 'runs');
  const resumable: { id: string; step: number }[] = [];
  for (const id of readdirSync(runsDir)) {
    const folder = path.join(runsDir, id);
    JSON.parse(readFileSync(path.join(folder, 'run.json'), 'utf8')); // parses
    readMetricsFile(nodeRunFs, path.join(folder, 'metrics.jsonl')); // a half-written last line is skipped, never an error
    if (!existsSync(path.join(folder, 'weights.safetensors'))) continue; // killed before its first checkpoint
    const weightsStep = checkpointStep(readFileSync(path.join(folder, 'weights.safetensors')));
    const state = decodeResumeState(readFileSync(path.join(folder, 'resume.safetensors')));
    // A kill between the two files leaves the resume state one checkpoint ahead, never behind.
    assert.ok(weightsStep === state.step || (weightsStep !== undefined && state.step === weightsStep + 5), `${id}: ${weightsStep} vs ${state.step}`);
    if (weightsStep === state.step) resumable.push({ id, step: state.step });
  }
  assert.ok(resumable.length >= KILLS / 2, `${resumable.length} resumable runs`);

  // The furthest one, resumed to 10 steps past its checkpoint, against the same spec trained straight there.
  const far = resumable.reduce((a, b) => (b.step > a.step ? b : a));
  const total = far.step + 10;
  const resumed = rnnLab(['resume', far.id, '--steps', String(total), '--json'], ws);
  assert.equal(resumed.code, 0, resumed.stderr);
  assert.equal(jsonLines(resumed.stdout)[0].resumedFrom, far.step);
  const straight = workspace({ 'k.rnn.json': SPEC, 'text.txt': TEXT });
  assert.equal(rnnLab(['train', 'k.rnn.json', '--steps', String(total)], straight).code, 0);
  const straightDir = path.join(straight, '.rnn-lab', 'runs');
  assert.deepEqual(trace(path.join(runsDir, far.id)), trace(path.join(straightDir, readdirSync(straightDir)[0])));
  const runs = JSON.parse(rnnLab(['runs', '--json'], ws).stdout) as { id: string; status: string }[];
  assert.equal(runs.find((r) => r.id === far.id)!.status, 'completed');
});
