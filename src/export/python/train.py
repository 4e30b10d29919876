#!/usr/bin/env python3
"""Trains the spec beside this file (spec.rnn.json) as RNN Lab does, and records the run the RNN Lab
way, so `rnn-lab runs`, the runs view, the panel and Compare Runs show it.

    python3 train.py                                   one process (CUDA when available, else CPU)
    torchrun --standalone --nproc_per_node=N train.py  N processes, DistributedDataParallel
                                                       (gloo on CPU, nccl on GPUs)

Options: --steps N (instead of training.steps), --from RUN_DIR_OR_WEIGHTS (start from a checkpoint),
--runs-dir DIR (where run folders go; default: <workspace>/.rnn-lab/runs, the workspace being the
nearest folder above the spec that holds .git, else the spec's folder), --device cpu|cuda, --json
(print the events as JSON Lines), --spec FILE (another spec).

What is the same as RNN Lab: the optimizer (torch.optim with PyTorch's defaults, which RNN Lab
implements), learning rate, clipping (clip_grad_norm_ / clip_grad_value_), the batches (the same
generator, seed and order), the initial weights (the same draws, the Transformer's too), truncated
backpropagation (streams carry the hidden state from one window to the next), the evaluation
cadence and the validation loss. Under torchrun, each of the N processes takes batchSize rows of a
global batch of N x batchSize rows; gradients are averaged across processes.

Only rank 0 writes the run folder: run.json (status running -> completed | stopped | failed |
diverged; a process that dies reads back as interrupted, by its pid), spec.rnn.json, metrics.jsonl
(started, progress, eval, probe, finished), probe.json, weights.safetensors and vocab.json. Files are replaced
atomically (write a temp file, then os.replace).
"""
import argparse
import gc
import json
import math
import re
import os
import random
import signal
import socket
import sys
import time
import unicodedata
from datetime import datetime, timezone

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import torch  # noqa: E402
import torch.distributed as dist  # noqa: E402
import torch.nn.functional as F  # noqa: E402

import data  # noqa: E402
import model as models  # noqa: E402

HEARTBEAT_SECONDS = 30  # run.json is refreshed at least this often while events are appended


# --- the loss, as RNN Lab scores it ---------------------------------------------------------------


def batch_loss(outputs, batch, loss_kind, at):
    """(mean loss over the scored positions, scored positions, correct predictions or None).

    outputs: the head at every step [B, T, O]. at = "last": the head is read at step lengths[b] - 1
    (the last valid step of each row), else at T - 1. Cross-entropy at every step scores the steps
    whose target is >= 0; mean squared error averages over every scored element (PyTorch's "mean")."""
    B, T, O = outputs.shape
    if at == "last":
        last = batch.lengths - 1 if batch.lengths is not None else torch.full((B,), T - 1, dtype=torch.long)
        outputs = outputs[torch.arange(B, device=outputs.device), last.to(outputs.device)]  # [B, O]
        if loss_kind == "cross-entropy":
            loss = F.cross_entropy(outputs, batch.target)
            return loss, B, int((outputs.argmax(-1) == batch.target).sum())
        return F.mse_loss(outputs, batch.target), B, None
    if loss_kind == "cross-entropy":
        logits, target = outputs.reshape(B * T, O), batch.target.reshape(B * T)
        scored = target >= 0
        n = int(scored.sum())
        if n == 0:
            return outputs.sum() * 0, 0, 0
        logits, target = logits[scored], target[scored]
        return F.cross_entropy(logits, target), n, int((logits.argmax(-1) == target).sum())
    if batch.mask is None:
        return F.mse_loss(outputs, batch.target), B * T, None
    weight = batch.mask.unsqueeze(-1)
    n = int(batch.mask.sum())
    if n == 0:
        return outputs.sum() * 0, 0, None
    return ((outputs - batch.target) ** 2 * weight).sum() / (n * O), n, None


def detach_state(state):
    if state is None:
        return None
    return tuple(s.detach() for s in state) if isinstance(state, tuple) else state.detach()


