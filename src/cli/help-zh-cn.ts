// Each command's option help in Simplified Chinese (`rnn-lab <command> --help` with --lang zh-cn or a
// zh locale). The English is each command's own `help` (src/cli/commands/*.ts); keep the two in step
// (test/messages/cli-lang.test.ts checks that every command has its Chinese and the same options).

const ALLOW_OUTSIDE_DATA = `  --allow-outside-data
                    即使数据文件（沿链接解析后）位于工作区之外也照样读取`;

const WORKSPACE = `  --workspace DIR   .rnn-lab/ 所在的位置（默认：最近的含 .git 的文件夹，否则为当前文件夹）`;

const TRAIN_OPTIONS = `  --threads N       float32 模型的内核线程数（默认：每个核心一个，最多 4 个；
                    也可用 RNN_LAB_THREADS=N）。无论 N 为多少，结果都完全相同。
  --json            在 stdout 上每行输出一个 JSON 事件（started、progress、eval、probe、finished）；
                    规格的警告与不加 --json 时一样输出到 stderr
  --workspace DIR   .rnn-lab/ 所在的位置（默认：规格最近的含 .git 的文件夹，否则为规格所在文件夹）
${ALLOW_OUTSIDE_DATA}

按 Ctrl-C 会干净地停止：运行记录为 'stopped'（已停止），并保留最后一个检查点。`;

export const HELP_ZH_CN: Readonly<Record<string, string>> = {
  train: `选项：
  --steps N         覆盖 training.steps
${TRAIN_OPTIONS}`,
  resume: `RUN 是 \`rnn-lab runs\` 中的运行编号（唯一前缀，或 'latest'）。运行在它自己的文件夹中继续：
优化器状态、数据位置和数据流的隐藏状态都会恢复，所以它的指标与没有中断时相同。
检查点之后记录的事件（被中断的运行的最后几步）会被重新训练得到的事件替换。

选项：
  --steps N         训练到第 N 步（默认：规格的 training.steps；已完成的运行
                    只有给出更大的 N 才会继续）
${TRAIN_OPTIONS}`,
  validate: `选项：
${ALLOW_OUTSIDE_DATA}`,
  runs: `选项：
  --json            输出一个数组：{id, name, status, createdAt, bestValLoss, ...}
${WORKSPACE}`,
  sample: `选项：
  --length N        要生成的词元数（默认 300）
  --temperature T   0 = 总是选最可能的词元，1 = 按模型的分布（默认 0.8）
  --prime TEXT      起始文本（默认：一个换行符）
  --seed N          采样种子（默认 1）
${WORKSPACE}`,
  delete: `RUN 是 \`rnn-lab runs\` 中的运行编号（或其唯一前缀）。不会再次确认。

选项：
  --force           连仍在训练的运行（其进程还活着）也删除
${WORKSPACE}`,
  grads: `所有大小都取自权重；规格只提供 model.cell、activation 和 residual（transformer 还有 model.heads）；它的任务会被忽略。
批次文件为 {"inputs", "targets", "loss": "cross-entropy" | "mse", "at": "every" | "last"}。
选项：
  --dtype float32|float64   运算精度（默认 float64）`,
  gradcheck: `在规格的模型上，用它任务中的一个小批次（2 个序列，最多 --steps 个时间步）。
选项：
  --per-tensor N   每个张量检查的元素数（默认 64；张量更小时全部检查）
  --steps N        批次的时间步数（默认 12）
${ALLOW_OUTSIDE_DATA}`,
  bench: `选项：
  --seq LIST    扫描序列长度：每个 T 的每步毫秒数和词元/秒（例如 16,32,64,128,256,512）
  --twin        与 --seq 一起用：同时测量该规格另一族的孪生规格（rnn-lab twin）
  --seconds S   预热之后测量的时长（默认 10）
  --steps N     改为恰好测量 N 步
  --warmup N    不计入测量的预热步数（默认 3）
  --threads N   float32 模型的内核线程数（默认：每个核心一个，最多 4 个；
                也可用 RNN_LAB_THREADS=N）
  --json        输出一个 JSON 对象
${ALLOW_OUTSIDE_DATA}`,
  twin: `孪生规格保留任务和训练设置，只换模型：循环规格的孪生是因果 Transformer，
Transformer 的孪生是 LSTM，层数相同，宽度取参数量最接近的那个。两者都训练后可以比较（比较运行），
或用 \`rnn-lab bench SPEC --seq 16,32,64,128,256,512 --twin\` 在各序列长度上测量两者。

选项：
  --out FILE   写到哪里（默认：SPEC 旁边，名为 <spec>-transformer.rnn.json 或 <spec>-lstm.rnn.json）
  --force      覆盖已有的文件`,
  export: `写出 DIR/model.py、data.py、train.py、spec.rnn.json 和 README.md（含确切的命令）。
选项：
  --out DIR         要写入的文件夹（需要时会创建）
  --from RUN        从一个运行的权重开始：运行编号（或唯一前缀，或 'latest'）、运行文件夹
                    或 weights.safetensors；复制为 DIR/weights.safetensors
  --copy-data       把规格的数据文件复制到 DIR/data/（默认：就地读取）
  --workspace DIR   .rnn-lab/ 所在的位置，用于 --from（默认：规格最近的含 .git 的文件夹）`,
};
