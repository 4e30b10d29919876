#!/usr/bin/env node
// RNN Lab vs. peers: training throughput (tokens/s) on the char-LM grid.
//
//   node bench/compare.mjs [--quick] [--only lstm[,gru,rnn,transformer,ptb,sweep]] [--hidden 64,128,256] [--batch 1,32]
//                          [--seconds 3] [--repeats 3] [--engines rnnlab,tfjs-cpu,tfjs-wasm,brainjs,pytorch]
//                          [--tfjs-modes manual[,layers]] [--skip-setup] [--no-apt] [--build] [--nice N]
//                          [--no-malloc-tuning] [--cli out/cli.js] [--out bench/results/NAME] [--seqs 16,32,…]
//
// Workload: char-level LM, V = 65 one-hot inputs, T = 50, one recurrent layer, softmax cross-entropy at
// every step, Adam (brain.js: its own RMSprop rule). Metric: B·T·steps / seconds after a warm-up, each
// engine in its own child process, engines alternated within each repeat, median over repeats.
// Engines with several configurations (RNN Lab and PyTorch: 1 thread or one per core; TF.js modes) report the best median.
//
// Workloads where large matrix products dominate (RNN Lab and PyTorch only; not in the default grid, select them):
//   --only transformer  char-LM Transformer: H = 128, 2 layers, 4 heads, ffn 512, T = 64, B = 1 and 32 (--batch)
//                       (PyTorch: nn.TransformerEncoder, pre-LN, GELU, dropout 0, final LayerNorm, causal mask,
//                       token embedding + learned positions + linear head: RNN Lab's model, docs/model.md)
//   --only ptb          PTB-small word LM: V = 10,000, embedding 200, 2-layer LSTM-200, T = 20, B = 20
//                       (RNN Lab: a word-lm spec on a generated text of 12,000 distinct words, vocabSize 10000)
//   --only sweep        T = 16 … 512 (--seqs) at B = 32: LSTM-128 (2 layers, one-hot inputs) against
//                       Transformer-128 (2 layers, 4 heads, ffn 512)
//
// Setup installs the peers: `npm ci` in bench/ (brain.js is an optionalDependency: if it fails to install it
// is reported 'not installed'), and, when python3-torch is missing, `apt-get update && apt-get install -y
// python3-torch libopenblas0-openmp` (as root). Results go to <out>.json and <out>.md.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const BENCH = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.dirname(BENCH);
const PY = '/usr/bin/python3';
const OPENBLAS_DIR = '/usr/lib/x86_64-linux-gnu/openblas-openmp';
const V = 65;
const T = 50;
// tiny-shakespeare's alphabet: 65 distinct characters
const ALPHABET = "\n !$&',-.3:;?ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

// ---------------------------------------------------------------- options
function parseArgs(argv) {
  const o = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (!a.startsWith('--')) throw new Error(`unexpected argument ${a}`);
    const eq = a.indexOf('=');
    if (eq > 0) {
      o[a.slice(2, eq)] = a.slice(eq + 1);
      continue;
    }
    const k = a.slice(2);
    const next = argv[i + 1];
    if (next === undefined || next.startsWith('--')) o[k] = true;
    else {
      o[k] = next;
      i++;
    }
  }
  return o;
}
const args = parseArgs(process.argv.slice(2));
if (args.help || args.h) {
  const src = fs.readFileSync(fileURLToPath(import.meta.url), 'utf8').split('\n');
  console.log(
    src
      .slice(
        1,
        src.findIndex((l) => l.startsWith('import')),
      )
      .map((l) => l.replace(/^\/\/ ?/, ''))
      .join('\n'),
  );
  process.exit(0);
}
const list = (v, d) =>
  v === undefined || v === true
    ? d
    : String(v)
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean);
const quick = !!args.quick;
const cells = list(args.only ?? args.cells, ['lstm', 'gru', 'rnn']);
const seqs = list(args.seqs, ['16', '32', '64', '128', '256', '512']).map(Number);
const hiddens = list(args.hidden, quick ? ['64'] : ['64', '128', '256']).map(Number);
const batches = list(args.batch, ['1', '32']).map(Number);
const seconds = Number(args.seconds ?? (quick ? 1 : 3));
const repeats = Number(args.repeats ?? (quick ? 1 : 3));
const engineFilter = list(args.engines, null);
const tfjsModes = list(args['tfjs-modes'], ['manual']);
const niceLevel = args.nice !== undefined ? Number(args.nice) : 0;
const stamp = new Date().toISOString().replace(/[-:]/g, '').replace(/\..*/, '').replace('T', '-');
const outBase = path.resolve(args.out ?? path.join(BENCH, 'results', `compare-${quick ? 'quick-' : ''}${stamp}`));