# --- initial weights, drawn as RNN Lab draws them (src/engine/init.ts) ----------------------------


def initialize(net, spec, rng):
    """RNN Lab's initial weights, draw for draw, from the spec's seed (the same distributions as
    PyTorch's own initialisation of each module, drawn from RNN Lab's generator)."""
    m = models.model_settings(spec)
    if m["cell"] == "transformer":
        return initialize_transformer(net, rng)
    H, G, kind = m["hiddenSize"], models.GATES[m["cell"]], m["init"]
    with torch.no_grad():
        for name, p in net.named_parameters():
            values = torch.empty(p.shape, dtype=torch.float64)
            flat = values.view(-1)
            draw = None
            if name == "embedding.weight":
                draw = rng.normal
            elif name.startswith("head."):
                k = 1 / math.sqrt(p.shape[1] if name == "head.weight" else H)
                draw = lambda: rng.uniform(-k, k)  # noqa: E731
            elif kind == "default":
                k = 1 / math.sqrt(H)
                draw = lambda: rng.uniform(-k, k)  # noqa: E731
            elif ".bias_" in name:
                values.zero_()
                if m["cell"] == "lstm" and ".bias_ih_" in name and kind != "identity":
                    values[H:2 * H] = 1  # forget-gate bias 1 (xavier, orthogonal)
            elif ".weight_hh_" in name and kind == "orthogonal":
                for g in range(G):
                    values[g * H:(g + 1) * H] = orthogonal(H, rng)
            elif ".weight_hh_" in name and kind == "identity":
                values.zero_()
                for g in range(G):
                    values[g * H:(g + 1) * H] = torch.eye(H, dtype=torch.float64)
            elif ".weight_ih_" in name and kind == "identity":
                draw = lambda: 0.001 * rng.normal()  # noqa: E731
            else:  # xavier-uniform per gate block: fan_in = columns, fan_out = H
                bound = math.sqrt(6 / (p.shape[1] + H))
                draw = lambda: rng.uniform(-bound, bound)  # noqa: E731
            if draw is not None:
                flat.copy_(torch.tensor([draw() for _ in range(flat.numel())], dtype=torch.float64))
            p.copy_(values.to(p.dtype))


def initialize_transformer(net, rng):
    """src/engine/transformer/transformer-init.ts: embeddings N(0, 1); in_proj xavier-uniform; the
    LayerNorms 1 and 0; attention biases 0; every other Linear U(+-1/sqrt(fan_in)) for weight and bias.
    Parameters are drawn in state_dict order, as RNN Lab draws them."""
    params = list(net.named_parameters())
    fan_in = {name[: -len("weight")] + "bias": p.shape[1] for name, p in params if p.dim() == 2}
    with torch.no_grad():
        for name, p in params:
            flat = torch.empty(p.numel(), dtype=torch.float64)
            if name in ("embedding.weight", "position.weight"):
                draw = rng.normal
            elif re.search(r"(^|\.)norm\d?\.weight$", name):
                flat.fill_(1)
                draw = None
            elif re.search(r"(^|\.)norm\d?\.bias$", name) or name.endswith("in_proj_bias") or name.endswith("out_proj.bias"):
                flat.zero_()
                draw = None
            else:
                if name.endswith("in_proj_weight"):
                    bound = math.sqrt(6 / (p.shape[0] + p.shape[1]))
                elif p.dim() == 2:
                    bound = 1 / math.sqrt(p.shape[1])
                else:
                    bound = 1 / math.sqrt(fan_in[name])
                draw = lambda b=bound: rng.uniform(-b, b)  # noqa: E731
            if draw is not None:
                flat.copy_(torch.tensor([draw() for _ in range(flat.numel())], dtype=torch.float64))
            p.copy_(flat.view(p.shape).to(p.dtype))


