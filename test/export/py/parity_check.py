"""Loads a parity fixture's weights into the exported model.py and compares loss, outputs and gradients
(float64) with the fixture's PyTorch-computed expected.json, and the probe's traced forward with forward(). Prints {"case": errors...} as JSON.

Usage: parity_check.py EXPORT_DIR FIXTURE_DIR...   (EXPORT_DIR holds model.py, data.py, train.py)
"""
import json
import os
import sys

sys.path.insert(0, os.path.abspath(sys.argv[1]))
import torch  # noqa: E402

import model as models  # noqa: E402
import train  # noqa: E402
from data import Batch  # noqa: E402

torch.set_default_dtype(torch.float64)


def rel_err(got, want):
    got, want = got.reshape(-1).double(), want.reshape(-1).double()
    scale = max(1e-12, float(want.abs().max()))
    return float((got - want).abs().max()) / scale


result = {}
for d in sys.argv[2:]:
    spec = json.load(open(os.path.join(d, "spec.rnn.json")))
    batch_json = json.load(open(os.path.join(d, "batch.json")))
    expected = json.load(open(os.path.join(d, "expected.json")))
    weights = models.read_safetensors(os.path.join(d, "weights.safetensors"))
    # Every size from the weights, as `rnn-lab grads` does.
    head = weights["head.weight"]
    out_size = head.shape[0]
    tokens = not isinstance(batch_json["inputs"][0][0], list)
    if spec["model"]["cell"] == "transformer":
        vocab = weights["embedding.weight"].shape[0] if tokens else None
        inp = None if tokens else weights["input.weight"].shape[1]
        context = weights["position.weight"].shape[0]
    else:
        emb = weights.get("embedding.weight")
        vocab = (emb.shape[0] if emb is not None else weights["rnn.weight_ih_l0"].shape[1]) if tokens else None
        inp = None if tokens else weights["rnn.weight_ih_l0"].shape[1]
        context = None
    net = models.build_model(spec, vocab_size=vocab, input_size=inp, output_size=out_size, context=context).double()
    models.load_weights(net, os.path.join(d, "weights.safetensors"))
    x = torch.tensor(batch_json["inputs"], dtype=torch.long if tokens else torch.float64)
    y = torch.tensor(batch_json["targets"], dtype=torch.long if batch_json["loss"] == "cross-entropy" else torch.float64)
    lengths = torch.tensor(batch_json["lengths"], dtype=torch.long) if "lengths" in batch_json else None
    batch = Batch(x, y, lengths=lengths)
    out = net(x)
    traced, _ = net.trace(x)  # the probe's step-by-step forward must be the same computation
    loss, _, _ = train.batch_loss(out, batch, batch_json["loss"], batch_json["at"])
    named = dict(net.named_parameters())
    assert sorted(named) == sorted(expected["grads"]), (sorted(named), sorted(expected["grads"]))
    grads = torch.autograd.grad(loss, [named[k] for k in expected["grads"]])
    if batch_json["at"] == "last":
        last = lengths - 1 if lengths is not None else torch.full((x.shape[0],), x.shape[1] - 1)
        out = out[torch.arange(x.shape[0]), last]
    errs = {"loss": rel_err(loss.detach(), torch.tensor(expected["loss"])),
            "outputs": rel_err(out.detach(), torch.tensor(expected["outputs"])),
            "probe trace": rel_err(traced.detach(), net(x).detach())}
    for (k, want), g in zip(expected["grads"].items(), grads):
        errs[k] = rel_err(g, torch.tensor(want))
    result[os.path.basename(os.path.normpath(d))] = errs
print(json.dumps(result))
