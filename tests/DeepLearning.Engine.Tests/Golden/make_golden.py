#!/usr/bin/python3
"""Golden values from PyTorch for the engine's tests.

Run offline with Debian's PyTorch (apt-get install python3-torch; PyTorch 1.13, CPU):
    /usr/bin/python3 tests/DeepLearning.Engine.Tests/Golden/make_golden.py
It writes golden.json beside this script. PyTorch is never needed to build or run the tests: the JSON is
committed, and GoldenValueTests.cs reads the inputs from it and compares the engine's outputs and gradients.
"""
import json
import os

import torch
import torch.nn.functional as F

torch.manual_seed(20261126)
torch.set_default_dtype(torch.float32)


def t(x):
    return {"shape": list(x.shape), "data": [float(v) for v in x.detach().reshape(-1).tolist()]}


def leaf(*shape, scale=1.0):
    return (torch.randn(*shape) * scale).requires_grad_(True)


cases = {}

# Convolution with stride and padding: output and gradients of sum(out * weights).
x, w, b = leaf(2, 3, 7, 6), leaf(4, 3, 3, 3, scale=0.3), leaf(4)
out = F.conv2d(x, w, b, stride=2, padding=1)
r = torch.randn(out.shape)
(out * r).sum().backward()
cases["conv2d"] = {"x": t(x), "weight": t(w), "bias": t(b), "stride": 2, "padding": 1, "r": t(r),
                   "out": t(out), "grad_x": t(x.grad), "grad_weight": t(w.grad), "grad_bias": t(b.grad)}

# Pooling.
x = leaf(2, 3, 6, 8)
out = F.max_pool2d(x, 2)
r = torch.randn(out.shape)
(out * r).sum().backward()
cases["max_pool2d"] = {"x": t(x), "kernel": 2, "r": t(r), "out": t(out), "grad_x": t(x.grad)}
x = leaf(2, 3, 6, 8)
out = F.avg_pool2d(x, 3, stride=2, padding=1, count_include_pad=True)
r = torch.randn(out.shape)
(out * r).sum().backward()
cases["avg_pool2d"] = {"x": t(x), "kernel": 3, "stride": 2, "padding": 1, "r": t(r), "out": t(out), "grad_x": t(x.grad)}

# Cross-entropy with label smoothing.
z = leaf(5, 7, scale=3.0)
y = torch.tensor([0, 6, 3, 3, 1])
loss = F.cross_entropy(z, y, label_smoothing=0.1)
loss.backward()
cases["cross_entropy"] = {"logits": t(z), "targets": y.tolist(), "label_smoothing": 0.1, "loss": float(loss), "grad_logits": t(z.grad)}

# Binary cross-entropy with logits, large scores included.
z = leaf(6)
with torch.no_grad():
    z[0] = 40.0
    z[1] = -40.0
targets = torch.tensor([1.0, 0.0, 1.0, 0.0, 0.3, 0.8])
loss = F.binary_cross_entropy_with_logits(z, targets)
loss.backward()
cases["bce_with_logits"] = {"logits": t(z), "targets": t(targets), "loss": float(loss), "grad_logits": t(z.grad)}

# Layer norm and GELU (tanh form).
x, g, bb = leaf(3, 5), leaf(5), leaf(5)
out = F.gelu(F.layer_norm(x, (5,), g, bb, eps=1e-5), approximate="tanh")
r = torch.randn(out.shape)
(out * r).sum().backward()
cases["layer_norm_gelu"] = {"x": t(x), "weight": t(g), "bias": t(bb), "r": t(r), "out": t(out),
                            "grad_x": t(x.grad), "grad_weight": t(g.grad), "grad_bias": t(bb.grad)}

# Batch norm in training mode: output, input gradient and the updated running statistics.
x = leaf(4, 3, 2, 2)
running_mean, running_var = torch.zeros(3), torch.ones(3)
out = F.batch_norm(x, running_mean, running_var, training=True, momentum=0.1, eps=1e-5)
r = torch.randn(out.shape)
(out * r).sum().backward()
cases["batch_norm2d_train"] = {"x": t(x), "r": t(r), "out": t(out), "grad_x": t(x.grad),
                               "running_mean": t(running_mean), "running_var": t(running_var)}


def optimizer_trace(make, steps=3):
    p = torch.randn(4, requires_grad=True)
    start = p.detach().clone()
    grads = [torch.randn(4) for _ in range(steps)]
    optimizer = make([p])
    for grad in grads:
        optimizer.zero_grad()
        p.grad = grad.clone()
        optimizer.step()
    return {"start": t(start), "grads": [t(grad) for grad in grads], "end": t(p)}


cases["sgd_nesterov"] = optimizer_trace(lambda ps: torch.optim.SGD(ps, lr=0.1, momentum=0.9, nesterov=True, weight_decay=0.01))
cases["adam"] = optimizer_trace(lambda ps: torch.optim.Adam(ps, lr=0.01, weight_decay=0.1))
cases["adamw"] = optimizer_trace(lambda ps: torch.optim.AdamW(ps, lr=0.01, weight_decay=0.1))

cases["torch_version"] = torch.__version__
path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "golden.json")
with open(path, "w") as f:
    json.dump(cases, f, indent=1)
print("wrote", path)
