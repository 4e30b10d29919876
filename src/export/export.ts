// rnn-lab export / "RNN Lab: Export to PyTorch": a spec (and optionally a run's weights) -> a small,
// self-contained PyTorch project: model.py, data.py, train.py (generic, they read the spec at run
// time), spec.rnn.json (the spec with every default filled in and its data file resolved), README.md
// and weights.safetensors (with a run to start from). Shared by the CLI and the extension.
import * as fs from 'node:fs';
import path from 'node:path';
import { createModel } from '../engine/create-model';
import { readSafetensors } from '../engine/safetensors';
import { nodeRunStore } from '../node/run-store';
import { RUN_FILES } from '../runs/run-files';
import { findWorkspaceRoot } from '../node/workspace-root';
import { createTask } from '../tasks';
import type { Task } from '../tasks/task';
import type { Spec } from '../spec/types';
import { UserError } from '../messages/errors';
import { loadSpec } from '../node/load-spec';
import { modelConfigFor } from '../train/model-config-from-spec';
import { PYTHON_FILES } from './python-sources';
import { exportReadme } from './readme';
import { msg } from '../messages/render';

export interface ExportOptions {
  /** The *.rnn.json to export. */
  specPath: string;
  /** The folder to write (created if needed; only the export's own files are replaced). */
  outDir: string;
  /** A run to start from: a run id (or unique prefix, or 'latest') in the spec's workspace, a run folder, or a weights.safetensors. */
  from?: string;
  /** Copy the data file into <out>/data/ (else the exported spec points at it where it is). */
  copyData?: boolean;
  /** Where .rnn-lab/ lives, for resolving run ids (default: the spec's workspace root). */
  workspaceRoot?: string;
}

export interface ExportResult {
  outDir: string;
  /** Files written, relative to outDir. */
  files: string[];
  readmePath: string;
  /** The weights copied in (absolute), when `from` was given. */
  weights?: string;
  /** Where the exported spec reads its data file, as written in spec.rnn.json. */
  dataFile?: string;
}

const EXPORTED_SPEC = 'spec.rnn.json';

export function exportToPytorch(opts: ExportOptions): ExportResult {
  const specPath = path.resolve(opts.specPath);
  const { spec } = loadSpec(specPath); // every problem of the spec, or a SpecError
  const task = createTask(spec, path.dirname(specPath), { readText: (p) => fs.readFileSync(p, 'utf8') }); // the data must load
  checkExportable(spec, task);
  const outDir = path.resolve(opts.outDir);
  prepareOutDir(outDir);

  const weightsSource = opts.from !== undefined ? findWeights(opts.from, opts.workspaceRoot ?? findWorkspaceRoot(specPath)) : undefined;
  if (weightsSource) checkWeightsFit(weightsSource, spec, task);

  const files: string[] = [];
  const write = (name: string, content: string | Uint8Array): void => {
    const file = path.join(outDir, name);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, content);
    files.push(name);
  };

  const exported = exportedSpec(spec);
  let dataFile: string | undefined;
  if (spec.dataFile && 'file' in exported.task) {
    if (opts.copyData) {
      dataFile = `data/${path.basename(spec.dataFile)}`;
      write(dataFile, fs.readFileSync(spec.dataFile));
    } else {
      dataFile = dataReference(spec.dataFile, outDir, findWorkspaceRoot(specPath));
    }
    (exported.task as { file: string }).file = dataFile;
  }

  for (const [name, text] of Object.entries(PYTHON_FILES)) write(name, text);
  write(EXPORTED_SPEC, `${JSON.stringify(exported, null, 2)}\n`);
  if (weightsSource) write(RUN_FILES.weights, fs.readFileSync(weightsSource));
  write('README.md', exportReadme({ spec, task, specPath, outDir, dataFile, copiedData: opts.copyData === true, weights: weightsSource }));
  return { outDir, files, readmePath: path.join(outDir, 'README.md'), weights: weightsSource, dataFile };
}

