// A run's figures as the panel words them (step, losses, speed, time left), so the header, the
// Overview's status line and the Loss tab's table say the same thing the same way.
import { getLang, t, tm } from '../i18n';
import { describeKernels } from '../../src/messages/kernels';
import type { RunData } from '../store';
import { fmt, fmtInt } from './view';

export type StatKey = 'status' | 'step' | 'loss' | 'val' | 'best' | 'accuracy' | 'speed' | 'engine' | 'eta';

export interface RunStat {
  key: StatKey;
  /** For a table: "validation loss". */
  label: string;
  /** For a line of text: "val", read before the value, or after it when `unitAfter` ("tokens/s"). */
  short: string;
  unitAfter?: boolean;
  value: string;
}

/** Every figure the run has so far, in reading order (absent ones are left out, except the losses). */
export function runStats(r: RunData): RunStat[] {
  const out: RunStat[] = [
    {
      key: 'step',
      label: t('panel.stat.step'),
      short: t('panel.stat.step'),
      value: `${fmtInt(r.lastStep)}${r.totalSteps ? ` / ${fmtInt(r.totalSteps)}` : ''}`,
    },
    { key: 'loss', label: t('panel.stat.trainLoss'), short: t('panel.stat.loss'), value: fmt(r.loss.at(-1)) },
    { key: 'val', label: t('panel.stat.valLoss'), short: t('panel.stat.val'), value: fmt(r.valLoss.at(-1)) },
  ];
  const finite = r.valLoss.filter(Number.isFinite);
  if (finite.length) out.push({ key: 'best', label: t('panel.stat.bestValidation'), short: t('panel.stat.bestVal'), value: fmt(Math.min(...finite)) });
  const acc = r.accuracy.at(-1);
  if (acc !== undefined && acc !== null)
    out.push({ key: 'accuracy', label: t('panel.stat.accuracy'), short: t('panel.stat.accuracy'), value: `${(acc * 100).toFixed(1)} %` });
  if (r.tokensPerSec)
    out.push({
      key: 'speed',
      label: t('panel.stat.tokensPerSec'),
      short: t('panel.stat.tokensPerSec'),
      unitAfter: true,
      value: fmtInt(Math.round(r.tokensPerSec)),
    });
  if (r.engine)
    out.push({
      key: 'engine',
      label: t('panel.stat.kernels'),
      short: t('panel.stat.kernels'),
      value: describeKernels(r.engine.kernels, r.engine.threads, getLang()),
    });
  const left = r.running ? timeLeftMs(r) : undefined;
  if (left !== undefined) out.push({ key: 'eta', label: t('panel.stat.timeLeft'), short: t('panel.stat.left'), unitAfter: true, value: fmtDuration(left) });
  out.push({ key: 'status', label: t('panel.stat.status'), short: t('panel.stat.status'), value: statusText(r.meta.status) });
  return out;
}

export function pickStats(stats: RunStat[], keys: StatKey[]): RunStat[] {
  return keys.flatMap((k) => stats.filter((s) => s.key === k));
}

/** "step 140 / 2,000 · loss 1.934 · 6,612 tokens/s" */
export function statsText(stats: RunStat[]): string {
  return stats.map((s) => (s.unitAfter ? `${s.value} ${s.short}` : `${s.short} ${s.value}`)).join(' · ');
}

/** From the pace so far: elapsed / steps done × steps to go. */
function timeLeftMs(r: RunData): number | undefined {
  if (!r.totalSteps || !r.elapsedMs || r.lastStep <= 0 || r.lastStep >= r.totalSteps) return undefined;
  return (r.elapsedMs / r.lastStep) * (r.totalSteps - r.lastStep);
}

export function fmtDuration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return t('panel.duration.s', { s });
  const m = Math.floor(s / 60);
  if (m < 60) return t('panel.duration.ms', { m, s: String(s % 60).padStart(2, '0') });
  return t('panel.duration.hm', { h: Math.floor(m / 60), m: String(m % 60).padStart(2, '0') });
}

/** A run status ("completed") in the panel's language. */
export function statusText(status: string): string {
  return tm({ code: `status.${status}` });
}