// glibc malloc: keep big freed blocks in the heap instead of mmap/munmap-ing them each time. On this VM a page
// fault costs microseconds, and engines that allocate a fresh multi-MB buffer per op (PyTorch's autograd
// gradient accumulation, TF.js tensors) spend most of their time faulting pages in (PyTorch LSTM-256 B1: 6×).
// Applied to every engine alike; --no-malloc-tuning turns it off.
const MALLOC_ENV = args['no-malloc-tuning']
  ? {}
  : {
      MALLOC_MMAP_THRESHOLD_: String(32 * 2 ** 20),
      MALLOC_TRIM_THRESHOLD_: String(2 ** 30),
      MALLOC_TOP_PAD_: String(256 * 2 ** 20),
    };
const childEnv = (extra = {}) => ({ ...process.env, ...MALLOC_ENV, ...extra });
const log = (...a) => process.stderr.write(a.join(' ') + '\n');
const sh = (cmd, a, opts = {}) => spawnSync(cmd, a, { encoding: 'utf8', ...opts });

// ---------------------------------------------------------------- setup
const setup = { steps: [] };
function timed(name, fn) {
  const t0 = Date.now();
  let ok = false;
  let note;
  try {
    const r = fn();
    ok = r.ok;
    note = r.note;
  } catch (e) {
    note = String(e.message ?? e);
  }
  const s = { name, ok, seconds: (Date.now() - t0) / 1000, ...(note ? { note } : {}) };
  setup.steps.push(s);
  log(`[setup] ${name}: ${ok ? 'ok' : 'FAILED'} (${s.seconds.toFixed(1)} s)${note ? ' — ' + note : ''}`);
  return ok;
}
const tail = (s, n = 400) => (s ?? '').trim().split('\n').slice(-6).join(' | ').slice(-n);

function npmInstall() {
  const lock = path.join(BENCH, 'package-lock.json');
  const installed = path.join(BENCH, 'node_modules', '.package-lock.json');
  if (fs.existsSync(installed) && fs.statSync(installed).mtimeMs >= fs.statSync(lock).mtimeMs && !args.reinstall) {
    return { ok: true, note: 'bench/node_modules up to date (use --reinstall to force npm ci)' };
  }
  const r = sh('npm', ['ci', '--prefix', BENCH, '--no-audit', '--no-fund'], { stdio: ['ignore', 'pipe', 'pipe'] });
  return { ok: r.status === 0, note: r.status === 0 ? undefined : tail(r.stderr) };
}

function torchEnv(threads) {
  const ld = [OPENBLAS_DIR, process.env.LD_LIBRARY_PATH].filter(Boolean).join(':');
  return childEnv({ LD_LIBRARY_PATH: ld, OMP_NUM_THREADS: String(threads) });
}
function torchVersion() {
  if (!fs.existsSync(PY)) return null;
  const r = sh(PY, ['-c', 'import torch; print(torch.__version__)'], { env: torchEnv(1) });
  return r.status === 0 ? r.stdout.trim() : null;
}
function aptInstall() {
  if (torchVersion()) return { ok: true, note: 'python3-torch already installed' };
  if (args['no-apt']) return { ok: false, note: '--no-apt and python3-torch missing' };
  if (process.getuid && process.getuid() !== 0) return { ok: false, note: 'not root: run apt-get install -y python3-torch libopenblas0-openmp' };
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  let r = sh('apt-get', ['update', '-q'], { env });
  if (r.status !== 0) return { ok: false, note: 'apt-get update: ' + tail(r.stderr) };
  r = sh('apt-get', ['install', '-y', '-q', 'python3-torch', 'libopenblas0-openmp'], { env });
  if (r.status !== 0) return { ok: false, note: 'apt-get install: ' + tail(r.stderr) };
  return { ok: !!torchVersion() };
}

function buildRnnLab() {
  const r = sh('npm', ['run', 'build'], { cwd: ROOT });
  return { ok: r.status === 0, note: r.status === 0 ? undefined : tail(r.stderr || r.stdout) };
}

