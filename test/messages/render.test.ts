// Problems, errors and divergences render in both languages from one message.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { divergenceMessage, recordedValue } from '../../src/messages/divergence';
import { renderError, UserError } from '../../src/messages/errors';
import { langFromEnv, langOf, parseLang } from '../../src/messages/lang';
import { render } from '../../src/messages/render';
import { formatProblems, problemText } from '../../src/spec/format-problems';
import { parseSpec } from '../../src/spec/parse';
import { TaskDataError } from '../../src/tasks/task-data-error';
import { describeDivergence } from '../../src/train/divergence';
import { SpecError } from '../../src/train/spec-error';

const BAD = '{ "model": { "cell": "lstn", "hiddenSize": 0 }, "task": { "kind": "adding", "lenght": 5 } }';

describe('spec problems as data', () => {
  const { problems } = parseSpec(BAD);
  it('carry a code and args, and the English message rendered from them', () => {
    assert.ok(problems.length >= 3);
    for (const p of problems) {
      assert.match(p.code, /^[a-z]+\.[A-Za-z]+/);
      assert.equal(render({ code: p.code, args: p.args }, 'en'), p.message);
    }
    assert.deepEqual(
      problems.map((p) => p.message),
      [
        'must be one of "rnn", "lstm", "gru" or "transformer" (got "lstn") — did you mean "lstm"?',
        'must be an integer ≥ 1 (got 0)',
        "unknown key 'lenght' for a \"adding\" task — did you mean 'length'?",
      ],
    );
  });
  it('render in Chinese', () => {
    const zh = problems.map((p) => problemText(p, 'zh-cn'));
    assert.equal(zh[0], '必须是 "rnn"、"lstm"、"gru" 或 "transformer" 之一（实际为 "lstn"）——是不是想写 "lstm"？');
    assert.equal(zh[1], '必须是 ≥ 1 的整数（实际为 0）');
    assert.match(zh[2], /"adding" 任务没有键 'lenght'——是不是想写 'length'？/);
    assert.match(formatProblems('a.rnn.json', problems, 'zh-cn'), /^a\.rnn\.json:1:\d+ {2}错误 {2}model\.cell: 必须是/);
  });
  it('a missing key quotes the schema description in the language', () => {
    const { problems: p } = parseSpec('{ "task": { "kind": "char-lm" } }');
    const missing = p.find((x) => x.code.startsWith('spec.missingKey'))!;
    assert.match(missing.message, /missing required key 'file' for a "char-lm" task — the training text/);
    assert.match(problemText(missing, 'zh-cn'), /"char-lm" 任务缺少必需的键 'file'——训练文本/);
  });
  it('a size refusal counts in the language', () => {
    const { problems: p } = parseSpec('{ "task": { "kind": "adding" }, "model": { "hiddenSize": 100000, "layers": 10 } }');
    const size = p.find((x) => x.code === 'size.params')!;
    assert.match(size.message, /the model would have ≈ [\d.]+ billion parameters, mostly in the recurrent layers \(limit 500 million\)/);
    assert.match(problemText(size, 'zh-cn'), /模型将有 ≈ [\d.]+ 亿 个参数，主要在循环层（上限 5 亿）/);
  });
});

describe('divergence as data', () => {
  const d = { step: 120, cause: 'loss-grew' as const, value: 1234.5, baseline: 2.3, advice: 'add-clip' as const, learningRate: 0.1 };
  it('English, as before', () => {
    assert.equal(
      describeDivergence(d),
      'Training diverged at step 120: the loss grew to 1235, more than 10× its start (2.3). The last checkpoint was kept. Try gradient clipping ("training.clip": { "norm": 1 }) or a smaller "training.learningRate" (now 0.1, e.g. 0.01).',
    );
  });
  it('Chinese, from the same data', () => {
    const zh = render(divergenceMessage(d), 'zh-cn');
    assert.match(zh, /^训练在第 120 步发散：损失增大到 1235，超过起始值（2\.3）的 10 倍。已保留最后一个检查点。请试试梯度裁剪/);
    assert.match(zh, /学习率，现在为 0\.1，例如 0\.01/);
  });
});

describe('a divergence on a NaN or infinity, read back from JSON', () => {
  const d = { step: 2, cause: 'gradient-not-finite' as const, value: recordedValue(Infinity), advice: 'add-clip' as const, learningRate: 1000 };
  it('names the value the trainer saw, not null', () => {
    const back = JSON.parse(JSON.stringify(d)) as typeof d;
    assert.match(render(divergenceMessage(back), 'en'), /the gradient became Infinity\./);
    assert.match(render(divergenceMessage({ ...back, cause: 'loss-not-finite', value: recordedValue(NaN) }), 'zh-cn'), /损失变成了 NaN/);
  });
  it('a run recorded before (null in its summary) does not say null', () => {
    const legacy = { ...d, value: null as unknown as number };
    assert.doesNotMatch(render(divergenceMessage(legacy), 'en'), /null/);
  });
});

describe('errors as data', () => {
  it('each error class carries a code and a message', () => {
    const data = new TaskDataError({ code: 'data.labelMissing' }, { file: 'd.jsonl', line: 3 });
    assert.equal(data.code, 'data');
    assert.equal(data.message, 'd.jsonl:3: "label" is missing');
    assert.equal(renderError(data, 'zh-cn'), 'd.jsonl:3：缺少 "label"');
    const spec = new SpecError('a.rnn.json', []);
    assert.equal(spec.code, 'spec');
    assert.equal(renderError(spec, 'zh-cn'), 'a.rnn.json：规格中有 0 个问题');
    const user = new UserError('plain text');
    assert.equal(user.code, 'user');
    assert.equal(renderError(user, 'zh-cn'), 'plain text');
    assert.equal(renderError(new Error('boom'), 'zh-cn'), 'boom');
  });
});

describe('language from the locale', () => {
  it('zh_CN.UTF-8, zh-cn, zh-Hans are Chinese; the rest English', () => {
    assert.equal(langOf('zh_CN.UTF-8'), 'zh-cn');
    assert.equal(langOf('zh-cn'), 'zh-cn');
    assert.equal(langOf('zh-Hans'), 'zh-cn');
    assert.equal(langOf('en_US.UTF-8'), 'en');
    assert.equal(langOf('C'), 'en');
    assert.equal(langOf(undefined), 'en');
    assert.equal(langFromEnv({ LANG: 'zh_CN.UTF-8' }), 'zh-cn');
    assert.equal(langFromEnv({ LC_ALL: 'C', LANG: 'zh_CN.UTF-8' }), 'en');
    assert.equal(langFromEnv({ LC_MESSAGES: 'zh_CN' }), 'zh-cn');
    assert.equal(parseLang('zh-cn'), 'zh-cn');
    assert.equal(parseLang('en'), 'en');
    assert.equal(parseLang('fr'), undefined);
  });
});
