// TensorFlow.js peer: char-level LM, one-hot inputs, one recurrent layer, softmax CE at every step, Adam.
// usage: node peers/tfjs.mjs --backend cpu|wasm --mode manual|layers --cell lstm|gru|rnn --hidden H --batch B
//        [--seq 50] [--vocab 65] [--seconds 3] [--threads N]
// Prints one JSON line: {tokensPerSec, msPerStep, steps, seconds, ...}.
import { createRequire } from 'node:module';
import { parseArgs, workloadArgs, rng, tokenStream, timeLoop } from './common.mjs';

const require = createRequire(import.meta.url);
const args = parseArgs(process.argv.slice(2));
const backend = args.backend ?? 'cpu';
const mode = args.mode ?? 'manual';
const { cell, H, B, T, V, seconds } = workloadArgs(args);
const lr = 0.002;
const fuse = (args.fuse ?? '1') !== '0';
// explicit transposes in the matMul gradients (default on for wasm, where they are much faster)
const explicitT = (args.transpose ?? (backend === 'wasm' ? '1' : '0')) !== '0';

// Silence tfjs's "Hi there, looks like you are running TensorFlow.js in Node.js" banner (it goes to stdout).
const origLog = console.log;
console.log = (...a) => process.stderr.write(a.join(' ') + '\n');
const tf = require('@tensorflow/tfjs');
if (backend === 'wasm') {
  const wasm = require('@tensorflow/tfjs-backend-wasm');
  if (args.threads) wasm.setThreadsCount(Number(args.threads));
}
await tf.setBackend(backend);
await tf.ready();
console.log = origLog;

// A small pool of batches, built once; the step cycles through them.
const POOL = 8;
const stream = tokenStream(V, POOL * B * (T + 1) + 1, 7);
const r = rng(11);
const xs = [];
const ys = [];
for (let p = 0; p < POOL; p++) {
  // time-major [T, B] windows of inputs and next-token targets
  const xi = new Int32Array(T * B);
  const yi = new Int32Array(T * B);
  for (let b = 0; b < B; b++) {
    const start = Math.floor(r() * (stream.length - T - 1));
    for (let t = 0; t < T; t++) {
      xi[t * B + b] = stream[start + t];
      yi[t * B + b] = stream[start + t + 1];
    }
  }
  if (mode === 'layers') {
    // batch-major [B, T, V]
    const xbt = new Int32Array(B * T);
    const ybt = new Int32Array(B * T);
    for (let b = 0; b < B; b++) for (let t = 0; t < T; t++) { xbt[b * T + t] = xi[t * B + b]; ybt[b * T + t] = yi[t * B + b]; }
    xs.push(tf.oneHot(tf.tensor2d(xbt, [B, T], 'int32'), V).toFloat());
    ys.push(tf.oneHot(tf.tensor2d(ybt, [B, T], 'int32'), V).toFloat());
  } else {
    xs.push(tf.oneHot(tf.tensor1d(xi, 'int32'), V).toFloat()); // [T*B, V]
    ys.push(tf.oneHot(tf.tensor1d(yi, 'int32'), V).toFloat()); // [T*B, V]
  }
}