if (!args['skip-setup']) {
  timed('npm ci (bench/)', npmInstall);
  timed('apt python3-torch + openblas-openmp', aptInstall);
}
if (args.build) timed('npm run build (RNN Lab)', buildRnnLab);

function resolveIn(dir, spec) {
  try {
    return JSON.parse(fs.readFileSync(path.join(dir, 'node_modules', spec, 'package.json'), 'utf8')).version;
  } catch {
    return null;
  }
}
const versions = {
  node: process.version,
  tfjs: resolveIn(BENCH, '@tensorflow/tfjs'),
  tfjsWasm: resolveIn(BENCH, '@tensorflow/tfjs-backend-wasm'),
  brainjs: resolveIn(BENCH, 'brain.js'),
  torch: torchVersion(),
  python: fs.existsSync(PY) ? sh(PY, ['--version']).stdout.trim() : null,
  openblas: sh('dpkg-query', ['-W', '-f=${Version}', 'libopenblas0-openmp']).stdout || null,
  rnnlab: (() => {
    try {
      return JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).version;
    } catch {
      return null;
    }
  })(),
  rnnlabCommit: sh('git', ['-C', ROOT, 'rev-parse', '--short', 'HEAD']).stdout.trim() || null,
};
const cliPath = path.resolve(args.cli ?? path.join(ROOT, 'out', 'cli.js'));
const availability = {
  rnnlab: fs.existsSync(cliPath) ? 'available' : 'not available (out/cli.js missing: npm run build, or pass --build)',
  'tfjs-cpu': versions.tfjs ? 'available' : 'not installed',
  'tfjs-wasm': versions.tfjsWasm ? 'available' : 'not installed',
  brainjs: versions.brainjs ? 'available' : 'not installed',
  pytorch: versions.torch ? 'available' : 'not installed',
};

// ---------------------------------------------------------------- machine
function machine() {
  const cpuinfo = fs.existsSync('/proc/cpuinfo') ? fs.readFileSync('/proc/cpuinfo', 'utf8') : '';
  const field = (k) => (cpuinfo.match(new RegExp(`^${k}\\s*:\\s*(.*)$`, 'm')) ?? [])[1];
  const flags = (field('flags') ?? '').split(' ');
  return {
    cpuModel: field('model name') ?? os.cpus()[0]?.model,
    cpuFamily: field('cpu family'),
    cpuModelNumber: field('model'),
    simd: ['avx2', 'fma', 'avx512f'].filter((f) => flags.includes(f)),
    cores: os.cpus().length,
    memGiB: +(os.totalmem() / 2 ** 30).toFixed(1),
    os: `${os.type()} ${os.release()}`,
    hostname: os.hostname(),
    env: Object.fromEntries(Object.entries(process.env).filter(([k]) => /^(OPENBLAS_|OMP_|MKL_)/.test(k))),
  };
}

