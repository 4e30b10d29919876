// What `rnn-lab train` shows a person: a live bar on a terminal, plain lines in a log.
import type { TrainEvent } from '../protocol/events';
import { describeKernels } from '../messages/kernels';
import { divergenceMessage } from '../messages/divergence';
import { cliLang, renderCli, tr } from './lang';

const fmt = (x: number | undefined, d = 4): string => (x === undefined || !Number.isFinite(x) ? '—' : x.toFixed(d));

export function formatDuration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}

export function formatRate(tokensPerSec: number): string {
  return tokensPerSec >= 1000 ? `${(tokensPerSec / 1000).toFixed(1)}k` : tokensPerSec.toFixed(0);
}

export class ProgressView {
  private total = 0;
  private valLoss: number | undefined;
  private lastDraw = 0;
  private lastLogged = 0;
  private rate = 0; // smoothed tokens/s
  private readonly tty: boolean;

  constructor(private readonly out: NodeJS.WriteStream) {
    this.tty = out.isTTY === true;
  }

  update(e: TrainEvent): void {
    switch (e.type) {
      case 'started':
        this.total = e.totalSteps;
        {
          const args = { id: e.runId, params: e.parameterCount.toLocaleString('en-US'), steps: e.totalSteps };
          const head = e.kernels
            ? tr('cli.progress.startedKernels', { ...args, kernels: describeKernels(e.kernels, e.threads ?? 1, cliLang()) })
            : tr('cli.progress.started', args);
          this.out.write(`${head}\n  ${e.folder}\n`);
        }
        break;
      case 'progress': {
        this.rate = this.rate === 0 ? e.tokensPerSec : 0.9 * this.rate + 0.1 * e.tokensPerSec;
        const now = Date.now();
        const eta = (e.elapsedMs / e.step) * (this.total - e.step);
        const line = tr('cli.progress.line', {
          step: e.step,
          total: this.total,
          bar: this.bar(e.step),
          loss: fmt(e.loss),
          val: fmt(this.valLoss),
          grad: fmt(e.gradNorm, 2),
          clip: e.clipped ? '✂' : '',
          rate: formatRate(this.rate),
          eta: formatDuration(eta),
        });
        if (this.tty) {
          if (now - this.lastDraw > 100 || e.step === this.total) {
            this.out.write(`\r\x1b[2K${line}`);
            this.lastDraw = now;
          }
        } else if (now - this.lastLogged > 2000 || e.step === this.total) {
          this.out.write(line + '\n');
          this.lastLogged = now;
        }
        break;
      }
      case 'eval':
        this.valLoss = e.valLoss;
        if (!this.tty) {
          const args = { step: e.step, val: fmt(e.valLoss) };
          this.out.write(
            `${e.accuracy !== undefined ? tr('cli.progress.evalAccuracy', { ...args, accuracy: (100 * e.accuracy).toFixed(1) }) : tr('cli.progress.eval', args)}\n`,
          );
        }
        break;
      case 'finished': {
        const s = e.summary;
        if (this.tty) this.out.write('\n');
        this.out.write(
          tr('cli.progress.finished', { status: tr(`status.${e.status}`), steps: s.steps, loss: fmt(s.finalLoss), best: fmt(s.bestValLoss) }) +
            `${s.tokensPerSec ? tr('cli.progress.finishedRate', { rate: formatRate(s.tokensPerSec) }) : ''}${s.elapsedMs ? tr('cli.progress.finishedTime', { time: formatDuration(s.elapsedMs) }) : ''}\n`,
        );
        const message = s.divergence ? renderCli(divergenceMessage(s.divergence)) : s.message;
        if (message) this.out.write(`${message}\n`);
        break;
      }
      case 'probe':
        break;
    }
  }

  private bar(step: number): string {
    const width = 20;
    const filled = Math.round((width * step) / Math.max(1, this.total));
    return `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}]`;
  }
}
