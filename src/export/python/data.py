"""RNN Lab's six task kinds, with the engine's exact data semantics.

    char-lm   next-character prediction over a text file (vocabulary: the sorted characters)
    word-lm   the same over words and punctuation marks (vocabulary: <unk>, then by frequency)
    adding    the adding problem: MSE of the sum of two marked values, at the last step
    copy      copy-memory: replay `length` symbols after `delay` blanks and a go marker
    classify  one label per line of a JSON Lines file (text, scalars or vectors)
    series    next-row regression over the named columns of a CSV file (standardised)

Vocabularies, label order, validation splits, stream windows (the hidden state is carried from one
window to the next for char-lm, word-lm and series), padding and masks are those of RNN Lab. The
random numbers come from a port of RNN Lab's own generator (mulberry32), so the same seed gives the
same batches in the same order.

A batch is a Batch: x (token ids [B, T] long, or reals [B, T, I]), target (class ids [B, T] with -1
where a step is not scored, class ids [B], reals [B, T, O] or reals [B, O]), and optionally mask
([B, T], 1 = scored; regression streams with padding) and lengths ([B], valid steps per row).
"""
import json
import math
import os
import re
import unicodedata

import torch

HERE = os.path.dirname(os.path.abspath(__file__))

TASK_DEFAULTS = {
    "char-lm": {"validation": 0.1},
    "word-lm": {"vocabSize": 10000, "validation": 0.1, "lowercase": True},
    "adding": {"length": 50},
    "copy": {"symbols": 8, "length": 10, "delay": 0},
    "classify": {"split": "chars", "validation": 0.1},
    "series": {"validation": 0.1},
}
STREAM_KINDS = ("char-lm", "word-lm", "series")
STREAM_BPTT_DEFAULT = 50
TRAINING_DEFAULTS = {
    "optimizer": "adam", "learningRate": 0.002, "batchSize": 32, "steps": 1000,
    "seed": 1, "evalEvery": 100, "dtype": "float32",
}
UNK = "<unk>"

# The validation sets of the synthetic tasks: this many sequences from this seed (as RNN Lab).
ADDING_VALIDATION_SIZE, ADDING_VALIDATION_SEED = 512, 1997
COPY_VALIDATION_SIZE, COPY_VALIDATION_SEED = 512, 2016


class TaskDataError(Exception):
    """A problem with the task's data or settings, as "file:line: what"."""


def task_settings(spec):
    """The spec's "task" section with its defaults filled in."""
    task = dict(spec["task"])
    for key, value in TASK_DEFAULTS.get(task["kind"], {}).items():
        task.setdefault(key, value)
    return task


def training_settings(spec):
    """The spec's "training" section with its defaults filled in (bptt: 50 for streams, else 0)."""
    t = dict(TRAINING_DEFAULTS)
    t.update(spec.get("training", {}))
    if "bptt" not in t:
        t["bptt"] = STREAM_BPTT_DEFAULT if spec["task"]["kind"] in STREAM_KINDS else 0
    return t


def torch_dtype(spec):
    return torch.float64 if training_settings(spec)["dtype"] == "float64" else torch.float32


# --- RNN Lab's random numbers (src/engine/rng.ts): mulberry32, bit for bit -----------------------

_M32 = 0xFFFFFFFF


def _imul(a, b):
    return (a * b) & _M32


class Rng:
    """A seeded generator that draws exactly the numbers RNN Lab's Rng draws."""

    def __init__(self, seed):
        self.s = (int(seed) & _M32) ^ 0x9E3779B9
        self.spare = None

    def next(self):
        """Uniform in [0, 1)."""
        self.s = t = (self.s + 0x6D2B79F5) & _M32
        t = _imul(t ^ (t >> 15), t | 1)
        t ^= (t + _imul(t ^ (t >> 7), t | 61)) & _M32
        return ((t ^ (t >> 14)) & _M32) / 4294967296

    def uniform(self, lo, hi):
        return lo + (hi - lo) * self.next()

    def int(self, n):
        """An integer in [0, n)."""
        return math.floor(self.next() * n)

    def normal(self):
        """Standard normal (Box-Muller, the second value kept for the next call)."""
        if self.spare is not None:
            v, self.spare = self.spare, None
            return v
        u = 0.0
        while u == 0.0:
            u = self.next()
        v = self.next()
        r = math.sqrt(-2 * math.log(u))
        self.spare = r * math.sin(2 * math.pi * v)
        return r * math.cos(2 * math.pi * v)

    def fork(self, salt):
        """A child generator with its own stream (RNN Lab: fork(1) initialises, fork(2) draws data)."""
        return Rng((math.floor(self.next() * 4294967296) ^ _imul(salt + 1, 0x85EBCA6B)) & _M32)