// ---------------------------------------------------------------- data + specs
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'rnn-lab-bench-'));
function makeText(file, chars = 400_000) {
  // pseudo-English: words from the letters, punctuation, newlines; every one of the 65 characters occurs
  let a = 12345;
  const rnd = () => {
    a = (Math.imul(a, 1103515245) + 12345) >>> 0;
    return a / 2 ** 32;
  };
  const lower = 'abcdefghijklmnopqrstuvwxyz';
  const other = ALPHABET.replace(/[a-z \n]/g, '');
  let s = ALPHABET; // every character at least once
  while (s.length < chars) {
    const r = rnd();
    if (r < 0.8) {
      const n = 1 + Math.floor(rnd() * 8);
      for (let i = 0; i < n; i++) s += lower[Math.floor(rnd() * 26)];
      s += ' ';
    } else if (r < 0.95) s += other[Math.floor(rnd() * other.length)] + ' ';
    else s += '\n';
  }
  fs.writeFileSync(file, s);
  const distinct = new Set(s).size;
  if (distinct !== V) throw new Error(`text has ${distinct} distinct characters, want ${V}`);
}
const textFile = path.join(tmp, 'text.txt');
makeText(textFile);
// The word LM's text: 12,000 distinct pseudo-words (each at least once), then 600,000 drawn from a Zipf law
// (s = 1), so that the 9,999 most frequent of the training part fill vocabSize 10,000 with <unk>.
const WORDS = 12_000;
function makeWords(file, tokens = 600_000) {
  let a = 4242;
  const rnd = () => {
    a = (Math.imul(a, 1103515245) + 12345) >>> 0;
    return a / 2 ** 32;
  };
  const lower = 'abcdefghijklmnopqrstuvwxyz';
  const words = new Set();
  while (words.size < WORDS) {
    let w = '';
    const n = 2 + Math.floor(rnd() * 7);
    for (let i = 0; i < n; i++) w += lower[Math.floor(rnd() * 26)];
    words.add(w);
  }
  const vocab = [...words];
  const cdf = new Float64Array(WORDS);
  let acc = 0;
  for (let r = 0; r < WORDS; r++) {
    acc += 1 / (r + 1);
    cdf[r] = acc;
  }
  const out = [];
  for (let i = 0; i < WORDS; i++) out.push(vocab[(i * 7919) % WORDS]); // every word once, spread out
  for (let i = 0; i < tokens; i++) {
    const u = rnd() * acc;
    let lo = 0,
      hi = WORDS - 1;
    while (lo < hi) {
      const m = (lo + hi) >> 1;
      if (cdf[m] < u) lo = m + 1;
      else hi = m;
    }
    out.push(vocab[lo]);
  }
  const lines = [];
  for (let i = 0; i < out.length; i += 12) lines.push(out.slice(i, i + 12).join(' '));
  fs.writeFileSync(file, lines.join('\n') + '\n');
}
const wordsFile = path.join(tmp, 'words.txt');
if (cells.includes('ptb')) makeWords(wordsFile);
const configName = (cfg) => `${cfg.cell}-h${cfg.hidden}-l${cfg.layers}-b${cfg.batch}-t${cfg.seq}${cfg.workload === 'ptb' ? '-ptb' : ''}`;
function specFor(cfg) {
  const name = `bench-${configName(cfg)}`;
  const file = path.join(tmp, `${name}.rnn.json`);
  if (!fs.existsSync(file)) {
    const model =
      cfg.cell === 'transformer'
        ? { cell: 'transformer', hiddenSize: cfg.hidden, layers: cfg.layers, heads: cfg.heads, ffn: cfg.ffn }
        : { cell: cfg.cell, hiddenSize: cfg.hidden, layers: cfg.layers, ...(cfg.embed ? { embedding: cfg.embed } : {}) };
    const task = cfg.workload === 'ptb' ? { kind: 'word-lm', file: wordsFile, vocabSize: cfg.vocab, validation: 0.05 } : { kind: 'char-lm', file: textFile };
    fs.writeFileSync(
      file,
      JSON.stringify(
        {
          name,
          task,
          model,
          training: { optimizer: 'adam', learningRate: 0.002, batchSize: cfg.batch, steps: 100000, bptt: cfg.seq, seed: 1 },
        },
        null,
        2,
      ),
    );
  }
  return file;
}

// ---------------------------------------------------------------- engines
// Each engine: peer (column), variant (a configuration of that peer), command for a config.
const common = (cfg) => [
  '--cell',
  cfg.cell,
  '--hidden',
  String(cfg.hidden),
  '--batch',
  String(cfg.batch),
  '--seq',
  String(cfg.seq),
  '--vocab',
  String(cfg.vocab),
  '--seconds',
  String(seconds),
  ...(cfg.layers !== 1 ? ['--layers', String(cfg.layers)] : []),
  ...(cfg.embed ? ['--embed', String(cfg.embed)] : []),
  ...(cfg.cell === 'transformer' ? ['--heads', String(cfg.heads), '--ffn', String(cfg.ffn)] : []),
];
const engines = [
  // RNN Lab's default is one kernel thread per core (at most 4); its 1-thread run is the other variant
  ...[1, os.availableParallelism()]
    .filter((th, i, a) => a.indexOf(th) === i)
    .map((th) => ({
      peer: 'rnnlab',
      variant: `rnnlab-${th}t`,
      label: 'RNN Lab',
      cmd: (cfg) => [
        process.execPath,
        [cliPath, 'bench', specFor(cfg), '--json', '--seconds', String(seconds), '--threads', String(Math.min(th, 4))],
        { cwd: ROOT },
      ],
    })),
  ...tfjsModes.flatMap((mode) =>
    ['cpu', 'wasm'].map((be) => ({
      peer: `tfjs-${be}`,
      variant: `tfjs-${be}${tfjsModes.length > 1 ? '-' + mode : ''}`,
      label: `TF.js ${be}`,
      charGridOnly: true,
      cmd: (cfg) => [process.execPath, [path.join(BENCH, 'peers', 'tfjs.mjs'), '--backend', be, '--mode', mode, ...common(cfg)], {}],
    })),
  ),
  {
    peer: 'brainjs',
    variant: 'brainjs',
    label: 'brain.js',
    batches: [1],
    charGridOnly: true,
    cmd: (cfg) => [process.execPath, [path.join(BENCH, 'peers', 'brainjs.mjs'), ...common(cfg)], {}],
  },
  ...[1, 2].map((th) => ({
    peer: 'pytorch',
    variant: `pytorch-${th}t`,
    label: 'PyTorch',
    cmd: (cfg) => [PY, [path.join(BENCH, 'peers', 'torch_peer.py'), '--threads', String(th), ...common(cfg)], { env: torchEnv(th) }],
  })),
].filter((e) => !engineFilter || engineFilter.includes(e.peer) || engineFilter.includes(e.variant));
const peers = [...new Map(engines.map((e) => [e.peer, e.label])).entries()].map(([id, label]) => ({ id, label }));

