// The real CLI (out/cli.js; build first) speaks Chinese with --lang zh-cn or a zh locale, English otherwise;
// --json stays machine-readable.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { rnnLab, workspace } from '../cli/cli-helpers';

const BAD = '{ "model": { "cell": "lstn" }, "task": { "kind": "adding" } }';
const GOOD = '{ "task": { "kind": "adding", "length": 8 }, "model": { "hiddenSize": 8 }, "training": { "steps": 2, "batchSize": 4, "evalEvery": 2 } }';
const ENGLISH = { LC_ALL: undefined, LC_MESSAGES: undefined, LANG: 'C.UTF-8' };
const CHINESE = { LC_ALL: undefined, LC_MESSAGES: undefined, LANG: 'zh_CN.UTF-8' };

describe('rnn-lab in Chinese', () => {
  const ws = workspace({ 'bad.rnn.json': BAD, 'good.rnn.json': GOOD });

  it('--lang zh-cn: usage, validate problems and summary', () => {
    const help = rnnLab(['--help', '--lang', 'zh-cn'], ws, 60_000, ENGLISH);
    assert.match(help.stdout, /用法：rnn-lab <命令> \[选项\]/);
    assert.match(help.stdout, /训练一个规格，并把运行记录到 \.rnn-lab\/runs\//);
    const r = rnnLab(['validate', 'bad.rnn.json', '--lang', 'zh-cn'], ws, 60_000, ENGLISH);
    assert.equal(r.code, 1);
    assert.match(
      r.stderr,
      /bad\.rnn\.json:1:\d+ {2}错误 {2}model\.cell: 必须是 "rnn"、"lstm"、"gru" 或 "transformer" 之一（实际为 "lstn"）——是不是想写 "lstm"？/,
    );
    assert.match(r.stdout, /中有 1 个错误/);
  });

  it('LANG=zh_CN.UTF-8: validate, train progress and the runs table', () => {
    const v = rnnLab(['validate', 'good.rnn.json'], ws, 60_000, CHINESE);
    assert.equal(v.code, 0, v.stderr);
    assert.match(v.stdout, /good\.rnn\.json：有效/);
    const t = rnnLab(['train', 'good.rnn.json'], ws, 120_000, CHINESE);
    assert.equal(t.code, 0, t.stderr);
    assert.match(t.stderr, /运行 .+：\d+ 个参数，2 步/);
    assert.match(t.stderr, /已完成：2 步，损失 /);
    const runs = rnnLab(['runs'], ws, 60_000, CHINESE);
    assert.match(runs.stdout, /^编号 +状态 +步数 +最佳验证损失 +创建于/m);
    assert.match(runs.stdout, /已完成/);
  });

  it('an unknown command and a bad option value in Chinese', () => {
    const r = rnnLab(['trian'], ws, 60_000, CHINESE);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /rnn-lab：未知的命令 'trian'/);
    const s = rnnLab(['train', 'good.rnn.json', '--steps', 'x'], ws, 60_000, CHINESE);
    assert.match(s.stderr, /--steps 必须是 ≥ 1 的整数（实际为 'x'）/);
  });

  it('English without a zh locale, and with --lang en over LANG=zh_CN', () => {
    const r = rnnLab(['validate', 'bad.rnn.json'], ws, 60_000, ENGLISH);
    assert.match(r.stderr, /error {2}model\.cell: must be one of "rnn", "lstm", "gru" or "transformer" \(got "lstn"\)/);
    assert.match(r.stdout, /1 error\(s\) in /);
    const e = rnnLab(['validate', 'bad.rnn.json', '--lang=en'], ws, 60_000, CHINESE);
    assert.match(e.stdout, /1 error\(s\) in /);
    assert.match(rnnLab(['--help'], ws, 60_000, ENGLISH).stdout, /^Usage: rnn-lab <command> \[options\]/m);
  });

  it('--json stays machine-readable in Chinese', () => {
    const r = rnnLab(['runs', '--json'], ws, 60_000, CHINESE);
    const list = JSON.parse(r.stdout);
    assert.ok(Array.isArray(list));
    if (list.length) assert.equal(list[0].status, 'completed');
  });

  it('every command has its option help in Chinese, with the same options', () => {
    const options = (text: string) => [...new Set(text.match(/--[a-z][a-z-]*/g) ?? [])].sort();
    const names = [...rnnLab(['--help'], ws, 60_000, ENGLISH).stdout.matchAll(/^ {2}([a-z]+) /gm)].map((m) => m[1]);
    assert.ok(names.length >= 10, names.join(' '));
    for (const name of names) {
      const en = rnnLab([name, '--help'], ws, 60_000, ENGLISH).stdout;
      const zh = rnnLab([name, '--help'], ws, 60_000, CHINESE).stdout;
      assert.match(zh, new RegExp(`^用法：rnn-lab ${name} `), name);
      assert.doesNotMatch(zh, /^Options:/m, name);
      assert.deepEqual(options(zh), options(en), name);
    }
  });

  it('a bad --lang is refused', () => {
    const r = rnnLab(['--lang', 'fr', 'runs'], ws, 60_000, ENGLISH);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /--lang takes en or zh-cn \(got 'fr'\)/);
  });
});
