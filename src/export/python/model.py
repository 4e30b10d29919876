"""RNN Lab's models in PyTorch: the same equations and the same weight names.

build_model(spec) gives an nn.Module whose state_dict() uses exactly the names RNN Lab writes to
weights.safetensors (RNN Lab's docs/model.md, "Weight names and shapes"), so a checkpoint moves between the two with no
conversion:

    embedding.weight                  [V, E]     token embedding (when model.embedding > 0)
    rnn.weight_ih_l{k}, rnn.weight_hh_l{k}, rnn.bias_ih_l{k}, rnn.bias_hh_l{k}
                                      [G*H, in], [G*H, H], [G*H], [G*H]   (G = 1 rnn, 4 lstm, 3 gru)
    head.weight, head.bias            [O, H], [O]

and for the Transformer (model.cell = "transformer"): embedding.weight [V, H] or input.weight /
input.bias, position.weight [context, H], encoder.layers.{k}.* and encoder.norm.* (PyTorch's own
nn.TransformerEncoder), head.*.

forward(x) takes token ids [B, T] (long) or reals [B, T, I] and returns the head's outputs at every
step, [B, T, O]. For tasks scored at the last step, train.py picks step lengths[b] - 1 from them.

Only torch and the standard library are used; this file runs on torch 1.13 and 2.x.
"""
import array
import json
import math
import struct
import sys

import torch
import torch.nn as nn
import torch.nn.functional as F

# The spec's model keys and their defaults (schema/rnn.schema.json). word-lm defaults to a
# 32-wide embedding, every other task to one-hot inputs.
MODEL_DEFAULTS = {
    "cell": "lstm",
    "hiddenSize": 64,
    "layers": 1,
    "activation": "tanh",
    "residual": "none",
    "init": "default",
    "heads": 4,
    "ffn": 0,
    "context": 0,
}
WORD_LM_EMBEDDING = 32

# How many stacked weight blocks each recurrent cell has (rows of weight_ih are GATES * H).
GATES = {"rnn": 1, "lstm": 4, "gru": 3}


def model_settings(spec):
    """The spec's "model" section with every default filled in."""
    m = dict(MODEL_DEFAULTS)
    m.update(spec.get("model", {}))
    if "embedding" not in spec.get("model", {}):
        m["embedding"] = WORD_LM_EMBEDDING if spec.get("task", {}).get("kind") == "word-lm" else 0
    return m