function runChild(cmd, a, opts, timeoutMs) {
  return new Promise((resolve) => {
    const [c, ca] = niceLevel ? ['nice', ['-n', String(niceLevel), cmd, ...a]] : [cmd, a];
    const child = spawn(c, ca, { stdio: ['ignore', 'pipe', 'pipe'], env: childEnv(), ...opts });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => {
      out += d;
    });
    child.stderr.on('data', (d) => {
      err += d;
    });
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      err += `\n[timeout after ${timeoutMs / 1000} s]`;
    }, timeoutMs);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, out, err });
    });
    child.on('error', (e) => {
      clearTimeout(timer);
      resolve({ code: -1, out, err: String(e) });
    });
  });
}
function lastJson(text) {
  const lines = text.trim().split('\n');
  // the last line that starts an object which parses through the end (one-line or pretty-printed JSON)
  for (let i = lines.length - 1; i >= 0; i--) {
    if (!lines[i].trimStart().startsWith('{')) continue;
    try {
      return JSON.parse(lines.slice(i).join('\n'));
    } catch {
      /* keep looking */
    }
    try {
      return JSON.parse(lines[i]);
    } catch {
      /* keep looking */
    }
  }
  return null;
}
const loadavg = () => os.loadavg().map((x) => +x.toFixed(2));
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

async function runEngine(e, cfg) {
  const [cmd, a, opts] = e.cmd(cfg);
  const t0 = Date.now();
  const la = loadavg()[0];
  const r = await runChild(cmd, a, opts, (120 + 20 * seconds) * 1000);
  const wall = (Date.now() - t0) / 1000;
  const j = r.code === 0 ? lastJson(r.out) : null;
  if (!j || typeof j.tokensPerSec !== 'number') {
    const why = (r.err || r.out || '')
      .trim()
      .split('\n')
      .filter((l) => l && !/^=+$|^Hi,? |tfjs-node/.test(l))
      .slice(-3)
      .join(' | ');
    return { ok: false, error: `exit ${r.code}${r.signal ? ' ' + r.signal : ''}: ${why.slice(0, 300)}`, wall, load1: la };
  }
  return { ok: true, tokensPerSec: j.tokensPerSec, msPerStep: j.msPerStep, wall, load1: la, raw: j };
}

// ---------------------------------------------------------------- main loop
const configs = [];
const tf128 = { cell: 'transformer', hidden: 128, layers: 2, heads: 4, ffn: 512, vocab: V };
for (const cell of cells) {
  if (cell === 'transformer') for (const batch of batches) configs.push({ workload: 'transformer', ...tf128, batch, seq: 64 });
  else if (cell === 'ptb') configs.push({ workload: 'ptb', cell: 'lstm', hidden: 200, layers: 2, embed: 200, vocab: 10_000, batch: 20, seq: 20 });
  else if (cell === 'sweep') {
    for (const seq of seqs) {
      configs.push({ workload: 'sweep', cell: 'lstm', hidden: 128, layers: 2, vocab: V, batch: 32, seq });
      configs.push({ workload: 'sweep', ...tf128, batch: 32, seq });
    }
  } else for (const hidden of hiddens) for (const batch of batches) configs.push({ workload: 'char', cell, hidden, layers: 1, vocab: V, batch, seq: T });
}
const rowLabel = (r) =>
  r.workload === 'ptb'
    ? 'ptb-small lstm ×2, E 200, V 10k'
    : r.cell === 'transformer'
      ? `transformer ×${r.layers}, ${r.heads} heads, ffn ${r.ffn}`
      : r.layers > 1
        ? `${r.cell} ×${r.layers}`
        : r.cell;