# --- text helpers ---------------------------------------------------------------------------------

# JavaScript's \s (what RNN Lab splits on), which differs slightly from str.isspace().
_JS_SPACE = set("\t\n\v\f\r \u00a0\u1680\u2028\u2029\u202f\u205f\u3000\ufeff") | {chr(c) for c in range(0x2000, 0x200B)}
_JS_SPACE_RE = re.compile("[" + "".join(sorted(_JS_SPACE)).replace("\\", "\\\\") + "]+")


def code_unit_order(s):
    """JavaScript's default string order (UTF-16 code units), which RNN Lab sorts vocabularies by."""
    return s.encode("utf-16-be", "surrogatepass")


def read_data_file(path, file):
    """The file as text (invalid UTF-8 read as U+FFFD, a byte order mark dropped), never empty."""
    try:
        with open(path, "r", encoding="utf-8", errors="replace", newline="") as f:
            text = f.read()
    except FileNotFoundError:
        raise TaskDataError(f"{file}: no such file (looked for {path})") from None
    except OSError as e:
        raise TaskDataError(f"{file}: cannot read it ({e})") from None
    if text.startswith("\ufeff"):
        text = text[1:]
    if text == "":
        raise TaskDataError(f"{file}: the file is empty")
    return text


def _is_letter(ch):  # \p{L} or \p{M}
    return unicodedata.category(ch)[0] in "LM"


def _is_number(ch):  # \p{N}
    return unicodedata.category(ch)[0] == "N"


def word_tokens(text, lowercase=False):
    """Words (with inner apostrophes, as in "don't"), numbers ("3.14", "1,000"), each other mark on its
    own, and "\\n" as a token; other whitespace separates. The same tokens as RNN Lab's word-lm."""
    out, i, n = [], 0, len(text)
    while i < n:
        ch = text[i]
        if ch == "\n":
            out.append("\n")
            i += 1
            continue
        for first, joiners in ((_is_letter, "'\u2019"), (_is_number, ".,:")):
            if first(ch):
                j = i + 1
                while j < n and first(text[j]):
                    j += 1
                while j + 1 < n and text[j] in joiners and first(text[j + 1]):
                    j += 2
                    while j < n and first(text[j]):
                        j += 1
                out.append(text[i:j])
                i = j
                break
        else:
            if ch not in _JS_SPACE:
                out.append(ch)
            i += 1
    return [t.lower() for t in out] if lowercase else out


def js_number_text(x):
    """String(x) of JavaScript for a JSON number (3.0 -> "3")."""
    if isinstance(x, float) and x.is_integer() and abs(x) < 1e21:
        return str(int(x))
    return str(x) if isinstance(x, int) else repr(x)


def js_number(cell):
    """Number(cell) of JavaScript for a trimmed CSV cell, or None when it is not a finite number."""
    if cell == "" or "_" in cell:
        return None
    try:
        v = float(cell)
    except ValueError:
        try:
            v = float(int(cell, 0)) if cell[:2].lower() in ("0x", "0o", "0b") else None
        except ValueError:
            v = None
    return v if v is not None and math.isfinite(v) else None


def visible_char(ch):
    """A character as a person can see it: '␣' for space, '⏎' for newline, control pictures."""
    if ch == " ":
        return "\u2423"
    if ch == "\n":
        return "\u23ce"
    if ch == "\t":
        return "\u21e5"
    code = ord(ch[0]) if ch else 0
    if code < 0x20:
        return chr(0x2400 + code)
    return "\u2421" if code == 0x7F else ch


def visible_token(token):
    return visible_char(token) if len(token) == 1 else token


