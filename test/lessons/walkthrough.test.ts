// The walkthrough `rnnLab.lessons` is wired: every step's strings exist in English and Chinese,
// its media markdown exists in both (VS Code reads <step>.nls.<locale>.md beside <step>.md), its
// buttons are command links to lessons that exist, and the Chinese text uses the glossary's terms.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { parseSpecFile } from '../../src/node/spec-io';
import { copyLesson } from '../../src/extension/lessons/copy-lesson';
import { LESSON_STEPS, LESSON_TARGETS, lessonLink, WALKTHROUGH_ID } from '../../src/extension/lessons/lessons';
import { LESSONS_DIR } from './lesson-data';

const ROOT = path.join(LESSONS_DIR, '..', '..');
const read = (rel: string): string => readFileSync(path.join(ROOT, rel), 'utf8');
const manifest = JSON.parse(read('package.json')) as {
  name: string;
  publisher: string;
  contributes: {
    commands: { command: string; title: string }[];
    walkthroughs: {
      id: string;
      title: string;
      description: string;
      steps: { id: string; title: string; description: string; media: { markdown: string } }[];
    }[];
  };
};
const en = JSON.parse(read('package.nls.json')) as Record<string, string>;
const zh = JSON.parse(read('package.nls.zh-cn.json')) as Record<string, string>;
const walkthrough = manifest.contributes.walkthroughs.find((w) => `${manifest.publisher}.${manifest.name}#${w.id}` === WALKTHROUGH_ID);

const keyOf = (s: string): string => {
  const m = /^%(.+)%$/.exec(s);
  assert.ok(m, `"${s}" is not a %key% reference`);
  return m[1];
};
const links = (text: string): string[] => [...text.matchAll(/\]\((command:[^)]+)\)/g)].map((m) => m[1]);

test('the walkthrough has one step per lesson, in order', () => {
  assert.ok(walkthrough, `no walkthrough ${WALKTHROUGH_ID}`);
  assert.deepEqual(
    walkthrough.steps.map((s) => s.id),
    LESSON_STEPS.map((s) => s.step),
  );
});

test('every walkthrough string is a walkthrough.* key with an English and a Chinese text', () => {
  assert.ok(walkthrough);
  const refs = [walkthrough.title, walkthrough.description, ...walkthrough.steps.flatMap((s) => [s.title, s.description])];
  refs.push(manifest.contributes.commands.find((c) => c.command === 'rnnLab.openLesson')!.title);
  const keys = refs.map(keyOf);
  for (const k of keys) {
    assert.ok(k.startsWith('walkthrough.'), k);
    assert.ok(en[k]?.trim(), `package.nls.json lacks ${k}`);
    assert.ok(zh[k]?.trim(), `package.nls.zh-cn.json lacks ${k}`);
    assert.match(zh[k], /[\u4e00-\u9fff]/, `${k} is not translated`);
  }
  // no walkthrough key left over in either file
  for (const file of [en, zh]) for (const k of Object.keys(file).filter((k) => k.startsWith('walkthrough.'))) assert.ok(keys.includes(k), `unused ${k}`);
});

test("each step's buttons open its lessons, in English and in Chinese", () => {
  assert.ok(walkthrough);
  LESSON_STEPS.forEach(({ targets }, i) => {
    const key = keyOf(walkthrough.steps[i].description);
    const want = targets.map(lessonLink);
    assert.deepEqual(links(en[key]), want, `${key} (en)`);
    assert.deepEqual(links(zh[key]), want, `${key} (zh-cn)`);
    // a command link is a button only on a line of its own
    for (const text of [en[key], zh[key]])
      for (const line of text.split('\n').filter((l) => l.includes('command:'))) assert.match(line, /^\[[^\]]+\]\(command:[^)]+\)$/);
  });
  for (const [id, target] of Object.entries(LESSON_TARGETS)) {
    assert.deepEqual(JSON.parse(decodeURIComponent(lessonLink(id).split('?')[1])), [id]);
    for (const spec of target.specs) {
      const { spec: parsed } = parseSpecFile(path.join(LESSONS_DIR, `${spec}.rnn.json`));
      assert.ok(parsed, spec);
      if (target.tab === 'attention') assert.equal(parsed.model.cell, 'transformer', `${id}: the Attention tab shows only for a Transformer`);
      if (target.compare) assert.ok(LESSON_TARGETS[spec], `${id} compares ${spec}, which no button trains`);
    }
  }
  assert.deepEqual(new Set(LESSON_STEPS.flatMap((s) => s.targets)), new Set(Object.keys(LESSON_TARGETS)), 'every lesson has a button');
});