const results = {
  kind: 'rnn-lab-compare',
  date: new Date().toISOString(),
  machine: machine(),
  versions,
  setup,
  availability,
  options: {
    quick,
    cells,
    hiddens,
    batches,
    seconds,
    repeats,
    tfjsModes,
    nice: niceLevel,
    mallocEnv: MALLOC_ENV,
    V,
    T,
    optimizer: 'adam, lr 0.002',
    metric: 'training tokens/s = B·T·steps/s after warm-up; median over repeats',
  },
  loadavgStart: loadavg(),
  matmul: [],
  rows: [],
};

function save() {
  fs.mkdirSync(path.dirname(outBase), { recursive: true });
  fs.writeFileSync(outBase + '.json', JSON.stringify(results, null, 2) + '\n');
  fs.writeFileSync(outBase + '.md', markdown());
}

const fmt = (x) => (x == null ? '—' : x >= 1e4 ? `${(x / 1e3).toFixed(0)}k` : x >= 1e3 ? `${(x / 1e3).toFixed(1)}k` : x.toFixed(0));
const fmtRatio = (x) => (x == null ? '—' : x >= 10 ? `${x.toFixed(0)}×` : x >= 1 ? `${x.toFixed(1)}×` : `${x.toFixed(2)}×`);
const ratioPeers = () => peers.filter((p) => p.id !== 'rnnlab');
function cellText(row, p) {
  const v = row.peers[p.id];
  if (!v) return '—';
  if (v.tokensPerSec == null) return v.status === 'n/a' ? 'n/a' : (v.status ?? 'fail');
  return fmt(v.tokensPerSec);
}
function markdown() {
  const m = results.machine;
  const lines = [];
  lines.push(`# RNN Lab vs. peers — training throughput (tokens/s)`, '');
  lines.push(`- Date: ${results.date}`);
  lines.push(`- Machine: ${m.cpuModel} (family ${m.cpuFamily}, model ${m.cpuModelNumber}; ${m.simd.join(', ')}), ${m.cores} cores, ${m.memGiB} GiB; ${m.os}`);
  lines.push(
    `- Load average (1/5/15 min) at start ${results.loadavgStart.join(' / ')}${results.loadavgEnd ? `, at end ${results.loadavgEnd.join(' / ')}` : ''}`,
  );
  const v = results.versions;
  lines.push(
    `- Versions: Node ${v.node}; RNN Lab ${v.rnnlab ?? '?'} (${v.rnnlabCommit ?? '?'}); TF.js ${v.tfjs ?? 'not installed'} (wasm ${v.tfjsWasm ?? 'not installed'}); brain.js ${v.brainjs ?? 'not installed'}; PyTorch ${v.torch ?? 'not installed'} (${v.python ?? ''}, Debian OpenBLAS-OpenMP ${v.openblas ?? '?'})`,
  );
  const kinds = new Set(results.rows.map((r) => r.workload));
  if (kinds.has('char'))
    lines.push(
      `- Workload (char grid): char-level LM, V = ${V} one-hot inputs, T = ${T}, one layer, softmax cross-entropy at every step, Adam (lr 0.002; brain.js uses its own RMSprop rule).`,
    );
  if (kinds.has('transformer') || kinds.has('sweep'))
    lines.push(
      `- Transformer rows: char-level LM, V = ${V}, token embedding + learned positions, pre-LN encoder (GELU, dropout 0) with a causal mask, final LayerNorm, linear head, cross-entropy at every position, Adam (lr 0.002); PyTorch runs nn.TransformerEncoder with the same settings. LSTM rows of the sweep: one-hot inputs, as the char grid.`,
    );
  if (kinds.has('ptb'))
    lines.push(
      `- PTB-small row: word LM, V = 10,000 (RNN Lab: word-lm task on a generated text of ${WORDS} distinct Zipf-distributed words, vocabSize 10000), embedding 200, 2-layer LSTM-200, T = 20, B = 20, linear head over the vocabulary, Adam (lr 0.002). PyTorch: nn.Embedding + nn.LSTM + nn.Linear on random ids.`,
    );
  lines.push(`- Metric: B·T·steps/s after warm-up, ${seconds} s timed per run, median of ${repeats} run(s), engines alternated in separate processes.`);
  lines.push(
    `- Every engine ran with ${
      Object.keys(results.options.mallocEnv).length
        ? Object.entries(results.options.mallocEnv)
            .map(([k, v]) => `${k}=${v}`)
            .join(' ')
        : 'glibc malloc defaults'
    } (page faults are expensive on this VM).`,
  );
  lines.push(
    `- Best configuration of each: RNN Lab = better of 1 thread and its default (one kernel thread per core); PyTorch = better of 1 and 2 threads; TF.js = ${tfjsModes.join(' / ')} mode (hand-written loop with tf.variableGrads via optimizer.minimize, hoisted input projection; on wasm the matMul gradients use explicit transposes; wasm is single-threaded SIMD in Node); brain.js = batch 1 only.`,
  );
  const notAvail = Object.entries(results.availability).filter(([, s]) => s !== 'available');
  if (notAvail.length) lines.push(`- Not available: ${notAvail.map(([k, s]) => `${k}: ${s}`).join('; ')}`);
  lines.push('');
  const rp = ratioPeers();
  const hdr = ['model', 'H', 'B', 'T', ...peers.map((p) => p.label), ...(peers.some((p) => p.id === 'rnnlab') ? rp.map((p) => `RNN Lab / ${p.label}`) : [])];
  lines.push(`| ${hdr.join(' | ')} |`, `| ${hdr.map((_, i) => (i < 4 ? '---' : '---:')).join(' | ')} |`);
  for (const row of results.rows) {
    const c = [rowLabel(row), row.hidden, row.batch, row.seq, ...peers.map((p) => cellText(row, p))];
    if (peers.some((p) => p.id === 'rnnlab')) c.push(...rp.map((p) => fmtRatio(row.ratios?.[p.id])));
    lines.push(`| ${c.join(' | ')} |`);
  }
  if (results.matmul.length) {
    lines.push(
      '',
      `fp32 matmul peak (PyTorch torch.mm, square n×n, GFLOP/s): ` +
        results.matmul
          .map((r) =>
            r.ok
              ? `${r.threads} thread${r.threads > 1 ? 's' : ''}: ${r.peakGflops.toFixed(0)} (${Object.entries(r.gflops)
                  .map(([n, g]) => `n=${n} ${g.toFixed(0)}`)
                  .join(', ')})`
              : `${r.threads} threads: failed`,
          )
          .join('; '),
    );
  }
  const variants = results.rows.flatMap((row) =>
    Object.entries(row.variants)
      .filter(([, v]) => v.runs.length > 1 || v.errors?.length)
      .map(([k, v]) => ({ row, k, v })),
  );
  if (variants.length) {
    lines.push('', '<details><summary>All runs (tokens/s per repeat; load1 = 1-min load average at start of the run)</summary>', '');
    lines.push('| model | H | B | T | engine | runs | load1 | errors |', '| --- | --- | --- | --- | --- | --- | --- | --- |');
    for (const { row, k, v } of variants) {
      lines.push(
        `| ${rowLabel(row)} | ${row.hidden} | ${row.batch} | ${row.seq} | ${k} | ${v.runs.map(fmt).join(', ')} | ${v.load1.join(', ')} | ${(v.errors ?? []).join('; ').replace(/\|/g, '/').slice(0, 200)} |`,
      );
    }
    lines.push('', '</details>');
  }
  return lines.join('\n') + '\n';
}