def format_value(v):
    return f"{float(v):.2f}"


def format_vector(values):
    values = [float(v) for v in values]
    return " ".join(format_value(v) for v in values[:4]) + (" \u2026" if len(values) > 4 else "")


# --- batches --------------------------------------------------------------------------------------


class Batch:
    """One mini-batch, batch first. See the module's docstring for the fields."""

    def __init__(self, x, target, mask=None, lengths=None):
        self.x, self.target, self.mask, self.lengths = x, target, mask, lengths
        self.B, self.T = x.shape[0], x.shape[1]

    def rows(self, begin, end):
        """Rows [begin, end): one process's share of a global batch under DistributedDataParallel."""
        pick = lambda t: None if t is None else t[begin:end]
        return Batch(self.x[begin:end], self.target[begin:end], pick(self.mask), pick(self.lengths))

    def time_slice(self, t0, t1):
        """Steps [t0, t1) of a batch scored at every step (truncated BPTT inside long sequences)."""
        lengths = None if self.lengths is None else (self.lengths - t0).clamp(0, t1 - t0)
        mask = None if self.mask is None else self.mask[:, t0:t1]
        return Batch(self.x[:, t0:t1], self.target[:, t0:t1], mask, lengths)

    def to(self, device, dtype):
        conv = lambda t: None if t is None else (t.to(device, dtype) if t.is_floating_point() else t.to(device))
        return Batch(conv(self.x), conv(self.target), conv(self.mask), conv(self.lengths))


class StreamWindow:
    """Lane b's step t reads input position starts[b] + t; steps t >= valid[b] are padding."""

    def __init__(self, B, T, starts, valid):
        self.B, self.T, self.starts, self.valid = B, T, starts, valid


class TrainStream:
    """B lanes, lane b reads the contiguous region [b*L, (b+1)*L) of input positions; window k+1 of a
    lane continues window k (so the state is carried). Each epoch after the first starts at a random
    offset in [0, T), so window boundaries fall elsewhere on each pass."""

    def __init__(self, items, B, T, too_short):
        self.items, self.B, self.T = items, B, T
        self.lane_length = (items - 1) // B
        if self.lane_length < T:
            raise too_short()
        self.offset = self.window = self.epoch = 0
        self.windows_this_epoch = self.lane_length // T

    def next(self, rng):
        if self.window >= self.windows_this_epoch:
            self.epoch += 1
            self.offset = rng.int(min(self.T, self.lane_length - self.T + 1))
            self.windows_this_epoch = (self.lane_length - self.offset) // self.T
            self.window = 0
        starts = [b * self.lane_length + self.offset + self.window * self.T for b in range(self.B)]
        self.window += 1
        return StreamWindow(self.B, self.T, starts, [self.T] * self.B)