class RecurrentStack(nn.Module):
    """Stacked rnn / lstm / gru layers written out step by step, for the residual variants.

    RNN Lab's residual connections (model.residual) are not something nn.LSTM can do:
      - "layers": layer k >= 1 outputs h_k + (its input);
      - "time":   h~<t> = cell(x<t>, state<t-1>), then h<t> = h~<t> + h<t-1>; the summed h<t> is
                  both the output and the state carried on (an LSTM's c<t> is not summed);
      - "both":   the two together.
    The parameters keep nn.LSTM's names (weight_ih_l0, ...), so this module registered as `rnn`
    gives the same state_dict as an nn.LSTM would.
    """

    def __init__(self, cell, input_size, hidden_size, layers, activation="tanh", residual="none", keep=None):
        super().__init__()
        self.cell, self.hidden_size, self.num_layers = cell, hidden_size, layers
        self.activation = torch.relu if activation == "relu" else torch.tanh
        self.across_layers = residual in ("layers", "both")
        self.across_time = residual in ("time", "both")
        # model.timeResidual.keep: the leaky form h<t> = keep*h<t-1> + (1 - keep)*cell(...), else the sum
        self.keep = keep
        G = GATES[cell]
        for k in range(layers):
            n_in = input_size if k == 0 else hidden_size
            setattr(self, f"weight_ih_l{k}", nn.Parameter(torch.empty(G * hidden_size, n_in)))
            setattr(self, f"weight_hh_l{k}", nn.Parameter(torch.empty(G * hidden_size, hidden_size)))
            setattr(self, f"bias_ih_l{k}", nn.Parameter(torch.empty(G * hidden_size)))
            setattr(self, f"bias_hh_l{k}", nn.Parameter(torch.empty(G * hidden_size)))
        self.reset_parameters()

    def reset_parameters(self):
        # nn.RNN / nn.LSTM / nn.GRU: every weight and bias ~ U(-1/sqrt(H), 1/sqrt(H)).
        k = 1.0 / math.sqrt(self.hidden_size)
        for p in self.parameters():
            nn.init.uniform_(p, -k, k)

    def forward(self, x, state=None, trace=None):
        """x [B, T, in] -> (outputs of the top layer [B, T, H], final state).

        The state is a tuple (h, c) like nn.LSTM's, each [layers, B, H] (c only for lstm). With a
        list as `trace`, each layer appends {"h": [h<t>], "c": [c<t>], "gates": {name: [gate<t>]}}
        (the hidden-state probe)."""
        B, T, _ = x.shape
        H = self.hidden_size
        if state is None:
            h0 = x.new_zeros(self.num_layers, B, H)
            state = (h0, torch.zeros_like(h0)) if self.cell == "lstm" else h0
        hs, cs = (state if self.cell == "lstm" else (state, None))
        final_h, final_c = [], []
        for k in range(self.num_layers):
            w_ih, w_hh = getattr(self, f"weight_ih_l{k}"), getattr(self, f"weight_hh_l{k}")
            b_ih, b_hh = getattr(self, f"bias_ih_l{k}"), getattr(self, f"bias_hh_l{k}")
            # The input projection W_ih x<t> + b_ih for every step at once; only W_hh h<t-1> is sequential.
            x_proj = F.linear(x, w_ih, b_ih)
            h = hs[k]
            c = cs[k] if cs is not None else None
            outs = []
            # the probe: what the layer reads (its gradient through time), every h<t>, c<t> and gate
            layer_trace = {"x": x, "h": outs, "c": [], "gates": {}} if trace is not None else None
            for t in range(T):
                h_new, c, gates = self.cell_step(x_proj[:, t], h, c, w_hh, b_hh)
                if not self.across_time:
                    h = h_new
                elif self.keep is None:
                    h = h_new + h
                else:
                    h = self.keep * h + (1 - self.keep) * h_new
                outs.append(h)
                if layer_trace is not None:
                    if c is not None:
                        layer_trace["c"].append(c)
                    for name, g in gates.items():
                        layer_trace["gates"].setdefault(name, []).append(g)
            y = torch.stack(outs, 1)
            x = y + x if (self.across_layers and k > 0) else y
            final_h.append(h)
            final_c.append(c)
            if trace is not None:
                trace.append(layer_trace)
        h_n = torch.stack(final_h)
        return x, ((h_n, torch.stack(final_c)) if self.cell == "lstm" else h_n)

    def cell_step(self, x_proj, h, c, w_hh, b_hh):
        """One step of the cell from the projected input, the same equations as PyTorch's cells.
        Returns (h<t>, c<t> or None, the gates the probe shows)."""
        h_proj = F.linear(h, w_hh, b_hh)
        if self.cell == "rnn":
            return self.activation(x_proj + h_proj), None, {}
        if self.cell == "lstm":  # gate order i, f, g, o
            i, f, g, o = (x_proj + h_proj).chunk(4, 1)
            i, f, o = torch.sigmoid(i), torch.sigmoid(f), torch.sigmoid(o)
            c = f * c + i * torch.tanh(g)
            return o * torch.tanh(c), c, {"i": i, "f": f, "o": o}
        # gru: gate order r, z, n; n = tanh(W_in x + b_in + r * (W_hn h + b_hn)); h' = (1 - z) n + z h
        xr, xz, xn = x_proj.chunk(3, 1)
        hr, hz, hn = h_proj.chunk(3, 1)
        r = torch.sigmoid(xr + hr)
        z = torch.sigmoid(xz + hz)
        n = torch.tanh(xn + r * hn)
        return (1 - z) * n + z * h, None, {"r": r, "z": z}