function printRow(row) {
  const parts = peers.map((p) => `${p.label} ${cellText(row, p)}`);
  const ratios = row.peers.rnnlab?.tokensPerSec
    ? '  ratios ' +
      ratioPeers()
        .map((p) => `/${p.id} ${fmtRatio(row.ratios[p.id])}`)
        .join(' ')
    : '';
  log(`${rowLabel(row)} H${row.hidden} B${row.batch} T${row.seq}: ${parts.join(' | ')}${ratios}`);
}

log(`[bench] ${configs.length} configs × ${repeats} repeats, ${seconds} s each; engines: ${engines.map((e) => e.variant).join(', ')}`);
log(`[bench] temp dir ${tmp}; results → ${outBase}.{json,md}`);
const t0All = Date.now();

// matmul peak for context
if (availability.pytorch === 'available' && engines.some((e) => e.peer === 'pytorch')) {
  for (const th of [1, 2]) {
    const r = await runChild(
      PY,
      [path.join(BENCH, 'peers', 'torch_peer.py'), '--matmul', '--threads', String(th), '--seconds', String(quick ? 1 : 2)],
      { env: torchEnv(th) },
      120_000,
    );
    const j = r.code === 0 ? lastJson(r.out) : null;
    results.matmul.push(
      j ? { ok: true, threads: th, peakGflops: j.peakGflops, gflops: j.gflops, load1: loadavg()[0] } : { ok: false, threads: th, error: tail(r.err) },
    );
    log(`[matmul] ${th} thread(s): ${j ? j.peakGflops.toFixed(0) + ' GFLOP/s' : 'failed'}`);
  }
}