def validation_windows(first, items, max_lanes, T):
    """Windows over items [first, first + items) that cover its items-1 scored steps exactly once:
    at most max_lanes lanes of equal length (the last may be shorter), read in windows of T steps."""
    scored = items - 1
    if scored <= 0:
        return []
    wanted = max(1, min(max_lanes, -(-scored // T)))
    lane_length = -(-scored // wanted)
    lanes = -(-scored // lane_length)
    out = []
    for k in range(-(-lane_length // T)):
        starts, valid = [], []
        for b in range(lanes):
            lane_start = b * lane_length
            lane_end = min(lane_start + lane_length, scored)
            s = lane_start + k * T
            starts.append(first + s)
            valid.append(max(0, min(T, lane_end - s)))
        out.append(StreamWindow(lanes, T, starts, valid))
    return out


def token_window_batch(ids, w):
    """Token ids [B, T] and the next token as target (-1 on padding)."""
    x = torch.zeros(w.B, w.T, dtype=torch.long)
    y = torch.full((w.B, w.T), -1, dtype=torch.long)
    for b in range(w.B):
        s, n = w.starts[b], w.valid[b]
        if n > 0:
            x[b, :n] = ids[s:s + n]
            y[b, :n] = ids[s + 1:s + n + 1]
    return Batch(x, y)


def real_window_batch(rows, w, dtype):
    """Rows of reals [B, T, C] and the next row as target; a mask when some steps are padding."""
    C = rows.shape[1]
    x = torch.zeros(w.B, w.T, C, dtype=dtype)
    y = torch.zeros(w.B, w.T, C, dtype=dtype)
    padded = any(v < w.T for v in w.valid)
    mask = torch.zeros(w.B, w.T, dtype=dtype) if padded else None
    for b in range(w.B):
        s, n = w.starts[b], w.valid[b]
        if n > 0:
            x[b, :n] = rows[s:s + n]
            y[b, :n] = rows[s + 1:s + n + 1]
            if mask is not None:
                mask[b, :n] = 1
    return Batch(x, y, mask)


# --- the tasks ------------------------------------------------------------------------------------


class Task:
    """What the trainer reads: sizes, the loss and where it is scored, and batches.

    probe() gives a fixed sequence for the hidden-state probe and its step labels.
    next_train_batch(rng) draws the next training batch of train_batch rows (streams: window k+1 of
    each lane continues window k); validation_batches() is the fixed held-out set, in batches of
    val_batch rows (streams: consecutive batches continue each other, so the state is carried)."""

    def __init__(self, kind, input_kind, input_size, output_size, loss, at, stream, max_steps,
                 tokens_per_batch, next_train_batch, validation_batches, vocab=None, labels=None, probe=None):
        self.kind, self.input_kind, self.input_size, self.output_size = kind, input_kind, input_size, output_size
        self.loss, self.at, self.stream, self.max_steps = loss, at, stream, max_steps
        self.tokens_per_batch = tokens_per_batch
        self.next_train_batch, self._validation = next_train_batch, validation_batches
        self._validation_cache = None
        self.vocab, self.labels = vocab, labels
        self._probe = probe

    def probe(self):
        """A fixed validation sequence (B = 1) and a display label per step: what the panel's
        hidden-state heatmaps show, the same sequence RNN Lab probes."""
        return self._probe()

    def validation_batches(self):
        if self._validation_cache is None:
            self._validation_cache = self._validation()
        return self._validation_cache

    def vocab_file(self):
        """vocab.json as RNN Lab writes it: what sampling and the panel need without the data file."""
        out = {"kind": self.kind, "inputKind": self.input_kind, "inputSize": self.input_size,
               "outputSize": self.output_size, "loss": self.loss, "at": self.at}
        if self.vocab is not None:
            out["vocab"] = self.vocab
        if self.labels is not None:
            out["labels"] = self.labels
        out["maxSteps"] = self.max_steps
        return out


def data_path(spec_dir, file):
    if not isinstance(file, str) or file == "":
        raise TaskDataError("task.file must name a data file")
    return os.path.normpath(os.path.join(spec_dir, file))


def load_task(spec, spec_dir=HERE, train_batch=None, val_batch=None):
    """The spec's task. Data files are resolved against spec_dir (the spec's folder). train_batch is
    the rows of one training batch (default training.batchSize; under DDP, batchSize x processes)."""
    task = task_settings(spec)
    training = training_settings(spec)
    B = training["batchSize"]
    train_batch = train_batch or B
    val_batch = val_batch or B
    dtype = torch_dtype(spec)
    kind = task["kind"]
    if kind in ("char-lm", "word-lm"):
        text = read_data_file(data_path(spec_dir, task["file"]), task["file"])
        if kind == "char-lm":
            ids, vocab = encode_chars(text)
        else:
            ids, vocab = encode_words(text, task["vocabSize"], task["lowercase"], task["validation"])
            if len(ids) == 0:
                raise TaskDataError(f"{task['file']}: the file has no words")
        unit = "characters" if kind == "char-lm" else "tokens"
        return _stream_task(kind, task, training, torch.tensor(ids, dtype=torch.long), vocab, unit, train_batch, val_batch, dtype)
    if kind == "series":
        return _series_task(task, training, spec_dir, train_batch, val_batch, dtype)
    if kind == "adding":
        return _adding_task(task, train_batch, val_batch, dtype)
    if kind == "copy":
        return _copy_task(task, train_batch, val_batch)
    if kind == "classify":
        return _classify_task(task, spec_dir, train_batch, val_batch, dtype)
    raise TaskDataError(f"unknown task.kind {kind!r}")


def task_shape(spec, spec_dir=HERE):
    """The sizes build_model needs: inputKind, inputSize, outputSize, maxSteps."""
    t = load_task(spec, spec_dir)
    return {"inputKind": t.input_kind, "inputSize": t.input_size, "outputSize": t.output_size, "maxSteps": t.max_steps}


def encode_chars(text):
    """Sorted unique characters of the text, and the text as ids ("\\r\\n" counts as "\\n")."""
    text = text.replace("\r\n", "\n")
    vocab = sorted(set(text), key=code_unit_order)
    id_of = {ch: i for i, ch in enumerate(vocab)}
    return [id_of[ch] for ch in text], vocab


def encode_words(text, vocab_size, lowercase, validation):
    """word-lm ids: id 0 = <unk>, then the vocab_size-1 most frequent tokens of the training part
    (most frequent first, ties in code-unit order); any other token reads as <unk>."""
    tokens = word_tokens(text, lowercase)
    n = len(tokens)
    train_items = n - math.floor(n * validation)
    counts = {}
    for t in tokens[:train_items]:
        counts[t] = counts.get(t, 0) + 1
    kept = sorted(counts, key=lambda t: (-counts[t], code_unit_order(t)))[:vocab_size - 1]
    id_of = {t: k + 1 for k, t in enumerate(kept)}
    return [id_of.get(t, 0) for t in tokens], [UNK] + kept


def _check_validation(v):
    if not (0 <= v < 1):
        raise TaskDataError(f"task.validation must be in [0, 1), got {v}")
    return v


def _stream_task(kind, task, training, ids, vocab, unit, train_batch, val_batch, dtype):
    validation = _check_validation(task["validation"])
    T = training["bptt"] if training["bptt"] > 0 else STREAM_BPTT_DEFAULT
    held_out = math.floor(len(ids) * validation)
    train_items = len(ids) - held_out

    def too_short():
        return TaskDataError(
            f"{task['file']}: the training part has {train_items} {unit}, but {train_batch} lanes (training.batchSize"
            f" x processes) of {T}-step windows (training.bptt) need at least {train_batch * T + 1}; use a longer"
            " text or lower training.batchSize or training.bptt")

    stream = TrainStream(train_items, train_batch, T, too_short)
    label = visible_char if kind == "char-lm" else visible_token

    def probe():
        # From the first line start of the held-out part that leaves room for the window.
        first, items = (train_items, held_out) if held_out >= 2 else (0, train_items)
        steps = min(T, items - 1)
        newline = vocab.index("\n") if "\n" in vocab else -1
        start, p = first, first
        while newline >= 0 and p + 1 + steps < first + items:
            if int(ids[p]) == newline:
                start = p + 1
                break
            p += 1
        batch = token_window_batch(ids, StreamWindow(1, steps, [start], [steps]))
        return batch, [label(vocab[int(i)]) for i in batch.x[0]]

    return Task(kind, "tokens", len(vocab), len(vocab), "cross-entropy", "every", True, T, train_batch * T,
                lambda rng: token_window_batch(ids, stream.next(rng)),
                lambda: [token_window_batch(ids, w) for w in validation_windows(train_items, held_out, val_batch, T)],
                vocab=vocab, probe=probe)


def parse_csv_line(line):
    """Comma-separated fields, optional double quotes ("" inside quotes is a quote)."""
    fields, i = [], 0
    while True:
        j = i
        while j < len(line) and line[j] == " ":
            j += 1
        if j < len(line) and line[j] == '"':
            j += 1
            text = ""
            while j < len(line):
                if line[j] == '"':
                    if j + 1 < len(line) and line[j + 1] == '"':
                        text += '"'
                        j += 2
                        continue
                    j += 1
                    break
                text += line[j]
                j += 1
            while j < len(line) and line[j] != ",":
                j += 1
        else:
            j = line.find(",", i)
            if j < 0:
                j = len(line)
            text = line[i:j]
        fields.append(text)
        if j >= len(line):
            return fields
        i = j + 1


def _series_task(task, training, spec_dir, train_batch, val_batch, dtype):
    file, columns = task["file"], task.get("columns") or []
    if not columns:
        raise TaskDataError("task.columns must name at least one column")
    validation = _check_validation(task["validation"])
    T = training["bptt"] if training["bptt"] > 0 else STREAM_BPTT_DEFAULT
    lines = re.split(r"\r?\n", read_data_file(data_path(spec_dir, file), file))
    h = 0
    while h < len(lines) and lines[h].strip() == "":
        h += 1
    if h == len(lines):
        raise TaskDataError(f"{file}: the file has no header row")
    header = [f.strip() for f in parse_csv_line(lines[h])]
    index = []
    for name in columns:
        if name not in header:
            raise TaskDataError(f"{file}:{h + 1}: there is no column {json.dumps(name)}; the columns are {header}")
        index.append(header.index(name))
    C = len(columns)
    values = []
    for l in range(h + 1, len(lines)):
        if lines[l].strip() == "":
            continue
        fields = parse_csv_line(lines[l])
        for c in range(C):
            if index[c] >= len(fields):
                raise TaskDataError(f"{file}:{l + 1}: the row has {len(fields)} fields, so no column {json.dumps(columns[c])}")
            v = js_number(fields[index[c]].strip())
            if v is None:
                raise TaskDataError(f"{file}:{l + 1}: column {json.dumps(columns[c])} has {fields[index[c]].strip()!r}, which is not a number")
            values.append(v)
    rows = len(values) // C
    held_out = math.floor(rows * validation)
    train_rows = rows - held_out

    def too_short():
        return TaskDataError(
            f"{file}: the training part has {train_rows} rows, but {train_batch} lanes (training.batchSize x processes)"
            f" of {T}-step windows (training.bptt) need at least {train_batch * T + 1}; use more rows or lower"
            " training.batchSize or training.bptt")

    stream = TrainStream(train_rows, train_batch, T, too_short)
    # Standardise each column with the mean and (population) std of the training rows, summed in
    # the same order as RNN Lab so the numbers agree to the last bit.
    means, stds = [], []
    for c in range(C):
        mean = 0.0
        for r in range(train_rows):
            mean += values[r * C + c]
        mean /= train_rows
        var = 0.0
        for r in range(train_rows):
            var += (values[r * C + c] - mean) ** 2
        std = math.sqrt(var / train_rows)
        std = std if std > 1e-12 else 1.0
        means.append(mean)
        stds.append(std)
        for r in range(rows):
            values[r * C + c] = (values[r * C + c] - mean) / std
    table = torch.tensor(values, dtype=torch.float64).reshape(rows, C).to(dtype)

    def probe():
        first = train_rows if held_out >= 2 else 0
        steps = min(T, (held_out if held_out >= 2 else train_rows) - 1)
        # shown in the file's units, not standardised
        labels = [" ".join(format_value(values[(first + t) * C + c] * stds[c] + means[c]) for c in range(C)) for t in range(steps)]
        return real_window_batch(table, StreamWindow(1, steps, [first], [steps]), dtype), labels

    return Task("series", "real", C, C, "mse", "every", True, T, train_batch * T,
                lambda rng: real_window_batch(table, stream.next(rng), dtype),
                lambda: [real_window_batch(table, w, dtype) for w in validation_windows(train_rows, held_out, val_batch, T)],
                probe=probe)


def _adding_batch(rng, B, T, dtype):
    """B sequences of T steps of [value, marker]; the target is the sum of the two marked values."""
    x = torch.zeros(B, T, 2, dtype=torch.float64)
    y = torch.zeros(B, 1, dtype=torch.float64)
    for b in range(B):
        values = [rng.next() for _ in range(T)]
        half = T // 2
        first = rng.int(half)
        second = half + rng.int(T - half)
        x[b, :, 0] = torch.tensor(values, dtype=torch.float64)
        x[b, first, 1] = 1
        x[b, second, 1] = 1
        y[b, 0] = values[first] + values[second]
    return Batch(x.to(dtype), y.to(dtype))


def _adding_task(task, train_batch, val_batch, dtype):
    T = task["length"]
    if not isinstance(T, int) or T < 2:
        raise TaskDataError(f"task.length must be an integer of at least 2, got {T}")

    def validation():
        rng, out, left = Rng(ADDING_VALIDATION_SEED), [], ADDING_VALIDATION_SIZE
        while left > 0:
            out.append(_adding_batch(rng, min(val_batch, left), T, dtype))
            left -= val_batch
        return out

    def probe():
        batch = _adding_batch(Rng(ADDING_VALIDATION_SEED), 1, T, dtype)
        steps = batch.x[0].tolist()
        return batch, [f"[{format_value(v)}]" if m == 1 else format_value(v) for v, m in steps]

    return Task("adding", "real", 2, 1, "mse", "last", False, T, train_batch * T,
                lambda rng: _adding_batch(rng, train_batch, T, dtype), validation, probe=probe)


def copy_vocab(symbols):
    """The symbols ("A".."Z", or "0".."n-1" past 26), then blank "_" and go "\u2192"."""
    names = [chr(65 + k) if symbols <= 26 else str(k) for k in range(symbols)]
    return names + ["_", "\u2192"]


def _copy_batch(rng, B, symbols, length, delay):
    T = 2 * length + delay + 1
    blank, go = symbols, symbols + 1
    x = torch.full((B, T), blank, dtype=torch.long)
    y = torch.full((B, T), -1, dtype=torch.long)
    for b in range(B):
        for k in range(length):
            s = rng.int(symbols)
            x[b, k] = s
            y[b, length + delay + 1 + k] = s
        x[b, length + delay] = go
    return Batch(x, y)


def _copy_task(task, train_batch, val_batch):
    symbols, length, delay = task["symbols"], task["length"], task["delay"]
    T = 2 * length + delay + 1
    vocab = copy_vocab(symbols)

    def validation():
        rng, out, left = Rng(COPY_VALIDATION_SEED), [], COPY_VALIDATION_SIZE
        while left > 0:
            out.append(_copy_batch(rng, min(val_batch, left), symbols, length, delay))
            left -= val_batch
        return out

    def probe():
        batch = _copy_batch(Rng(COPY_VALIDATION_SEED), 1, symbols, length, delay)
        return batch, [vocab[int(i)] for i in batch.x[0]]

    return Task("copy", "tokens", len(vocab), len(vocab), "cross-entropy", "every", False, T, train_batch * T,
                lambda rng: _copy_batch(rng, train_batch, symbols, length, delay), validation, vocab=vocab, probe=probe)


def split_text(text, split):
    if split == "chars":
        return list(text)
    if split == "words":
        return word_tokens(text)
    return [t for t in _JS_SPACE_RE.split(text) if t != ""]


def held_out_mask(n, fraction):
    """floor(n * fraction) lines spread evenly through the file: i is held out when floor((i+1)f) > floor(i f)."""
    return [math.floor((i + 1) * fraction) > math.floor(i * fraction) for i in range(n)]


def _classify_task(task, spec_dir, train_batch, val_batch, dtype):
    file, split = task["file"], task["split"]
    validation = _check_validation(task["validation"])
    lines, kind, feature_size = [], None, 0
    for number, raw in enumerate(re.split(r"\r?\n", read_data_file(data_path(spec_dir, file), file)), 1):
        raw = raw.strip()
        if raw == "":
            continue
        try:
            record = json.loads(raw)
        except ValueError as e:
            raise TaskDataError(f"{file}:{number}: not valid JSON ({e})") from None
        if not isinstance(record, dict) or "input" not in record or "label" not in record:
            raise TaskDataError(f'{file}:{number}: expected a JSON object like {{"input": ..., "label": ...}}')
        label, inp = record["label"], record["input"]
        if isinstance(label, bool) or not isinstance(label, (str, int, float)):
            raise TaskDataError(f'{file}:{number}: "label" must be a string')
        label = label if isinstance(label, str) else js_number_text(label)
        if isinstance(inp, str) and inp:
            this_kind, size = "text", 0
        elif isinstance(inp, list) and inp and all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in inp):
            this_kind, size = "scalars", 1
        elif isinstance(inp, list) and inp and all(isinstance(v, list) and v for v in inp):
            this_kind, size = "vectors", len(inp[0])
            if any(len(v) != size for v in inp):
                raise TaskDataError(f'{file}:{number}: "input" vectors differ in size')
        else:
            raise TaskDataError(f'{file}:{number}: "input" must be a string, an array of numbers or an array of number arrays')
        if kind is None:
            kind, feature_size = this_kind, size
        elif this_kind != kind or size != feature_size:
            raise TaskDataError(f'{file}:{number}: every line must have the same kind of "input" as the first')
        lines.append((number, inp, label))
    if kind is None:
        raise TaskDataError(f"{file}: the file has no examples")

    labels = sorted(set(l[2] for l in lines), key=code_unit_order)
    if len(labels) < 2:
        raise TaskDataError(f"{file}: every line has the label {labels[0]!r}; classification needs at least two labels")
    label_id = {l: i for i, l in enumerate(labels)}
    held = held_out_mask(len(lines), validation)
    train_lines = [l for l, h in zip(lines, held) if not h]
    held_lines = [l for l, h in zip(lines, held) if h]
    if not train_lines:
        raise TaskDataError(f"{file}: all {len(lines)} lines are held out for validation")

    vocab = None
    if kind == "text":
        def tokens_of(line):
            tokens = split_text(line[1], split)
            if not tokens:
                raise TaskDataError(f'{file}:{line[0]}: "input" has no {split}')
            return tokens

        seen = set()
        for l in train_lines:
            seen.update(tokens_of(l))
        vocab = [UNK] + sorted(seen, key=code_unit_order)
        id_of = {t: i for i, t in enumerate(vocab)}
        example = lambda l: (torch.tensor([id_of.get(t, 0) for t in tokens_of(l)], dtype=torch.long), label_id[l[2]])
    else:
        def example(l):
            steps = [[float(v)] for v in l[1]] if kind == "scalars" else [[float(v) for v in step] for step in l[1]]
            return torch.tensor(steps, dtype=torch.float64).to(dtype), label_id[l[2]]
    train = [example(l) for l in train_lines]
    held_examples = [example(l) for l in held_lines]

    def batch_of(chosen):
        # Padded to the longest sequence; lengths says where each one ends (the head reads step length-1).
        B, T = len(chosen), max(len(e[0]) for e in chosen)
        lengths = torch.tensor([len(e[0]) for e in chosen], dtype=torch.long)
        target = torch.tensor([e[1] for e in chosen], dtype=torch.long)
        x = torch.zeros(B, T, dtype=torch.long) if kind == "text" else torch.zeros(B, T, feature_size, dtype=dtype)
        for b, (seq, _) in enumerate(chosen):
            x[b, :len(seq)] = seq
        return Batch(x, target, lengths=lengths)

    order = list(range(len(train)))
    cursor = [len(order)]  # shuffle before the first batch

    def next_train_batch(rng):
        chosen = []
        for _ in range(train_batch):
            if cursor[0] >= len(order):
                for i in range(len(order) - 1, 0, -1):  # Fisher-Yates with the task's generator
                    j = rng.int(i + 1)
                    order[i], order[j] = order[j], order[i]
                cursor[0] = 0
            chosen.append(train[order[cursor[0]]])
            cursor[0] += 1
        return batch_of(chosen)

    def validation_batches():
        return [batch_of(held_examples[i:i + val_batch]) for i in range(0, len(held_examples), val_batch)]

    def probe():
        seq, label = held_examples[0] if held_examples else train[0]
        if kind == "text":
            labels = [visible_char(vocab[int(i)]) if split == "chars" else vocab[int(i)] for i in seq]
        else:
            labels = [format_value(step[0]) if feature_size == 1 else format_vector(step) for step in seq.tolist()]
        return batch_of([(seq, label)]), labels

    mean_length = sum(len(e[0]) for e in train) / len(train)
    max_steps = max([1] + [len(e[0]) for e in train + held_examples])
    return Task("classify", "tokens" if kind == "text" else "real", len(vocab) if vocab else feature_size,
                len(labels), "cross-entropy", "last", False, max_steps, max(1, math.floor(train_batch * mean_length + 0.5)),
                next_train_batch, validation_batches, vocab=vocab, labels=labels, probe=probe)
