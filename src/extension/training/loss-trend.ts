// Which way the loss is going: validation loss when two evaluations exist, else a smoothed train loss.

const ALPHA = 0.05; // EMA weight of the newest train loss
const LOOKBACK = 50; // compare the EMA now with the EMA this many steps ago
const FLAT = 0.005; // relative change below which the trend reads as flat

export class LossTrend {
  private ema: number | undefined;
  private readonly emaHistory: number[] = [];
  private readonly vals: number[] = [];

  addTrain(loss: number): void {
    if (!Number.isFinite(loss)) return;
    this.ema = this.ema === undefined ? loss : this.ema + ALPHA * (loss - this.ema);
    this.emaHistory.push(this.ema);
    if (this.emaHistory.length > LOOKBACK + 1) this.emaHistory.shift();
  }

  addVal(loss: number): void {
    if (Number.isFinite(loss)) this.vals.push(loss);
  }

  direction(): 'down' | 'up' | 'flat' | undefined {
    if (this.vals.length >= 2) return compare(this.vals[this.vals.length - 2], this.vals[this.vals.length - 1]);
    if (this.emaHistory.length > 10) return compare(this.emaHistory[0], this.emaHistory[this.emaHistory.length - 1]);
    return undefined;
  }
}

function compare(before: number, now: number): 'down' | 'up' | 'flat' {
  const rel = (now - before) / Math.max(Math.abs(before), 1e-12);
  return rel < -FLAT ? 'down' : rel > FLAT ? 'up' : 'flat';
}

export const TREND_ARROW = { down: '↘', up: '↗', flat: '→' } as const;
