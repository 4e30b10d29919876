// The measured sweep over sequence lengths (Parallelism tab) as plain data: the lengths, one row per
// length with each series' point, the chart's columns, how each curve grows, where the two cross,
// and the progress line while a sweep runs. No DOM: unit-tested.
import { seriesLabel, t } from '../i18n';
import type { SweepPoint, SweepResult } from '../../src/protocol/events';
import type { SweepProgress } from '../../src/protocol/panel';

/** Every measured length, ascending. */
export function sweepLengths(sweep: SweepResult): number[] {
  return [...new Set(sweep.series.flatMap((s) => s.points.map((p) => p.T)))].sort((a, b) => a - b);
}

export interface SweepRow {
  T: number;
  /** One per series, in the sweep's order; undefined where that series has no point at T. */
  points: (SweepPoint | undefined)[];
}

export function sweepRows(sweep: SweepResult): SweepRow[] {
  return sweepLengths(sweep).map((T) => ({ T, points: sweep.series.map((s) => s.points.find((p) => p.T === T)) }));
}

/** uPlot's columns: the lengths, then each series' ms per step (null where not measured). */
export function sweepChartData(sweep: SweepResult): [number[], ...(number | null)[][]] {
  const rows = sweepRows(sweep);
  return [rows.map((r) => r.T), ...sweep.series.map((_, i) => rows.map((r) => r.points[i]?.msPerStep ?? null))];
}

export interface Growth {
  label: string; // the series' name in the panel's language
  fromT: number;
  toT: number;
  /** ms per step at toT over ms per step at fromT. */
  factor: number;
}

/** How much each series' time per step grows from its shortest to its longest measured length. */
export function sweepGrowth(sweep: SweepResult): Growth[] {
  const out: Growth[] = [];
  for (const s of sweep.series) {
    const pts = [...s.points].sort((a, b) => a.T - b.T);
    if (pts.length < 2) continue;
    const a = pts[0];
    const b = pts[pts.length - 1];
    out.push({ label: seriesLabel(s), fromT: a.T, toT: b.T, factor: b.msPerStep / a.msPerStep });
  }
  return out;
}

export interface Crossing {
  /** The series that is faster (less time per step) at the longest common length, by its name in the panel's language. */
  fasterAtLongest: string;
  /** The shortest measured length from which `fasterAtLongest` stays faster; undefined if it is faster everywhere. */
  fromT?: number;
}

/** Where the first two series' curves cross (the spec and its twin), if they share two lengths or more. */
export function sweepCrossing(sweep: SweepResult): Crossing | undefined {
  if (sweep.series.length < 2) return undefined;
  const [a, b] = sweep.series;
  const common = sweepRows(sweep).filter((r) => r.points[0] && r.points[1]);
  if (!common.length) return undefined;
  const faster = (r: SweepRow): 0 | 1 => (r.points[0]!.msPerStep <= r.points[1]!.msPerStep ? 0 : 1);
  const last = faster(common[common.length - 1]);
  let from = common.length - 1;
  while (from > 0 && faster(common[from - 1]) === last) from--;
  return { fasterAtLongest: seriesLabel(last === 0 ? a! : b!), fromT: from === 0 ? undefined : common[from].T };
}

/** "measuring T = 64 (Transformer-128 (twin)) … 3/12" while a sweep runs. */
export function progressText(p: SweepProgress | undefined): string {
  if (!p) return t('panel.sweep.starting');
  const what =
    p.T !== undefined
      ? p.series
        ? t('panel.sweep.measuringTFor', { T: p.T, series: seriesLabel(p.series) })
        : t('panel.sweep.measuringT', { T: p.T })
      : t('panel.sweep.measuring');
  return `${what} … ${p.done}/${p.total}`;
}
