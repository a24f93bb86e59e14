#!/usr/bin/python3
"""Golden values from PyTorch for the engine's recurrent layers (RNN, GRU, LSTM and their cells).

Run offline with Debian's PyTorch (apt-get install python3-torch; PyTorch 1.13, CPU):
    /usr/bin/python3 tests/DeepLearning.Engine.Tests/Golden/make_recurrent_golden.py
It writes recurrent.json beside this script; RecurrentGoldenTests.cs loads each module's state dict from it (the
engine uses PyTorch's parameter names), runs the same input and initial state, and compares the outputs, the final
state and the gradients of sum(output * r) + sum(final * q) with respect to the input, the initial state and every
parameter. PyTorch is never needed to build or run the tests.
"""
import json
import os

import torch

torch.manual_seed(20261205)
torch.set_default_dtype(torch.float32)


def t(x):
    return {"shape": list(x.shape), "data": [round(float(v), 8) for v in x.detach().reshape(-1).tolist()]}


def case(module, x, states):
    """states: the initial state tensors as PyTorch takes them (layers: (1, B, H))."""
    x = x.clone().requires_grad_(True)
    states = [s.clone().requires_grad_(True) for s in states]
    if isinstance(module, torch.nn.LSTM):
        output, (h, c) = module(x, (states[0], states[1]))
        finals = [h, c]
    elif isinstance(module, torch.nn.LSTMCell):
        h, c = module(x, (states[0], states[1]))
        output, finals = h, [h, c]
    elif isinstance(module, (torch.nn.RNN, torch.nn.GRU)):
        output, h = module(x, states[0])
        finals = [h]
    else:
        h = module(x, states[0])
        output, finals = h, [h]
    r = torch.randn_like(output)
    qs = [torch.randn_like(f) for f in finals]
    loss = (output * r).sum() + sum((f * q).sum() for f, q in zip(finals, qs))
    loss.backward()
    squeeze = lambda s: s.squeeze(0) if s.dim() == 3 else s  # the engine's states are (B, H)
    return {
        "state_dict": {name: t(p) for name, p in module.state_dict().items()},
        "x": t(x), "states": [t(squeeze(s)) for s in states],
        "output": t(output), "finals": [t(squeeze(f)) for f in finals],
        "r": t(r), "qs": [t(squeeze(q)) for q in qs],
        "grad_x": t(x.grad), "grad_states": [t(squeeze(s.grad)) for s in states],
        "grad_parameters": {name: t(p.grad) for name, p in module.named_parameters()},
    }


batch, time, inputs, hidden = 3, 5, 4, 6
cases = {}
for name, layer, cell, states in [
    ("rnn", torch.nn.RNN, torch.nn.RNNCell, 1),
    ("gru", torch.nn.GRU, torch.nn.GRUCell, 1),
    ("lstm", torch.nn.LSTM, torch.nn.LSTMCell, 2),
]:
    cases[name] = case(layer(inputs, hidden, batch_first=True), torch.randn(batch, time, inputs),
                       [torch.randn(1, batch, hidden) * 0.5 for _ in range(states)])
    cases[name + "_cell"] = case(cell(inputs, hidden), torch.randn(batch, inputs),
                                 [torch.randn(batch, hidden) * 0.5 for _ in range(states)])
    # No bias, a longer sequence (20 steps), and a zero initial state as the engine's default.
    cases[name + "_long_no_bias"] = case(layer(inputs, hidden, batch_first=True, bias=False), torch.randn(2, 20, inputs),
                                         [torch.zeros(1, 2, hidden) for _ in range(states)])

with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "recurrent.json"), "w") as f:
    json.dump({"torch_version": torch.__version__, "cases": cases}, f, separators=(",", ":"))
    f.write("\n")
