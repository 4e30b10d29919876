// Run ids: `20261126-181502-adding-lstm-3f9a` — UTC time (sorts by time), the slugified name, a random suffix.

export function slugify(name: string, maxLength = 40): string {
  const slug = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+/, '')
    .slice(0, maxLength)
    .replace(/-+$/, '');
  return slug || 'run';
}

/** `yyyymmdd-hhmmss` in UTC, so ids sort by time whatever the time zone or daylight saving. */
function runTimestamp(date: Date): string {
  const p = (n: number, width = 2) => String(n).padStart(width, '0');
  return (
    `${p(date.getUTCFullYear(), 4)}${p(date.getUTCMonth() + 1)}${p(date.getUTCDate())}-` +
    `${p(date.getUTCHours())}${p(date.getUTCMinutes())}${p(date.getUTCSeconds())}`
  );
}

function randomSuffix(): string {
  return Math.floor(Math.random() * 0x10000)
    .toString(16)
    .padStart(4, '0');
}

/** A candidate id; RunStore.create makes it unique (it retries with another suffix if the folder exists). */
export function makeRunId(name: string, date: Date, suffix: string = randomSuffix()): string {
  return `${runTimestamp(date)}-${slugify(name)}-${suffix}`;
}

/** The creation time encoded in an id, if it has one. */
export function timeOfRunId(id: string): Date | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})-(\d{2})(\d{2})(\d{2})/.exec(id);
  if (!m) return undefined;
  const [y, mo, d, h, mi, s] = m.slice(1).map(Number) as [number, number, number, number, number, number];
  const date = new Date(Date.UTC(y, mo - 1, d, h, mi, s));
  return Number.isNaN(date.getTime()) ? undefined : date;
}