/** What the exported train.py cannot do the way RNN Lab does, refused before anything is written. */
function checkExportable(spec: Spec, task: Task): void {
  const m = spec.model;
  if (m.cell === 'transformer' && m.context > 0 && m.context < task.maxSteps) {
    throw new UserError(msg('export.contextShort', { context: m.context, steps: task.maxSteps }));
  }
}

/** The spec as train.py reads it: every default filled in, no derived fields. */
function exportedSpec(spec: Spec): Pick<Spec, 'name' | 'task' | 'model' | 'training'> {
  const copy = JSON.parse(JSON.stringify({ name: spec.name, task: spec.task, model: spec.model, training: spec.training }));
  return copy;
}

function prepareOutDir(outDir: string): void {
  let stat: fs.Stats | undefined;
  try {
    stat = fs.statSync(outDir);
  } catch {
    stat = undefined;
  }
  if (stat && !stat.isDirectory()) throw new UserError(msg('export.outIsFile', { path: outDir }));
  try {
    fs.mkdirSync(outDir, { recursive: true });
  } catch (e) {
    throw new UserError(msg('export.cannotCreate', { path: outDir, reason: (e as Error).message }));
  }
}

/**
 * How the exported spec names the data file: relative to the export folder when both sit in the
 * spec's workspace (the pair can move together), else absolute. data.py resolves it against the
 * exported spec's folder, so train.py runs from any working directory.
 */
function dataReference(dataFile: string, outDir: string, root: string): string {
  const inside = (p: string): boolean => {
    const r = path.relative(root, p);
    return r === '' || (!r.startsWith('..') && !path.isAbsolute(r));
  };
  if (inside(dataFile) && inside(outDir)) return path.relative(outDir, dataFile).split(path.sep).join('/');
  return dataFile;
}

/** A run id / prefix / 'latest', a run folder, or a .safetensors file -> the weights file. */
function findWeights(from: string, root: string): string {
  const asPath = path.resolve(from);
  if (fs.existsSync(asPath)) {
    const file = fs.statSync(asPath).isDirectory() ? path.join(asPath, RUN_FILES.weights) : asPath;
    if (!fs.existsSync(file)) throw new UserError(msg('export.noCheckpoint', { what: asPath, file: RUN_FILES.weights }));
    return file;
  }
  const run = nodeRunStore(root).resolve(from); // refuses with a UserError
  const file = path.join(run.folder, RUN_FILES.weights);
  if (!fs.existsSync(file)) throw new UserError(msg('export.noCheckpoint', { what: `run ${run.id}`, file: RUN_FILES.weights }));
  return file;
}

/** The weights must have exactly the names and shapes of the spec's model on its task. */
function checkWeightsFit(file: string, spec: Spec, task: Task): void {
  let tensors;
  try {
    tensors = readSafetensors(new Uint8Array(fs.readFileSync(file)));
  } catch (e) {
    throw new UserError(msg('error.fileReason', { file, reason: (e as Error).message }));
  }
  let expected: { name: string; shape: number[] }[];
  try {
    expected = createModel(modelConfigFor(spec, task)).params.map((p) => ({ name: p.name, shape: [...p.shape] }));
  } catch {
    return; // a model family the engine cannot build here: train.py checks the names when it loads them
  }
  const problems: string[] = [];
  for (const { name, shape } of expected) {
    const t = tensors.get(name);
    if (!t) problems.push(`${name} is missing`);
    else if (t.shape.join(',') !== shape.join(',')) problems.push(`${name} is [${t.shape.join(', ')}], the spec's model needs [${shape.join(', ')}]`);
  }
  const known = new Set(expected.map((e) => e.name));
  for (const name of tensors.keys()) if (!known.has(name)) problems.push(`${name} is not a weight of the spec's model`);
  if (problems.length > 0) {
    throw new UserError(msg('export.weightsMismatch', { file, problems: `${problems.slice(0, 5).join('; ')}${problems.length > 5 ? '; …' : ''}` }));
  }
}
