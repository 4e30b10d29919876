// The glossary: one Chinese term for each English term of the material, used throughout the Chinese
// catalogue (zh-cn.ts), the bundles (l10n/, package.nls.zh-cn.json), the schema's translation table
// and the walkthrough. docs/glossary.md can be generated from it or checked against it.
// `main`: checked by test/messages/glossary.test.ts — where an English template uses the term, the
// Chinese one must use its translation (a few related forms are listed in `en` as alternatives).

export interface GlossaryEntry {
  /** The English term (and other forms of it that the English text may use), lower case. */
  en: readonly string[];
  /** The Chinese term. */
  zh: string;
  /** Checked in every catalogue message that uses the English term. */
  main?: boolean;
  note?: string;
}

export const GLOSSARY: readonly GlossaryEntry[] = [
  { en: ['recurrent unit', 'recurrent units'], zh: '循环单元', main: true, note: 'the cell: rnn, lstm, gru' },
  { en: ['hidden state', 'hidden states'], zh: '隐藏状态', main: true, note: 'a⟨t⟩ (h⟨t⟩ in PyTorch)' },
  { en: ['parameter sharing', 'shared across time'], zh: '参数共享', main: true },
  { en: ['variable-length sequence', 'variable-length sequences'], zh: '变长序列', main: true },
  { en: ['vanishing gradient', 'vanishing gradients'], zh: '梯度消失', main: true },
  { en: ['exploding gradient', 'exploding gradients'], zh: '梯度爆炸', main: true },
  { en: ['gradient clipping', 'clipping'], zh: '梯度裁剪', main: true },
  { en: ['residual connection', 'residual connections', 'residuals'], zh: '残差连接', main: true },
  { en: ['gating', 'gated'], zh: '门控', main: true },
  { en: ['forget gate'], zh: '遗忘门', main: true },
  { en: ['input gate'], zh: '输入门', main: true },
  { en: ['output gate'], zh: '输出门', main: true },
  { en: ['reset gate'], zh: '重置门', main: true },
  { en: ['update gate'], zh: '更新门', main: true },
  { en: ['self-attention'], zh: '自注意力', main: true },
  { en: ['parallel computation'], zh: '并行计算', main: true },
  { en: ['train', 'training'], zh: '训练', note: 'verb and noun' },
  { en: ['validation loss'], zh: '验证损失', main: true },
  { en: ['batch size'], zh: '批大小', main: true, note: 'training.batchSize' },
  { en: ['learning rate'], zh: '学习率', main: true, note: 'training.learningRate' },
  { en: ['time step', 'time steps'], zh: '时间步', main: true },
  { en: ['vocabulary'], zh: '词表', main: true },
  { en: ['token', 'tokens'], zh: '词元' },
  { en: ['embedding'], zh: '嵌入' },
  { en: ['one-hot'], zh: '独热' },
  { en: ['loss'], zh: '损失' },
  { en: ['gradient'], zh: '梯度' },
  { en: ['backpropagation through time', 'backpropagates'], zh: '沿时间反向传播' },
  { en: ['cell state'], zh: '记忆单元状态', main: true, note: 'c⟨t⟩ of an LSTM' },
  { en: ['attention'], zh: '注意力' },
  { en: ['head', 'heads'], zh: '头', note: 'attention heads' },
  { en: ['query', 'queries'], zh: '查询' },
  { en: ['key', 'keys'], zh: '键', note: 'attention keys; also the keys of a spec' },
  { en: ['residual stream'], zh: '残差流', main: true },
  { en: ['checkpoint'], zh: '检查点' },
  { en: ['run', 'runs'], zh: '运行', note: 'a recorded training run' },
  { en: ['spec'], zh: '规格', note: 'a *.rnn.json file' },
  { en: ['probe'], zh: '探针' },
  { en: ['diverged', 'diverge'], zh: '发散' },
  { en: ['workspace'], zh: '工作区' },
  { en: ['worker thread'], zh: '工作线程' },
  { en: ['kernels'], zh: '内核' },
  { en: ['optimizer'], zh: '优化器' },
  { en: ['sequence length'], zh: '序列长度', main: true },
  { en: ['feed-forward'], zh: '前馈' },
];
