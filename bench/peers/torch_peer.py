"""PyTorch CPU peer: char-level LM, one-hot inputs, one recurrent layer, softmax CE at every step, Adam.

usage: python3 torch_peer.py --cell lstm|gru|rnn --hidden H --batch B --threads N [--seq 50] [--vocab 65] [--seconds 3] [--layers 1]
       python3 torch_peer.py --cell transformer --hidden 128 --layers 2 --heads 4 --ffn 512 --seq 64 --batch B ...
           # nn.TransformerEncoder (pre-LN, GELU, dropout 0, final LayerNorm), causal mask, token embedding
           # + learned positions, linear head: RNN Lab's Transformer (DESIGN.md)
       python3 torch_peer.py --cell lstm --embed 200 --vocab 10000 --hidden 200 --layers 2 --seq 20 --batch 20 ...
           # word LM (PTB-small shape): nn.Embedding + nn.LSTM + nn.Linear over the vocabulary
       python3 torch_peer.py --matmul [--threads N] [--seconds 1]   # fp32 GEMM peak, GFLOP/s
Prints one JSON line.
"""
import argparse
import json
import sys
import time

import torch
import torch.nn as nn
import torch.nn.functional as F


def now():
    return time.perf_counter()


def time_loop(step, seconds, tokens_per_step, warmup_steps=3, warmup_seconds=1.0, min_steps=3):
    t0 = now()
    w = 0
    while w < warmup_steps or now() - t0 < warmup_seconds:
        step()
        w += 1
    steps = 0
    loss = None
    t0 = now()
    elapsed = 0.0
    while steps < min_steps or elapsed < seconds:
        loss = step()
        steps += 1
        elapsed = now() - t0
    return {
        "tokensPerSec": tokens_per_step * steps / elapsed,
        "msPerStep": 1000.0 * elapsed / steps,
        "steps": steps,
        "seconds": elapsed,
        "warmupSteps": w,
        "loss": loss,
    }


def matmul_peak(seconds):
    out = {}
    for n in (256, 512, 1024, 2048):
        a = torch.randn(n, n)
        b = torch.randn(n, n)
        c = torch.empty(n, n)
        for _ in range(3):
            torch.mm(a, b, out=c)
        reps = 0
        t0 = now()
        while True:
            torch.mm(a, b, out=c)
            reps += 1
            el = now() - t0
            if el >= seconds / 4 and reps >= 3:
                break
        out[str(n)] = 2.0 * n ** 3 * reps / el / 1e9
    return {"gflops": out, "peakGflops": max(out.values())}


class CausalTransformer(nn.Module):
    """RNN Lab's Transformer (DESIGN.md): embedding + learned positions, pre-LN encoder with a causal mask, head."""

    def __init__(self, V, H, L, heads, ffn, context):
        super().__init__()
        self.embedding = nn.Embedding(V, H)
        self.position = nn.Embedding(context, H)
        layer = nn.TransformerEncoderLayer(d_model=H, nhead=heads, dim_feedforward=ffn, dropout=0.0,
                                           activation="gelu", batch_first=True, norm_first=True)
        self.encoder = nn.TransformerEncoder(layer, L, norm=nn.LayerNorm(H), enable_nested_tensor=False)
        self.head = nn.Linear(H, V)
        self.register_buffer("mask", nn.Transformer.generate_square_subsequent_mask(context), persistent=False)
        self.register_buffer("pos", torch.arange(context), persistent=False)

    def forward(self, x):
        T = x.shape[1]
        h = self.embedding(x) + self.position(self.pos[:T])
        h = self.encoder(h, mask=self.mask[:T, :T])
        return self.head(h)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--cell", default="lstm")
    p.add_argument("--hidden", type=int, default=128)
    p.add_argument("--batch", type=int, default=1)
    p.add_argument("--seq", type=int, default=50)
    p.add_argument("--vocab", type=int, default=65)
    p.add_argument("--seconds", type=float, default=3.0)
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--matmul", action="store_true")
    p.add_argument("--layers", type=int, default=1)
    p.add_argument("--heads", type=int, default=4)
    p.add_argument("--ffn", type=int, default=0)
    p.add_argument("--embed", type=int, default=0, help="token embedding width (0: one-hot inputs)")
    a = p.parse_args()

    torch.set_num_threads(a.threads)
    torch.manual_seed(1)
    info = {"engine": "pytorch", "version": torch.__version__, "threads": torch.get_num_threads()}

    if a.matmul:
        info.update(matmul_peak(a.seconds))
        print(json.dumps(info))
        return

    V, H, B, T, L = a.vocab, a.hidden, a.batch, a.seq, a.layers
    tokens_in = a.cell == "transformer" or a.embed > 0
    if a.cell == "transformer":
        model = CausalTransformer(V, H, L, a.heads, a.ffn or 4 * H, T)
        params = list(model.parameters())

        def forward(x):
            return model(x)  # [B, T] ids -> [B, T, V], batch-first
    else:
        rnn_cls = {"lstm": nn.LSTM, "gru": nn.GRU, "rnn": nn.RNN}[a.cell]
        kw = {"nonlinearity": "tanh"} if a.cell == "rnn" else {}
        emb = nn.Embedding(V, a.embed) if a.embed > 0 else None
        rnn = rnn_cls(a.embed or V, H, num_layers=L, **kw)  # time-major [T, B, ·]
        head = nn.Linear(H, V)
        params = list(rnn.parameters()) + list(head.parameters()) + (list(emb.parameters()) if emb else [])

        def forward(x):
            out, _ = rnn(emb(x) if emb is not None else x)
            return head(out.reshape(T * B, H))
    opt = torch.optim.Adam(params, lr=0.002)

    g = torch.Generator().manual_seed(7)
    pool = 8
    xs, ys = [], []
    for _ in range(pool):
        tok = torch.randint(0, V, (T + 1, B), generator=g)
        if a.cell == "transformer":
            tok = tok.t().contiguous()  # [B, T + 1]
            xs.append(tok[:, :-1].contiguous())
            ys.append(tok[:, 1:].reshape(-1))
        else:
            xs.append(tok[:-1] if tokens_in else F.one_hot(tok[:-1], V).float())  # [T, B] ids or [T, B, V]
            ys.append(tok[1:].reshape(-1))  # [T*B]
    i = [0]

    def step():
        k = i[0] % pool
        i[0] += 1
        opt.zero_grad(set_to_none=True)
        logits = forward(xs[k])
        loss = F.cross_entropy(logits.reshape(-1, V), ys[k])
        loss.backward()
        opt.step()
        return loss.item()

    info.update({"cell": a.cell, "hidden": H, "batch": B, "seq": T, "vocab": V, "layers": L, "embed": a.embed,
                 "params": sum(p.numel() for p in params)})
    info.update(time_loop(step, a.seconds, B * T))
    print(json.dumps(info))


if __name__ == "__main__":
    sys.exit(main())