class RecurrentModel(nn.Module):
    """Token or real inputs -> stacked rnn / lstm / gru -> a linear head at every step."""

    def __init__(self, m, vocab_size, input_size, output_size):
        super().__init__()
        self.cell = m["cell"]
        self.vocab_size = vocab_size  # None for real-valued inputs
        H = m["hiddenSize"]
        if vocab_size is not None and m["embedding"] > 0:
            self.embedding = nn.Embedding(vocab_size, m["embedding"])
            first_in = m["embedding"]
        else:
            self.embedding = None
            first_in = vocab_size if vocab_size is not None else input_size
        if m["residual"] == "none":
            # The plain stack is exactly PyTorch's module (and uses cuDNN on a GPU).
            kinds = {"rnn": nn.RNN, "lstm": nn.LSTM, "gru": nn.GRU}
            extra = {"nonlinearity": m["activation"]} if self.cell == "rnn" else {}
            self.rnn = kinds[self.cell](first_in, H, num_layers=m["layers"], batch_first=True, **extra)
        else:
            keep = (m.get("timeResidual") or {}).get("keep")
            self.rnn = RecurrentStack(self.cell, first_in, H, m["layers"], m["activation"], m["residual"], keep)
        self.head = nn.Linear(H, output_size)

    def features(self, x, state=None):
        """The top layer's output at every step [B, T, H] and the final state."""
        if self.vocab_size is not None:
            x = self.embedding(x) if self.embedding is not None else F.one_hot(x, self.vocab_size).to(self.head.weight.dtype)
        return self.rnn(x, state)

    def forward(self, x, state=None, return_state=False):
        y, state = self.features(x, state)
        out = self.head(y)
        return (out, state) if return_state else out

    def trace(self, x):
        """The head's outputs and, per layer, every step's h, c and gates (the probe):
        the same computation written out step by step, with a copy of this model's weights."""
        stack = self.rnn
        if not isinstance(stack, RecurrentStack):
            m = self.rnn
            stack = RecurrentStack(self.cell, m.input_size, m.hidden_size, m.num_layers,
                                   getattr(m, "nonlinearity", "tanh"), "none").to(self.head.weight)
            stack.load_state_dict(m.state_dict())
        if self.vocab_size is not None:
            x = self.embedding(x) if self.embedding is not None else F.one_hot(x, self.vocab_size).to(self.head.weight.dtype)
        if not x.requires_grad:
            x = x.detach().requires_grad_()  # the probe's gradient through time is taken at each layer's input
        layers = []
        y, _ = stack(x, trace=layers)
        return self.head(y), layers


class TransformerModel(nn.Module):
    """A causal (decoder-only) Transformer of width H: PyTorch's pre-LN TransformerEncoder.

    x<t> = embedding[token<t>] (or input(x<t>) for reals) + position[t]
    per layer: x = x + MHA(norm1(x), causal mask); x = x + linear2(gelu(linear1(norm2(x))))
    features = encoder.norm(x); the head reads them at every step. No state between windows.
    """

    def __init__(self, m, vocab_size, input_size, output_size, context):
        super().__init__()
        H = m["hiddenSize"]
        if H % m["heads"] != 0:
            raise ValueError(f"model.heads ({m['heads']}) must divide model.hiddenSize ({H})")
        self.vocab_size = vocab_size
        if vocab_size is not None:
            self.embedding = nn.Embedding(vocab_size, H)
        else:
            self.input = nn.Linear(input_size, H)
        self.position = nn.Embedding(context, H)
        ffn = m["ffn"] if m["ffn"] > 0 else 4 * H
        layer = nn.TransformerEncoderLayer(H, m["heads"], dim_feedforward=ffn, dropout=0.0, activation="gelu",
                                           batch_first=True, norm_first=True)
        self.encoder = nn.TransformerEncoder(layer, m["layers"], norm=nn.LayerNorm(H), enable_nested_tensor=False)
        self.head = nn.Linear(H, output_size)

    def features(self, x, state=None):
        T = x.shape[1]
        if T > self.position.num_embeddings:
            raise ValueError(f"a window of {T} steps is longer than model.context ({self.position.num_embeddings})")
        h = self.embedding(x) if self.vocab_size is not None else self.input(x)
        h = h + self.position.weight[:T]
        causal = torch.triu(torch.full((T, T), float("-inf"), dtype=h.dtype, device=h.device), diagonal=1)
        return self.encoder(h, mask=causal), None

    def forward(self, x, state=None, return_state=False):
        y, _ = self.features(x)
        out = self.head(y)
        return (out, None) if return_state else out

    def trace(self, x):
        """The head's outputs and, per layer, its residual stream h [B, T, H] and attention weights
        [B, heads, T, T] (the probe): the encoder's layers written out one by one, same weights."""
        T = x.shape[1]
        h = (self.embedding(x) if self.vocab_size is not None else self.input(x)) + self.position.weight[:T]
        causal = torch.triu(torch.full((T, T), float("-inf"), dtype=h.dtype, device=h.device), diagonal=1)
        layers = []
        for layer in self.encoder.layers:
            x = h  # what this layer reads: the probe's gradient through time is taken here
            a = layer.norm1(h)
            attended, weights = layer.self_attn(a, a, a, attn_mask=causal, need_weights=True, average_attn_weights=False)
            h = h + attended
            h = h + layer.linear2(layer.activation(layer.linear1(layer.norm2(h))))
            layers.append({"x": x, "h": h, "attention": weights})
        return self.head(self.encoder.norm(h)), layers