def orthogonal(n, rng):
    """A random orthogonal n x n matrix: Gram-Schmidt (twice) on the columns of a Gaussian matrix."""
    a = torch.tensor([rng.normal() for _ in range(n * n)], dtype=torch.float64).reshape(n, n)
    q = []
    for j in range(n):
        v = a[:, j].clone()
        while True:
            before = float(v.norm())
            for _ in range(2):
                for u in q:
                    v -= float((u * v).sum()) * u
            after = float(v.norm())
            if after > 1e-8 * before:
                v /= after
                break
            v = torch.tensor([rng.normal() for _ in range(n)], dtype=torch.float64)
        q.append(v)
    return torch.stack(q, 1)


# --- the run folder, as RNN Lab writes it (src/runs) ----------------------------------------------


def find_workspace_root(spec_path):
    """The nearest folder above the spec holding .git, else the spec's folder (as the rnn-lab CLI)."""
    spec_dir = os.path.dirname(os.path.abspath(spec_path))
    d = spec_dir
    while True:
        if os.path.exists(os.path.join(d, ".git")):
            return d
        parent = os.path.dirname(d)
        if parent == d:
            return spec_dir
        d = parent


def iso_now():
    now = datetime.now(timezone.utc)
    return now.strftime("%Y-%m-%dT%H:%M:%S.") + f"{now.microsecond // 1000:03d}Z"


def slugify(name, max_length=40):
    s = "".join(c for c in unicodedata.normalize("NFKD", name) if not "\u0300" <= c <= "\u036f").lower()
    out, dash = [], False
    for c in s:
        if "a" <= c <= "z" or "0" <= c <= "9":
            out.append(c)
            dash = False
        elif not dash:
            out.append("-")
            dash = True
    slug = "".join(out).lstrip("-")[:max_length].rstrip("-")
    return slug or "run"