for (const cfg of configs) {
  const active = engines.filter(
    (e) => availability[e.peer] === 'available' && (!e.batches || e.batches.includes(cfg.batch)) && (!e.charGridOnly || cfg.workload === 'char'),
  );
  const variants = Object.fromEntries(active.map((e) => [e.variant, { peer: e.peer, runs: [], load1: [], msPerStep: [], errors: [], raw: [] }]));
  const failed = new Set();
  for (let rep = 0; rep < repeats; rep++) {
    const order = active.map((_, i) => active[(i + rep) % active.length]); // rotate the order each repeat
    for (const e of order) {
      if (failed.has(e.variant)) continue;
      const r = await runEngine(e, cfg);
      const slot = variants[e.variant];
      if (r.ok) {
        slot.runs.push(r.tokensPerSec);
        slot.msPerStep.push(r.msPerStep);
        slot.load1.push(r.load1);
        const { tokensPerSec, msPerStep, ...rest } = r.raw; // keep the engine's extra fields (split, steps, loss, …)
        slot.raw.push(rest);
      } else {
        slot.errors.push(r.error);
        failed.add(e.variant);
        log(`  ${e.variant} ${configName(cfg)}: ${r.error}`);
      }
    }
  }
  const row = { ...cfg, peers: {}, variants, ratios: {} };
  for (const v of Object.values(variants))
    if (v.runs.length) {
      v.median = median(v.runs);
      v.best = Math.max(...v.runs);
      v.msPerStepMedian = median(v.msPerStep);
    }
  for (const p of peers) {
    const vs = Object.entries(variants).filter(([, v]) => v.peer === p.id);
    const eng = engines.find((e) => e.peer === p.id);
    if (!vs.length) {
      row.peers[p.id] = {
        tokensPerSec: null,
        status:
          availability[p.id] !== 'available'
            ? 'not available'
            : (eng?.batches && !eng.batches.includes(cfg.batch)) || (eng?.charGridOnly && cfg.workload !== 'char')
              ? 'n/a'
              : 'skipped',
      };
      continue;
    }
    const best = vs.filter(([, v]) => v.median != null).sort((a, b) => b[1].median - a[1].median)[0];
    row.peers[p.id] = best
      ? { tokensPerSec: best[1].median, bestRun: best[1].best, msPerStep: best[1].msPerStepMedian, variant: best[0] }
      : { tokensPerSec: null, status: p.id === 'rnnlab' ? 'not available' : 'failed', error: vs.map(([, v]) => v.errors[0]).find(Boolean) };
  }
  const mine = row.peers.rnnlab?.tokensPerSec;
  for (const p of ratioPeers()) {
    const o = row.peers[p.id]?.tokensPerSec;
    row.ratios[p.id] = mine && o ? mine / o : null;
  }
  results.rows.push(row);
  printRow(row);
  save();
}

results.loadavgEnd = loadavg();
results.wallSeconds = (Date.now() - t0All) / 1000;
save();
fs.rmSync(tmp, { recursive: true, force: true });

// final table on stdout
process.stdout.write('\n' + markdown());
log(`\n[bench] done in ${(results.wallSeconds / 60).toFixed(1)} min → ${outBase}.json, ${outBase}.md`);
