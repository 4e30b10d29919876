// Writes the data files under examples/data/ from small grammars and formulas, with a fixed seed, so
// every byte of the examples' data is the project's own and can be regenerated:
//   node --import tsx scripts/generate-example-data.ts
// The output is committed next to this script; rerunning it gives the same files.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Rng } from '../src/engine/rng';

const OUT = join(dirname(fileURLToPath(import.meta.url)), '..', 'examples', 'data');

const pick = <T>(rng: Rng, xs: readonly T[]): T => xs[rng.int(xs.length)];
const capitalise = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);

// ---- char-lm: rhyming ballads (ABAB quatrains) -------------------------------------------------

const ADJ = [
  'old',
  'grey',
  'silver',
  'quiet',
  'golden',
  'cold',
  'wild',
  'lonely',
  'dark',
  'bright',
  'gentle',
  'distant',
  'silent',
  'ancient',
  'weary',
  'green',
];
const NOUN = ['wind', 'moon', 'river', 'bird', 'ship', 'king', 'child', 'sailor', 'shepherd', 'maiden', 'fox', 'bell', 'tower', 'heart', 'rose', 'wolf'];
const VERB = ['sings', 'sleeps', 'wanders', 'weeps', 'calls', 'waits', 'dreams', 'turns', 'falls', 'rises', 'burns', 'whispers', 'lingers', 'listens'];
const PREP = ['over', 'under', 'beyond', 'across', 'beside', 'along', 'upon', 'beneath'];
const ADV = ['softly', 'slowly', 'gently', 'sadly', 'always', 'silently', 'once more', 'alone'];
const RHYMES = [
  ['night', 'light', 'flight', 'sight', 'height'],
  ['sea', 'tree', 'lea', 'quay'],
  ['day', 'way', 'bay', 'spray', 'clay'],
  ['dune', 'tune', 'noon', 'lagoon'],
  ['hill', 'mill', 'rill', 'sill'],
  ['shore', 'door', 'floor', 'moor'],
  ['stone', 'throne', 'bone'],
  ['rain', 'plain', 'lane', 'chain', 'grain'],
  ['home', 'foam', 'loam', 'dome'],
  ['fire', 'spire', 'choir', 'briar'],
];
const LINES: ((rng: Rng, end: string) => string)[] = [
  (r, e) => `the ${pick(r, ADJ)} ${pick(r, NOUN)} ${pick(r, VERB)} ${pick(r, PREP)} the ${e}`,
  (r, e) => `and ${pick(r, ADV)} the ${pick(r, NOUN)} ${pick(r, VERB)} by the ${e}`,
  (r, e) => `O ${pick(r, ADJ)} ${pick(r, NOUN)} that ${pick(r, VERB)} ${pick(r, PREP)} the ${e}`,
  (r, e) => `I heard a ${pick(r, NOUN)} ${pick(r, PREP)} the ${pick(r, ADJ)} ${e}`,
  (r, e) => `when the ${pick(r, NOUN)} was ${pick(r, ADJ)} ${pick(r, PREP)} the ${e}`,
  (r, e) => `a ${pick(r, ADJ)} ${pick(r, NOUN)} ${pick(r, VERB)} upon the ${e}`,
  (r, e) => `and all was ${pick(r, ADJ)} ${pick(r, PREP)} the ${e}`,
  (r, e) => `till the ${pick(r, NOUN)} ${pick(r, VERB)} home to the ${e}`,
];
const ENDINGS = [',', ',', ';', '.'];

function roman(n: number): string {
  const parts: [number, string][] = [
    [50, 'L'],
    [40, 'XL'],
    [10, 'X'],
    [9, 'IX'],
    [5, 'V'],
    [4, 'IV'],
    [1, 'I'],
  ];
  let out = '';
  for (const [v, s] of parts) while (n >= v) ((out += s), (n -= v));
  return out;
}

function ballads(rng: Rng, targetBytes: number): string {
  const poems: string[] = [];
  let size = 0;
  for (let n = 1; size < targetBytes; n++) {
    const stanzas: string[] = [];
    const count = 3 + rng.int(3);
    for (let s = 0; s < count; s++) {
      const a = pick(rng, RHYMES);
      let b = pick(rng, RHYMES);
      while (b === a) b = pick(rng, RHYMES);
      const [a1, a2] = twoOf(rng, a);
      const [b1, b2] = twoOf(rng, b);
      const ends = [a1, b1, a2, b2];
      stanzas.push(ends.map((e, i) => capitalise(pick(rng, LINES)(rng, e)) + ENDINGS[i]).join('\n'));
    }
    const poem = `${roman(n)}. THE ${pick(rng, ADJ).toUpperCase()} ${pick(rng, NOUN).toUpperCase()}\n\n${stanzas.join('\n\n')}\n`;
    poems.push(poem);
    size += poem.length + 1;
  }
  return poems.join('\n');
}

function twoOf(rng: Rng, xs: readonly string[]): [string, string] {
  const i = rng.int(xs.length);
  const j = (i + 1 + rng.int(xs.length - 1)) % xs.length;
  return [xs[i], xs[j]];
}

// ---- word-lm: village tales with dialogue ------------------------------------------------------

