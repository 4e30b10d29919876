// The lessons' data files are exactly what lesson-data.ts generates, and every lesson spec is valid.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { parseSpecFile } from '../../src/node/spec-io';
import { LESSONS_DIR, REVIEWS_FILE, reviewsText, SENTENCES_FILE, sentencesText } from './lesson-data';

test('examples/lessons/data/ is what test/lessons/lesson-data.ts generates', () => {
  assert.equal(readFileSync(path.join(LESSONS_DIR, SENTENCES_FILE), 'utf8'), sentencesText());
  assert.equal(readFileSync(path.join(LESSONS_DIR, REVIEWS_FILE), 'utf8'), reviewsText());
});

test('every lesson spec parses without problems', () => {
  const specs = readdirSync(LESSONS_DIR).filter((f) => f.endsWith('.rnn.json'));
  assert.ok(specs.length >= 10);
  for (const f of specs) {
    const { spec, problems } = parseSpecFile(path.join(LESSONS_DIR, f));
    assert.ok(spec, `${f}: ${JSON.stringify(problems)}`);
    assert.deepEqual(problems, [], f);
    assert.equal(spec.name, f.replace(/\.rnn\.json$/, ''), `${f}: the name is the file's`);
  }
});