let step;
if (mode === 'layers') {
  const layer = { lstm: tf.layers.lstm, gru: tf.layers.gru, rnn: tf.layers.simpleRNN }[cell];
  const model = tf.sequential();
  model.add(layer({ units: H, returnSequences: true, inputShape: [T, V], ...(cell === 'rnn' ? { activation: 'tanh' } : {}) }));
  model.add(tf.layers.timeDistributed({ layer: tf.layers.dense({ units: V }) }));
  model.compile({
    optimizer: tf.train.adam(lr),
    loss: (yTrue, yPred) => tf.losses.softmaxCrossEntropy(yTrue, yPred),
  });
  let i = 0;
  step = async () => {
    const k = i++ % POOL;
    const loss = await model.trainOnBatch(xs[k], ys[k]);
    return Array.isArray(loss) ? loss[0] : loss;
  };
} else {
  const G = { lstm: 4, gru: 3, rnn: 1 }[cell];
  const u = (shape, fanIn, fanOut) => tf.variable(tf.randomUniform(shape, -Math.sqrt(6 / (fanIn + fanOut)), Math.sqrt(6 / (fanIn + fanOut)), 'float32', 1));
  const Wx = u([V, G * H], V, H);
  const Wh = u([H, G * H], H, H);
  const bInit = new Float32Array(G * H);
  if (cell === 'lstm') bInit.fill(1, H, 2 * H); // forget-gate bias 1
  const bx = tf.variable(tf.tensor1d(bInit));
  const bh = cell === 'gru' ? tf.variable(tf.zeros([G * H])) : null; // GRU: separate recurrent bias (reset-after form)
  const Wy = u([H, V], H, V);
  const by = tf.variable(tf.zeros([V]));
  const vars = [Wx, Wh, bx, Wy, by, ...(bh ? [bh] : [])];
  const opt = tf.train.adam(lr);
  // matMul whose gradient uses explicit transposes + plain matMuls: the wasm backend's transposed
  // BatchMatMul (what tf.matMul's own gradient emits) runs ~10–30× slower than the plain one.
  const mmT = tf.customGrad((a, b, save) => {
    save([a, b]);
    return {
      value: tf.matMul(a, b),
      gradFunc: (dy, [sa, sb]) => [tf.matMul(dy, tf.transpose(sb)), tf.matMul(tf.transpose(sa), dy)],
    };
  });
  const mm = explicitT ? mmT : (a, b) => tf.matMul(a, b);

  const forward = (x, y) => {
    // hoisted input projection for all steps: [T*B, V] x [V, G*H]
    const xw = tf.add(mm(x, Wx), bx).reshape([T, B, G * H]);
    const xws = tf.unstack(xw, 0);
    let h = tf.zeros([B, H]);
    let c = tf.zeros([B, H]);
    const hs = [];
    for (let t = 0; t < T; t++) {
      if (cell === 'lstm' && fuse) {
        // gate order [i, f, o | g]: one sigmoid over 3H columns, one tanh over H
        const z = tf.add(xws[t], mm(h, Wh));
        const s = tf.sigmoid(tf.slice(z, [0, 0], [B, 3 * H]));
        const g = tf.tanh(tf.slice(z, [0, 3 * H], [B, H]));
        const [si, sf, so] = tf.split(s, 3, 1);
        c = tf.add(tf.mul(sf, c), tf.mul(si, g));
        h = tf.mul(so, tf.tanh(c));
      } else if (cell === 'lstm') {
        const z = tf.add(xws[t], mm(h, Wh));
        const [zi, zf, zg, zo] = tf.split(z, 4, 1);
        c = tf.add(tf.mul(tf.sigmoid(zf), c), tf.mul(tf.sigmoid(zi), tf.tanh(zg)));
        h = tf.mul(tf.sigmoid(zo), tf.tanh(c));
      } else if (cell === 'gru') {
        const hw = tf.add(mm(h, Wh), bh);
        const [xr, xz, xn] = tf.split(xws[t], 3, 1);
        const [hr, hz, hn] = tf.split(hw, 3, 1);
        const rg = tf.sigmoid(tf.add(xr, hr));
        const zg = tf.sigmoid(tf.add(xz, hz));
        const n = tf.tanh(tf.add(xn, tf.mul(rg, hn)));
        h = tf.add(n, tf.mul(zg, tf.sub(h, n))); // (1-z)*n + z*h
      } else {
        h = tf.tanh(tf.add(xws[t], mm(h, Wh)));
      }
      hs.push(h);
    }
    const logits = tf.add(mm(tf.concat(hs, 0), Wy), by); // [T*B, V], time-major like y
    return tf.losses.softmaxCrossEntropy(y, logits);
  };
  let i = 0;
  step = () => {
    const k = i++ % POOL;
    const loss = opt.minimize(() => forward(xs[k], ys[k]), true, vars);
    const v = loss.dataSync()[0];
    loss.dispose();
    return v;
  };
}

const res = await timeLoop(step, { seconds, tokensPerStep: B * T });
process.stdout.write(JSON.stringify({
  engine: `tfjs-${backend}`, mode, explicitTranspose: mode === 'manual' && explicitT, cell, hidden: H, batch: B, seq: T, vocab: V,
  version: tf.version.tfjs, backend: tf.getBackend(), numTensors: tf.memory().numTensors, ...res,
}) + '\n');