def build_model(spec, vocab_size=None, input_size=None, output_size=None, context=None):
    """The spec's model as an nn.Module with RNN Lab's state_dict names.

    Sizes left out are derived from the task (data.py): token tasks give vocab_size, real-valued
    ones input_size; output_size is the classes or regression outputs. A Transformer's context
    defaults to model.context, else the task's longest window."""
    m = model_settings(spec)
    if vocab_size is None and input_size is None or output_size is None or (m["cell"] == "transformer" and context is None):
        shape = _data_module().task_shape(spec)  # read the task only when a size is missing
        if vocab_size is None and input_size is None:
            vocab_size = shape["inputSize"] if shape["inputKind"] == "tokens" else None
            input_size = shape["inputSize"] if shape["inputKind"] == "real" else None
        if output_size is None:
            output_size = shape["outputSize"]
        if context is None:
            context = shape["maxSteps"]
    if m["cell"] == "transformer":
        if m["context"] > 0:
            context = m["context"]
        return TransformerModel(m, vocab_size, input_size, output_size, context)
    if m["cell"] not in GATES:
        raise ValueError(f"unknown model.cell {m['cell']!r}")
    return RecurrentModel(m, vocab_size, input_size, output_size)


def _data_module():
    """data.py beside this file, however this file was imported."""
    try:
        import data
    except ImportError:
        import importlib.util
        import os

        where = importlib.util.spec_from_file_location("data", os.path.join(os.path.dirname(os.path.abspath(__file__)), "data.py"))
        data = importlib.util.module_from_spec(where)
        where.loader.exec_module(data)
    return data


# --- weights.safetensors, by hand: an 8-byte little-endian header length, a JSON header, raw data ---

_DTYPES = {"F64": (torch.float64, "d", 8), "F32": (torch.float32, "f", 4)}


def read_safetensors(path):
    """{name: tensor} from a safetensors file (F32 or F64)."""
    with open(path, "rb") as f:
        raw = f.read()
    (n,) = struct.unpack("<Q", raw[:8])
    header = json.loads(raw[8:8 + n].decode("utf-8"))
    base = 8 + n
    out = {}
    for name, entry in header.items():
        if name == "__metadata__":
            continue
        if entry["dtype"] not in _DTYPES:
            raise ValueError(f"{path}: tensor {name!r} has dtype {entry['dtype']}; only F32 and F64 are read")
        dtype, code, size = _DTYPES[entry["dtype"]]
        begin, end = entry["data_offsets"]
        count = (end - begin) // size
        buf = bytearray(raw[base + begin:base + end])
        if sys.byteorder != "little":
            arr = array.array(code, bytes(buf))
            arr.byteswap()
            buf = bytearray(arr.tobytes())
        t = torch.frombuffer(buf, dtype=dtype) if count > 0 else torch.empty(0, dtype=dtype)
        out[name] = t.reshape(entry["shape"]).clone()
    return out


def safetensors_bytes(tensors, metadata=None):
    """The bytes of a safetensors file holding {name: tensor} (float64 as F64, anything else as F32)."""
    header, blobs, offset = {}, [], 0
    for name, t in tensors.items():
        t = t.detach().to("cpu").contiguous()
        if t.dtype == torch.float64:
            dtype, code = "F64", "d"
        else:
            dtype, code, t = "F32", "f", t.to(torch.float32)
        arr = array.array(code, t.reshape(-1).tolist())
        if sys.byteorder != "little":
            arr.byteswap()
        blob = arr.tobytes()
        header[name] = {"dtype": dtype, "shape": list(t.shape), "data_offsets": [offset, offset + len(blob)]}
        blobs.append(blob)
        offset += len(blob)
    if metadata:
        header["__metadata__"] = metadata
    text = json.dumps(header, separators=(",", ":")).encode("utf-8")
    text += b" " * ((8 - len(text) % 8) % 8)  # keep the data 8-byte aligned
    return struct.pack("<Q", len(text)) + text + b"".join(blobs)


def load_weights(model, path):
    """Copies a weights.safetensors into the model (names and shapes must match exactly)."""
    tensors = read_safetensors(path)
    own = model.state_dict()
    missing = sorted(set(own) - set(tensors))
    unexpected = sorted(set(tensors) - set(own))
    if missing or unexpected:
        raise ValueError(f"{path} does not fit this model: missing {missing}, unexpected {unexpected}")
    for name, t in tensors.items():
        if tuple(t.shape) != tuple(own[name].shape):
            raise ValueError(f"{path}: {name} has shape {list(t.shape)}, the model wants {list(own[name].shape)}")
    with torch.no_grad():
        for name, p in own.items():
            p.copy_(tensors[name].to(p.dtype))
