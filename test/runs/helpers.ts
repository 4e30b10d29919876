// Shared test helpers: temp workspaces and sample events.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after } from 'node:test';
import type { TrainEvent } from '../../src/protocol/events';

export function tempWorkspace(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rnn-lab-runs-'));
  after(() => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

export function progress(step: number, loss: number): TrainEvent {
  return { type: 'progress', step, loss, gradNorm: 0.5, clipped: false, tokensPerSec: 1000, elapsedMs: step * 10 };
}

export function evaluation(step: number, valLoss: number): TrainEvent {
  return { type: 'eval', step, valLoss };
}