const PEOPLE = ['Anna', 'Tom', 'the miller', 'the old fisherman', 'the baker', 'little Mia', 'the shepherd', 'Grandmother', 'the blacksmith', 'Ben'];
const THINGS = ['lantern', 'basket', 'key', 'boat', 'letter', 'goat', 'bread', 'hat', 'ladder', 'bell'];
const PLACES = ['harbour', 'market', 'mill', 'forest', 'church', 'bridge', 'garden', 'well', 'barn', 'hill'];
const TALE_ADJ = ['red', 'heavy', 'small', 'broken', 'shiny', 'wet', 'new', 'strange'];
const FEELINGS = ['happy', 'worried', 'tired', 'angry', 'surprised', 'glad'];
const WEATHER = ['rain', 'fog', 'snow', 'wind', 'storm'];
const TIMES = ['In the morning', 'At noon', 'In the evening', 'That night', 'On Sunday', 'The next day'];

function taleSentence(rng: Rng): string {
  const who = pick(rng, PEOPLE);
  let other = pick(rng, PEOPLE);
  while (other === who) other = pick(rng, PEOPLE);
  const thing = pick(rng, THINGS);
  const place = pick(rng, PLACES);
  switch (rng.int(8)) {
    case 0:
      return `${capitalise(who)} walked to the ${place}.`;
    case 1:
      return `${capitalise(who)} found a ${pick(rng, TALE_ADJ)} ${thing} near the ${place}, and gave it to ${other}.`;
    case 2:
      return `"Where is my ${thing}?" asked ${who}. "Your ${thing} is at the ${place}," said ${other}.`;
    case 3:
      return `The ${pick(rng, WEATHER)} came over the ${place}, and everyone went home.`;
    case 4:
      return `${pick(rng, TIMES)}, ${who} was ${pick(rng, FEELINGS)}, because the ${thing} was ${pick(rng, TALE_ADJ)}.`;
    case 5:
      return `"Can you carry the ${thing} to the ${place}?" asked ${who}. "Yes, I can," said ${other}.`;
    case 6:
      return `${capitalise(who)} and ${other} sat by the ${place} and talked about the ${thing}.`;
    default:
      return `${pick(rng, TIMES)}, ${who} saw ${other} at the ${place}!`;
  }
}

function tales(rng: Rng, targetBytes: number): string {
  const paragraphs: string[] = [];
  let size = 0;
  while (size < targetBytes) {
    const n = 3 + rng.int(4);
    const p = Array.from({ length: n }, () => taleSentence(rng)).join(' ');
    paragraphs.push(p);
    size += p.length + 1;
  }
  return paragraphs.join('\n') + '\n';
}

// ---- classify: short reviews; after "but" the second clause decides ------------------------------

const ASPECTS = ['food', 'service', 'room', 'staff', 'view', 'coffee', 'music', 'price', 'bed', 'breakfast'];
const GOOD = ['great', 'lovely', 'excellent', 'friendly', 'perfect', 'delicious', 'wonderful', 'good'];
const BAD = ['awful', 'terrible', 'rude', 'cold', 'noisy', 'dirty', 'bad', 'slow'];
const INTENSIFIERS = ['', '', 'very ', 'really ', 'quite ', 'so '];
const OPENERS = ['', '', '', 'honestly, ', 'overall ', 'well, '];

/** A clause with the wanted polarity: "the room was very noisy" or, negated, "the room was not great". */
function clause(rng: Rng, positive: boolean): string {
  const aspect = pick(rng, ASPECTS);
  if (rng.next() < 0.25) return `the ${aspect} was not ${pick(rng, positive ? BAD : GOOD)}`;
  return `the ${aspect} was ${pick(rng, INTENSIFIERS)}${pick(rng, positive ? GOOD : BAD)}`;
}

function reviews(rng: Rng, count: number): string {
  const lines: string[] = [];
  for (let i = 0; i < count; i++) {
    const positive = rng.next() < 0.5;
    let text: string;
    const shape = rng.int(3);
    if (shape === 0) text = clause(rng, positive);
    else if (shape === 1) text = `${clause(rng, positive)} and ${clause(rng, positive)}`;
    else text = `${clause(rng, !positive)} but ${clause(rng, positive)}`;
    text = pick(rng, OPENERS) + text + pick(rng, ['.', '.', '!']);
    lines.push(JSON.stringify({ input: text, label: positive ? 'positive' : 'negative' }));
  }
  return lines.join('\n') + '\n';
}

// ---- series: hourly weather ------------------------------------------------------------------------

function weather(rng: Rng, hours: number): string {
  const rows = ['time,temperature,humidity,wind'];
  const start = Date.UTC(2024, 2, 1);
  let arT = 0;
  let arH = 0;
  for (let h = 0; h < hours; h++) {
    arT = 0.9 * arT + 0.5 * rng.normal();
    arH = 0.8 * arH + 2 * rng.normal();
    const temperature = 12 + 6 * Math.sin((2 * Math.PI * (h - 9)) / 24) + 4 * Math.sin((2 * Math.PI * h) / (24 * 30)) + arT;
    const humidity = Math.min(100, Math.max(20, 75 - 1.8 * (temperature - 12) + arH));
    const wind = Math.abs(3 + 1.5 * rng.normal());
    const time = new Date(start + h * 3600_000).toISOString().slice(0, 16);
    rows.push(`${time},${temperature.toFixed(2)},${humidity.toFixed(1)},${wind.toFixed(1)}`);
  }
  return rows.join('\n') + '\n';
}

// ---------------------------------------------------------------------------------------------------

mkdirSync(OUT, { recursive: true });
const files: [string, string][] = [
  ['ballads.txt', ballads(new Rng(1), 60_000)],
  ['village-tales.txt', tales(new Rng(2), 80_000)],
  ['reviews.jsonl', reviews(new Rng(3), 1500)],
  ['weather.csv', weather(new Rng(4), 3000)],
];
for (const [name, text] of files) {
  writeFileSync(join(OUT, name), text);
  console.log(`examples/data/${name}: ${text.length} bytes`);
}
