// brain.js 2.0 beta peer (batch 1 only): brain.recurrent.LSTM / GRU / RNN with hiddenLayers [H].
// usage: node peers/brainjs.mjs --cell lstm|gru|rnn --hidden H [--seq 50] [--vocab 65] [--seconds 3]
// brain.js feeds the net a learned (V+1)×inputSize lookup row per token (here inputSize = V, so the
// input weights have the one-hot shape), runs T = input.length + 1 steps (start token → … → end token),
// softmax cross-entropy at every step, and updates with its own RMSprop-style rule (it has no Adam).
// Its plain RNN uses relu; we subclass it to tanh to match the grid.
import { createRequire } from 'node:module';
import { parseArgs, workloadArgs, tokenStream, timeLoop } from './common.mjs';

const require = createRequire(import.meta.url);
const args = parseArgs(process.argv.slice(2));
const { cell, H, B, T, V, seconds } = workloadArgs(args);
if (B !== 1) {
  process.stdout.write(JSON.stringify({ engine: 'brainjs', error: 'brain.js recurrent nets train one sequence at a time (batch 1 only)' }) + '\n');
  process.exit(2);
}

const brain = require('brain.js');
const version = require('brain.js/package.json').version;

class TanhRNN extends brain.recurrent.RNN {
  getEquation(equation, inputMatrix, previousResult, hiddenLayer) {
    return equation.tanh(equation.add(equation.add(
      equation.multiply(hiddenLayer.weight, inputMatrix),
      equation.multiply(hiddenLayer.transition, previousResult)), hiddenLayer.bias));
  }
}
const Net = { lstm: brain.recurrent.LSTM, gru: brain.recurrent.GRU, rnn: TanhRNN }[cell];
const net = new Net({ inputSize: V, inputRange: V, outputSize: V, hiddenLayers: [H] });
net.initialize();
net.updateTrainingOptions({ learningRate: 0.002 });

const POOL = 8;
const stream = tokenStream(V, POOL * T + 1, 7);
const seqs = [];
for (let p = 0; p < POOL; p++) seqs.push(Array.from(stream.subarray(p * T, p * T + T - 1))); // T-1 tokens → T steps
let i = 0;
const step = () => net.trainPattern(seqs[i++ % POOL], true);

const res = await timeLoop(step, { seconds, tokensPerStep: T });
process.stdout.write(JSON.stringify({ engine: 'brainjs', cell, hidden: H, batch: 1, seq: T, vocab: V, version, ...res }) + '\n');