test("each step's media markdown exists in English and Chinese", () => {
  assert.ok(walkthrough);
  for (const step of walkthrough.steps) {
    const md = step.media.markdown;
    assert.equal(md, `media/walkthrough/${step.id}.md`);
    assert.ok(read(md).trim().length > 0, md);
    // VS Code's rule (gettingStartedService): foo.md → foo.nls.<locale>.md, then foo.nls.<language>.md
    const localized = md.replace(/\.md$/, '.nls.zh-cn.md');
    assert.match(read(localized), /[\u4e00-\u9fff]/, localized);
  }
});

test("the Chinese lesson text uses the glossary's terms", () => {
  assert.ok(walkthrough);
  const rows = [...read('docs/glossary.md').matchAll(/^\| ([a-z][^|]*?) \| ([^|]+?) \|/gm)].map((m) => ({ en: m[1], zh: m[2] }));
  assert.ok(rows.length >= 19, `${rows.length} glossary rows`);
  for (const required of [
    '循环单元',
    '隐藏状态',
    '参数共享',
    '变长序列',
    '梯度消失',
    '梯度爆炸',
    '梯度裁剪',
    '残差连接',
    '门控',
    '遗忘门',
    '输入门',
    '输出门',
    '自注意力',
    '并行计算',
    '时间步',
    '词表',
    '批大小',
    '学习率',
    '验证损失',
  ]) {
    assert.ok(
      rows.some((r) => r.zh === required),
      `the glossary lacks ${required}`,
    );
  }
  for (const step of walkthrough.steps) {
    const key = keyOf(step.description);
    const english = `${en[keyOf(step.title)]}\n${en[key]}\n${read(step.media.markdown)}`.toLowerCase();
    const chinese = `${zh[keyOf(step.title)]}\n${zh[key]}\n${read(step.media.markdown.replace(/\.md$/, '.nls.zh-cn.md'))}`;
    for (const row of rows) {
      const word = new RegExp(`\\b${row.en.toLowerCase().replace(/[-]/g, '[- ]')}(s|es)?\\b`);
      if (word.test(english)) assert.ok(chinese.includes(row.zh), `step ${step.id}: the English says "${row.en}", the Chinese lacks "${row.zh}"`);
    }
  }
});

test('a lesson is copied with its data, without the $schema path, and a copy already there is kept', () => {
  const dir = path.join(mkdtempSync(path.join(os.tmpdir(), 'rnn-lab-lessons-')), 'rnn-lab-lessons');
  const spec = copyLesson(LESSONS_DIR, dir, 'lesson1-memory');
  assert.equal(spec, path.join(dir, 'lesson1-memory.rnn.json'));
  assert.ok(existsSync(path.join(dir, 'data', 'sentences.txt')));
  assert.equal(JSON.parse(readFileSync(spec, 'utf8')).$schema, undefined);
  const { spec: parsed, problems } = parseSpecFile(spec);
  assert.ok(parsed, JSON.stringify(problems));
  writeFileSync(spec, readFileSync(spec, 'utf8').replace('"steps": 300', '"steps": 50'));
  copyLesson(LESSONS_DIR, dir, 'lesson1-memory');
  assert.match(readFileSync(spec, 'utf8'), /"steps": 50/, "the learner's edit stays");
  copyLesson(LESSONS_DIR, dir, 'lesson4-lstm'); // no data file
  assert.ok(existsSync(path.join(dir, 'lesson4-lstm.rnn.json')));
});