def json_safe(value):
    """NaN and infinities as null, as JavaScript's JSON.stringify writes them."""
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dict):
        return {k: json_safe(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [json_safe(v) for v in value]
    return value


def write_atomic(path, content):
    """Write a temp file beside `path`, then rename it over: readers never see half a file."""
    tmp = os.path.join(os.path.dirname(path), f".{os.path.basename(path)}.{os.getpid()}.tmp")
    with open(tmp, "wb") as f:
        f.write(content if isinstance(content, bytes) else content.encode("utf-8"))
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path)


def js_number(x):
    return data.js_number_text(x) if isinstance(x, (int, float)) else str(x)


def config_digest(spec):
    """The flat config recorded in run.json for comparing runs (src/runs/run-config.ts)."""
    task, m, t = spec["task"], models.model_settings(spec), data.training_settings(spec)
    digest = {"task": task["kind"]}
    for key, value in task.items():
        if key != "kind":
            digest[f"task.{key}"] = ",".join(value) if isinstance(value, list) else value
    clip = t.get("clip")
    digest.update({
        "cell": m["cell"], "hiddenSize": m["hiddenSize"], "layers": m["layers"], "activation": m["activation"],
        "residual": m["residual"], "embedding": m["embedding"], "init": m["init"], "optimizer": t["optimizer"],
        "learningRate": t["learningRate"], "batchSize": t["batchSize"], "steps": t["steps"], "bptt": t["bptt"],
        "clip": "none" if not clip else (f"norm {js_number(clip['norm'])}" if "norm" in clip else f"value {js_number(clip['value'])}"),
        "seed": t["seed"], "evalEvery": t["evalEvery"], "dtype": t["dtype"],
    })
    return digest


class RunRecorder:
    """<runs dir>/<run id>/: run.json, spec.rnn.json, metrics.jsonl, weights.safetensors, vocab.json."""

    def __init__(self, runs_dir, root, spec_path, spec_text, name, config):
        os.makedirs(runs_dir, exist_ok=True)
        created = datetime.now(timezone.utc)
        while True:
            self.id = f"{created.strftime('%Y%m%d-%H%M%S')}-{slugify(name)}-{random.randrange(0x10000):04x}"
            self.folder = os.path.join(runs_dir, self.id)
            try:
                os.mkdir(self.folder)
                break
            except FileExistsError:
                continue
        spec_abs = os.path.abspath(spec_path)
        rel = os.path.relpath(spec_abs, root)
        stored = rel.replace(os.sep, "/") if not rel.startswith("..") and not os.path.isabs(rel) else spec_abs
        at = iso_now()
        self.record = {
            "version": 1, "id": self.id, "name": name, "specPath": stored, "status": "running",
            "createdAt": at, "updatedAt": at, "pid": os.getpid(), "hostname": socket.gethostname(),
            "summary": {"steps": 0}, "config": config, "trainedBy": "pytorch",
        }
        self.summary = {"steps": 0}
        self.last_beat = time.time()
        self.write_record()
        write_atomic(os.path.join(self.folder, "spec.rnn.json"), spec_text)
        open(os.path.join(self.folder, "metrics.jsonl"), "x").close()

    def append(self, event):
        with open(os.path.join(self.folder, "metrics.jsonl"), "a", encoding="utf-8") as f:
            f.write(json.dumps(json_safe(event), ensure_ascii=False, separators=(",", ":")) + "\n")
        s, kind = self.summary, event["type"]
        if isinstance(event.get("step"), (int, float)):
            s["steps"] = max(s["steps"], event["step"])
        if kind == "started":
            s["parameterCount"] = event["parameterCount"]
        elif kind == "progress":
            for key, field in (("finalLoss", "loss"), ("tokensPerSec", "tokensPerSec"), ("elapsedMs", "elapsedMs")):
                if math.isfinite(event[field]):
                    s[key] = event[field]
        elif kind == "eval" and math.isfinite(event["valLoss"]):
            s["lastValLoss"] = event["valLoss"]
            s["bestValLoss"] = min(s.get("bestValLoss", math.inf), event["valLoss"])
        if time.time() - self.last_beat >= HEARTBEAT_SECONDS:
            self.heartbeat()

    def checkpoint(self, state_dict, vocab):
        """vocab.json first, then weights.safetensors, each replaced atomically."""
        write_atomic(os.path.join(self.folder, "vocab.json"), json.dumps(vocab, ensure_ascii=False) + "\n")
        write_atomic(os.path.join(self.folder, "weights.safetensors"), models.safetensors_bytes(state_dict))

    def heartbeat(self):
        self.record.update(updatedAt=iso_now(), summary=json_safe(dict(self.summary)))
        self.write_record()
        self.last_beat = time.time()

    def finish(self, status, extra):
        self.summary.update({k: v for k, v in extra.items() if v is not None})
        event = {"type": "finished", "status": status, "summary": dict(self.summary)}
        self.append(event)
        at = iso_now()
        self.record.update(status=status, summary=json_safe(dict(self.summary)), updatedAt=at, finishedAt=at)
        self.write_record()
        return event

    def write_record(self):
        write_atomic(os.path.join(self.folder, "run.json"), json.dumps(json_safe(self.record), indent=2, ensure_ascii=False) + "\n")


# --- training -------------------------------------------------------------------------------------


class Stop(Exception):
    """SIGTERM or Ctrl-C: finish as "stopped" with a checkpoint."""


def main():
    ap = argparse.ArgumentParser(description="Train the exported RNN Lab spec with PyTorch.")
    ap.add_argument("--spec", default=os.path.join(HERE, "spec.rnn.json"), help="the spec (default: spec.rnn.json beside train.py)")
    ap.add_argument("--steps", type=int, help="optimizer steps (default: training.steps)")
    ap.add_argument("--from", dest="start_from", help="a run folder or weights.safetensors to start from")
    ap.add_argument("--runs-dir", help="where run folders go (default: <workspace>/.rnn-lab/runs)")
    ap.add_argument("--device", help="cpu or cuda (default: cuda when available)")
    ap.add_argument("--json", action="store_true", help="print the events as JSON Lines")
    args = ap.parse_args()

    spec_path = os.path.abspath(args.spec)
    with open(spec_path, encoding="utf-8") as f:
        spec_text = f.read()
    spec = json.loads(spec_text)
    training = data.training_settings(spec)
    steps = args.steps if args.steps is not None else training["steps"]
    eval_every = max(1, training["evalEvery"])
    dtype = data.torch_dtype(spec)

    # One process, or one of N under torchrun (which sets RANK, WORLD_SIZE and LOCAL_RANK).
    world = int(os.environ.get("WORLD_SIZE", "1"))
    rank = int(os.environ.get("RANK", "0"))
    distributed = world > 1
    use_cuda = (args.device or ("cuda" if torch.cuda.is_available() else "cpu")).startswith("cuda")
    if use_cuda:
        device = torch.device("cuda", int(os.environ.get("LOCAL_RANK", "0")) if distributed else 0)
        torch.cuda.set_device(device)
    else:
        device = torch.device("cpu")
    if distributed:
        dist.init_process_group("nccl" if use_cuda else "gloo")
    lead = rank == 0

    def say(text):
        if lead and not args.json:
            print(text, flush=True)

    # The data: every process builds the same global batch of world x batchSize rows and takes its own.
    B = training["batchSize"]
    spec_dir = os.path.dirname(spec_path)
    task = data.load_task(spec, spec_dir, train_batch=B * world, val_batch=B)
    rng = data.Rng(training["seed"])
    init_rng, data_rng = rng.fork(1), rng.fork(2)

    torch.manual_seed(training["seed"])
    vocab = task.input_size if task.input_kind == "tokens" else None
    net = models.build_model(spec, vocab_size=vocab, input_size=None if vocab else task.input_size,
                             output_size=task.output_size, context=task.max_steps).to(dtype)
    initialize(net, spec, init_rng)
    start_from = args.start_from
    if start_from is None and os.path.exists(os.path.join(HERE, "weights.safetensors")):
        start_from = os.path.join(HERE, "weights.safetensors")  # exported with --from: start from that run
    if start_from:
        weights = start_from
        if os.path.isdir(weights):
            weights = os.path.join(weights, "weights.safetensors")
        models.load_weights(net, weights)
        say(f"starting from {weights}")
    net.to(device)
    module = net
    if distributed:
        net = torch.nn.parallel.DistributedDataParallel(net, device_ids=[device.index] if use_cuda else None)
    params = [p for p in module.parameters()]
    parameter_count = sum(p.numel() for p in params)

    kinds = {
        "sgd": lambda: torch.optim.SGD(params, lr=training["learningRate"]),
        "momentum": lambda: torch.optim.SGD(params, lr=training["learningRate"], momentum=0.9),
        "adam": lambda: torch.optim.Adam(params, lr=training["learningRate"]),
        "adagrad": lambda: torch.optim.Adagrad(params, lr=training["learningRate"]),
        "rmsprop": lambda: torch.optim.RMSprop(params, lr=training["learningRate"]),
    }
    optimizer = kinds[training["optimizer"]]()
    clip = training.get("clip")

    recorder = None
    if lead:
        root = find_workspace_root(spec_path)
        runs_dir = os.path.abspath(args.runs_dir) if args.runs_dir else os.path.join(root, ".rnn-lab", "runs")
        config = dict(config_digest(spec), parameters=parameter_count, processes=world, device=device.type)
        recorder = RunRecorder(runs_dir, root, spec_path, spec_text, spec.get("name", "run"), config)

    def emit(event):
        if recorder:
            recorder.append(event)
            if args.json:
                print(json.dumps(json_safe(event)), flush=True)

    def checkpoint():
        if recorder:
            recorder.checkpoint(module.state_dict(), task.vocab_file())

    def evaluate(step):
        """Validation loss over the held-out set (rank 0 only; streams carry the state)."""
        module.eval()
        loss_sum, scored, correct, state = 0.0, 0, 0, None
        with torch.no_grad():
            for b in task.validation_batches():
                b = b.to(device, dtype)
                out, state = module(b.x, state=state if task.stream else None, return_state=True)
                loss, n, c = batch_loss(out, b, task.loss, task.at)
                if n == 0:
                    continue
                loss_sum += float(loss) * n
                scored += n
                correct += c or 0
        module.train()
        ev = {"type": "eval", "step": step, "valLoss": loss_sum / scored if scored else math.nan}
        if task.loss == "cross-entropy" and scored:
            ev["accuracy"] = correct / scored
        emit(ev)
        return ev

    def probe(step):
        """Hidden states (a Transformer's residual stream and attention weights), gates and the
        gradient through time, |dL/dx<t>| of what each layer reads at position t (RNN Lab's one
        definition for both families), on the task's fixed probe sequence. Rank 0 only."""
        batch, labels = task.probe()
        b = batch.to(device, dtype)
        module.eval()
        with torch.enable_grad():
            out, layers = module.trace(b.x)
            loss, n, _ = batch_loss(out, b, task.loss, task.at)
            wrt = [layer["x"] for layer in layers]  # each [B, T, in]
            grads = list(torch.autograd.grad(loss, wrt, allow_unused=True)) if n > 0 else [None] * len(wrt)
        module.train()
        shown = []
        for layer, g in zip(layers, grads):
            T = layer["x"].shape[1]
            # batch row 0: a recurrent layer gives h<t> one tensor per step [B, H], a Transformer one [B, T, H]
            h = [t[0].tolist() for t in layer["h"]] if isinstance(layer["h"], list) else layer["h"][0].tolist()
            entry = {"h": h, "gradNorm": g[0].norm(dim=-1).tolist() if g is not None else [0.0] * T}
            if layer.get("c"):
                entry["c"] = [t[0].tolist() for t in layer["c"]]
            if layer.get("gates"):
                entry["gates"] = {name: [t[0].tolist() for t in g] for name, g in layer["gates"].items()}
            if "attention" in layer:
                entry["attention"] = layer["attention"][0].tolist()  # [head][query t][key t]
            shown.append(entry)
        event = {"type": "probe", "step": step, "stepLabels": labels, "layers": json_safe(shown)}
        if recorder:
            write_atomic(os.path.join(recorder.folder, "probe.json"), json.dumps(json_safe(event), ensure_ascii=False) + "\n")
        emit(event)

    stream_state = [None]
    bptt = training["bptt"]

    def forward_loss(batch):
        """The loss of one batch (and the scored positions), with truncated BPTT where the spec asks."""
        if task.stream:
            out, state = net(batch.x, state=detach_state(stream_state[0]), return_state=True)
            stream_state[0] = state
            loss, n, _ = batch_loss(out, batch, task.loss, task.at)
            return loss, n
        if task.at == "every" and 0 < bptt < batch.T:
            # Truncated BPTT inside one long sequence: the state flows forward through the windows,
            # the gradient stops at their boundaries; the loss is the mean over all scored steps.
            parts, state, total = [], None, 0
            for t0 in range(0, batch.T, bptt):
                w = batch.time_slice(t0, min(batch.T, t0 + bptt))
                out, state = net(w.x, state=detach_state(state), return_state=True)
                loss, n, _ = batch_loss(out, w, task.loss, task.at)
                parts.append(loss * n)  # a window with nothing scored adds 0 (and stays in the graph)
                total += n
            return sum(parts) / max(total, 1), total
        loss, n, _ = batch_loss(net(batch.x), batch, task.loss, task.at)
        return loss, n

    def on_signal(signum, frame):
        raise Stop()

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)

    emit({"type": "started", "runId": recorder.id if recorder else "", "folder": recorder.folder if recorder else "",
          "parameterCount": parameter_count, "totalSteps": steps, "name": spec.get("name", "run"),
          "trainedBy": "pytorch", "device": device.type, "processes": world})
    say(f"run {recorder.id if recorder else ''}: {parameter_count} parameters, {steps} steps, "
        f"{world} process{'es' if world > 1 else ''} on {device.type}")

    status, message, tokens = "completed", None, 0
    started = time.time()
    elapsed_ms = 0.0
    try:
        if lead:
            evaluate(0)  # the untrained baseline: every curve starts where the model starts
            probe(0)
            checkpoint()
        for step in range(1, steps + 1):
            t0 = time.time()
            batch = task.next_train_batch(data_rng).rows(rank * B, (rank + 1) * B).to(device, dtype)
            loss, n = forward_loss(batch)
            optimizer.zero_grad(set_to_none=False)
            loss.backward()
            # The logged loss is the mean over every process's scored positions.
            total = torch.tensor([float(loss.detach()) * n, float(n)], dtype=torch.float64)
            if distributed:
                dist.all_reduce(total)
            loss_value = float(total[0] / total[1]) if total[1] > 0 else 0.0
            grads = [p.grad for p in params if p.grad is not None]
            grad_norm = float(torch.norm(torch.stack([g.detach().norm(2) for g in grads]), 2)) if grads else 0.0
            if not math.isfinite(loss_value) or not math.isfinite(grad_norm):
                what = f"the loss became {loss_value}" if not math.isfinite(loss_value) else f"the gradient became {grad_norm}"
                raise FloatingPointError(
                    f"Training diverged at step {step}: {what}. The weights before this step were kept. Try a tighter "
                    f'"training.clip" or a smaller "training.learningRate" (now {training["learningRate"]}).')
            clipped = False
            if clip and "norm" in clip:
                coef = clip["norm"] / (grad_norm + 1e-6)  # as clip_grad_norm_
                if coef < 1:
                    for g in grads:
                        g.mul_(coef)
                    clipped = True
            elif clip and "value" in clip:
                clipped = any(bool((g.abs() > clip["value"]).any()) for g in grads)
                torch.nn.utils.clip_grad_value_(params, clip["value"])
            optimizer.step()
            now = time.time()
            elapsed_ms = (now - started) * 1000
            tokens += task.tokens_per_batch
            progress = {"type": "progress", "step": step, "loss": loss_value, "gradNorm": grad_norm, "clipped": clipped,
                        "tokensPerSec": task.tokens_per_batch / max(1e-9, now - t0), "elapsedMs": elapsed_ms}
            emit(progress)
            if step % eval_every == 0 or step == steps:
                if lead:
                    ev = evaluate(step)
                    probe(step)
                    checkpoint()
                    recorder.heartbeat()
                    acc = f", accuracy {ev['accuracy']:.1%}" if "accuracy" in ev else ""
                    say(f"step {step}/{steps}: loss {loss_value:.4f}, validation {ev['valLoss']:.4f}{acc}")
    except Stop:
        status = "stopped"
        checkpoint()
    except FloatingPointError as e:
        status, message = "diverged", str(e)
        checkpoint()
    except BaseException as e:  # recorded as failed, then re-raised
        if recorder:
            finished = recorder.finish("failed", {"message": f"{type(e).__name__}: {e}"})
            if args.json:
                print(json.dumps(json_safe(finished)), flush=True)
        raise
    summary = {"steps": recorder.summary["steps"] if recorder else 0, "parameterCount": parameter_count,
               "elapsedMs": elapsed_ms, "message": message}
    if elapsed_ms > 0:
        summary["tokensPerSec"] = tokens / (elapsed_ms / 1000)
    if recorder:
        finished = recorder.finish(status, summary)
        if args.json:
            print(json.dumps(json_safe(finished)), flush=True)
        if message:
            say(message)
        say(f"{status}: {recorder.folder}")
    if distributed:
        # Leave together: the other ranks wait here while rank 0 evaluates and writes the last
        # checkpoint, and DDP's hold on the process group goes before the group does. A rank that
        # tore gloo down after its peer had gone could spin at exit (torch 1.13, seen under load).
        if status == "completed":
            dist.barrier()
        del net
        gc.collect()
        dist.destroy_process_group()
    return 0 if status in ("completed", "stopped") else 1


if __name__ == "__main__":
    try:
        sys.exit(main())
    except data.TaskDataError as e:
        print(f"error: {e}", file=sys.stderr)
        sys.exit(1)
