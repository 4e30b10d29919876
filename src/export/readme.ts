// The exported project's README.md: what is in the folder and the exact commands.
import path from 'node:path';
import type { Spec } from '../spec/types';
import type { Task } from '../tasks/task';

export interface ReadmeInput {
  spec: Spec;
  task: Task;
  specPath: string;
  outDir: string;
  dataFile?: string;
  copiedData: boolean;
  weights?: string;
}

export function exportReadme(r: ReadmeInput): string {
  const { spec, task } = r;
  const m = spec.model;
  const t = spec.training;
  const model =
    m.cell === 'transformer'
      ? `a causal Transformer (H = ${m.hiddenSize}, ${m.layers} layer${m.layers === 1 ? '' : 's'}, ${m.heads} heads)`
      : `${m.cell} (H = ${m.hiddenSize}, ${m.layers} layer${m.layers === 1 ? '' : 's'}${m.residual !== 'none' ? `, residual ${m.residual}` : ''})`;
  const out = r.outDir;
  const data = r.dataFile
    ? r.copiedData
      ? `The data file was copied to \`${r.dataFile}\`.`
      : `The data file is read where it is: \`${r.dataFile}\` (relative paths are relative to this folder). Export with \`--copy-data\` to copy it in.`
    : 'The task generates its data; no data file is needed.';
  const weights = r.weights
    ? `\`weights.safetensors\` holds the weights of the run it was exported from (${r.weights}); \`train.py\` starts from it unless you pass \`--from\`.\n`
    : '';
  return `# ${spec.name}: RNN Lab export for PyTorch

Exported by RNN Lab from \`${r.specPath}\`: ${model} on a \`${task.kind}\` task, trained with
${t.optimizer} (learning rate ${t.learningRate}), batch ${t.batchSize}, ${t.steps} steps.

| file | what |
| --- | --- |
| \`model.py\` | \`build_model(spec, vocab_size=None, input_size=None, output_size=None)\`: the model as an \`nn.Module\`; \`forward(x)\` takes token ids [B, T] or reals [B, T, I] and returns the head's outputs at every step [B, T, O]. Its \`state_dict()\` names are RNN Lab's, so \`weights.safetensors\` loads as is (\`load_weights\`). |
| \`data.py\` | the task with RNN Lab's semantics: vocabulary, validation split, windows, carried state, padding, masks, and the same random batches for the same seed |
| \`train.py\` | the training loop: the spec's optimizer, learning rate, clipping, steps, truncated BPTT, evaluation cadence and seed; records the run where RNN Lab lists it |
| \`spec.rnn.json\` | the spec, every default filled in |
${weights}
${data}

It needs Python 3 and PyTorch (1.13 or 2.x) and nothing else.

## Train

    cd ${quote(out)}
    python3 train.py                 # one process: CUDA when available, else CPU
    python3 train.py --steps 200     # fewer or more steps than training.steps
    python3 train.py --from RUN      # start from a run folder (or a weights.safetensors)
    python3 train.py --device cpu    # stay off the GPU

\`train.py\` runs from any working directory (\`python3 ${quote(path.join(out, 'train.py'))}\`).

## Scaling out

Several processes with DistributedDataParallel (gloo on CPU, nccl on GPUs); each process takes
\`batchSize\` rows of a global batch of N × \`batchSize\` rows, and the gradients are averaged:

    torchrun --standalone --nproc_per_node=2 train.py

On several machines, start the same command on each with \`--nnodes\`, \`--node_rank\` and
\`--rdzv_endpoint HOST:PORT\` (see \`torchrun --help\`). With one GPU per process, use
\`--nproc_per_node\` = the number of GPUs.

Debian's \`python3-torch\` (torch 1.13 on Python 3.11) has a \`torchrun\` that fails at start with
\`AttributeError: 'NoneType' object has no attribute 'get'\` (in \`to_map\`); there, add
\`--redirects 1 --tee 1\`:

    torchrun --redirects 1 --tee 1 --standalone --nproc_per_node=2 train.py

## The run comes back to RNN Lab

\`train.py\` records its run like RNN Lab: \`.rnn-lab/runs/<run-id>/\` in the workspace (the nearest
folder above \`spec.rnn.json\` holding \`.git\`, else this folder; \`--runs-dir DIR\` to choose), with
\`run.json\` (marked \`"trainedBy": "pytorch"\`), the spec, \`metrics.jsonl\`, \`weights.safetensors\` and
\`vocab.json\`. Only rank 0 writes. \`rnn-lab runs\` and the RNN Lab runs view list it; the panel,
Compare Runs and \`rnn-lab sample\` work on it. A process that is killed reads back as \`interrupted\`.
`;
}

function quote(p: string): string {
  return /^[\w@%+=:,./-]+$/.test(p) ? p : `'${p.replace(/'/g, `'\\''`)}'`;
}
