// The measured sweep over sequence lengths a run keeps in its folder (sweep.json, written by the
// sweep the user starts from the Parallelism tab). Read with care: a missing, partial or hand-edited
// file gives no sweep (the tab then offers to measure), never an error. No vscode import: unit-tested.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { SweepPoint, SweepResult, SweepSeries } from '../../protocol/events';
import { RUN_FILES } from '../../runs/run-files';

/** The file name inside a run folder (beside run.json, probe.json, …). */
export const SWEEP_FILE = RUN_FILES.sweep;

/** sweep.json of a run folder, or undefined when it is missing or not a sweep. */
export function readSweepFile(runFolder: string): SweepResult | undefined {
  try {
    return sweepFromJson(JSON.parse(readFileSync(path.join(runFolder, SWEEP_FILE), 'utf8')));
  } catch {
    return undefined;
  }
}

const isNum = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x);

/** A SweepResult from parsed JSON: points that are not numbers are dropped; undefined if nothing usable is left. */
export function sweepFromJson(v: unknown): SweepResult | undefined {
  if (!v || typeof v !== 'object') return undefined;
  const o = v as Record<string, unknown>;
  if (!Array.isArray(o.series)) return undefined;
  const series: SweepSeries[] = [];
  for (const s of o.series as unknown[]) {
    if (!s || typeof s !== 'object') continue;
    const r = s as Record<string, unknown>;
    const points: SweepPoint[] = Array.isArray(r.points)
      ? (r.points as unknown[])
          .filter((p): p is Record<string, unknown> => !!p && typeof p === 'object')
          .filter((p) => isNum(p.T) && p.T > 0 && isNum(p.msPerStep) && p.msPerStep > 0)
          .map((p) => ({ T: p.T as number, msPerStep: p.msPerStep as number, tokensPerSec: isNum(p.tokensPerSec) ? p.tokensPerSec : NaN }))
      : [];
    if (!points.length) continue;
    series.push({
      label: typeof r.label === 'string' ? r.label : String(r.cell ?? `series ${series.length + 1}`),
      cell: typeof r.cell === 'string' ? r.cell : '?',
      hiddenSize: isNum(r.hiddenSize) ? r.hiddenSize : 0,
      layers: isNum(r.layers) ? r.layers : 0,
      // a sweep measured before the role was recorded: the spec first, its twin second, as measureSweep orders them
      role: r.role === 'spec' || r.role === 'twin' ? r.role : series.length === 0 ? 'spec' : 'twin',
      parameterCount: isNum(r.parameterCount) ? r.parameterCount : 0,
      points,
    });
  }
  if (!series.length) return undefined;
  return {
    batchSize: isNum(o.batchSize) ? o.batchSize : 0,
    kernels: o.kernels === 'wasm' ? 'wasm' : 'js',
    threads: isNum(o.threads) ? o.threads : 1,
    measuredAt: typeof o.measuredAt === 'string' ? o.measuredAt : '',
    series,
  };
}
