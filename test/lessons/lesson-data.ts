// The lessons' data (examples/lessons/data/), generated from two tiny grammars with a fixed seed.
// `node --import tsx test/lessons/lesson-data.ts` rewrites the files; lesson-data.test.ts checks
// that the committed files are exactly what this produces.
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Rng } from '../../src/engine/rng';

export const LESSONS_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'examples', 'lessons');
export const SENTENCES_FILE = 'data/sentences.txt';
export const REVIEWS_FILE = 'data/reviews.jsonl';
/** The probe line of lesson 1: the first line of the held-out tenth of sentences.txt. */
export const PROBE_SENTENCE = 'I love machine learning .';

const SUBJECTS = ['I', 'You', 'We', 'They', 'She', 'He'];
const VERBS = ['love', 'like', 'study', 'teach', 'enjoy'];
const THIRD_PERSON: Record<string, string> = { love: 'loves', like: 'likes', study: 'studies', teach: 'teaches', enjoy: 'enjoys' };
const OBJECTS = ['machine learning', 'deep learning', 'neural networks', 'recurrent networks', 'language models'];
const LINES = 1600;
const VALIDATION = 0.1;

function pick<T>(rng: Rng, xs: readonly T[]): T {
  return xs[rng.int(xs.length)];
}

/** "She loves deep learning ." — every line is five tokens and a newline (subject, verb, two words, full stop). */
function sentence(rng: Rng): string {
  const subject = pick(rng, SUBJECTS);
  const verb = pick(rng, VERBS);
  return `${subject} ${subject === 'She' || subject === 'He' ? THIRD_PERSON[verb] : verb} ${pick(rng, OBJECTS)} .`;
}

/**
 * 1600 sentences. Every line is 6 tokens (with its newline), so the held-out tenth starts at a known
 * line: the first line starting at or after the split is the probe sentence.
 */
export function sentencesText(): string {
  const rng = new Rng(2024);
  const lines = Array.from({ length: LINES }, () => sentence(rng));
  const tokens = LINES * 6;
  const trainItems = tokens - Math.floor(tokens * VALIDATION);
  // the probe starts after the first newline at a position >= trainItems (src/tasks/language-model.ts)
  const firstNewline = Math.max(5, Math.ceil((trainItems - 5) / 6) * 6 + 5);
  lines[(firstNewline + 1) / 6] = PROBE_SENTENCE;
  return lines.join('\n') + '\n';
}

const LIKE = ['love', 'like', 'enjoy'];
const DISLIKE = ['hate', 'dislike', 'avoid'];
const ADVERBS = ['really', 'truly', 'always'];
const TAILS = ['', '', ' a lot', ' every day', ' more and more'];

/**
 * Short reviews of different lengths (4 to 10 words) labelled positive or negative: "I love deep
 * learning", "we do not really like neural networks every day". "not" flips the verb's sentiment.
 */
export function reviewsText(): string {
  const rng = new Rng(7);
  const out: string[] = [];
  for (let i = 0; i < 400; i++) {
    const subject = pick(rng, ['I', 'we', 'they', 'you']);
    const positiveVerb = rng.next() < 0.5;
    const verb = pick(rng, positiveVerb ? LIKE : DISLIKE);
    const negated = rng.next() < 0.35;
    const adverb = rng.next() < 0.3 ? `${pick(rng, ADVERBS)} ` : '';
    const object = pick(rng, OBJECTS);
    const input = `${subject} ${negated ? 'do not ' : ''}${adverb}${verb} ${object}${pick(rng, TAILS)}`;
    out.push(JSON.stringify({ input, label: positiveVerb !== negated ? 'positive' : 'negative' }));
  }
  return out.join('\n') + '\n';
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  writeFileSync(join(LESSONS_DIR, SENTENCES_FILE), sentencesText());
  writeFileSync(join(LESSONS_DIR, REVIEWS_FILE), reviewsText());
}
