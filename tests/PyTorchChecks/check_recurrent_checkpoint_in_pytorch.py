#!/usr/bin/python3
"""Loads the engine's RNN, GRU and LSTM checkpoints strictly into torch.nn.RNN, GRU and LSTM and compares outputs.

First let the engine write the checkpoints and a sample batch with its own outputs, then run this with Debian's
PyTorch (apt-get install python3-torch), offline, no safetensors package:

    dotnet run tests/PyTorchChecks/save_recurrent_sample.cs -- /tmp/recurrent
    /usr/bin/python3 tests/PyTorchChecks/check_recurrent_checkpoint_in_pytorch.py /tmp/recurrent

Each checkpoint must load with load_state_dict(strict=True) (PyTorch's names and shapes: weight_ih_l0, ...), and
PyTorch's outputs and final states on the same input and initial state must match the engine's within 1e-5.
"""
import json
import struct
import sys

import torch


def read_safetensors(path):
    with open(path, "rb") as f:
        (header_length,) = struct.unpack("<Q", f.read(8))
        header = json.loads(f.read(header_length))
        payload = f.read()
    metadata = header.pop("__metadata__", {})
    tensors = {}
    for name, entry in header.items():
        assert entry["dtype"] == "F32", entry
        begin, end = entry["data_offsets"]
        tensors[name] = torch.frombuffer(bytearray(payload[begin:end]), dtype=torch.float32).reshape(entry["shape"])
    return tensors, metadata


folder = sys.argv[1]
worst = 0.0
for kind, module_type in [("rnn", torch.nn.RNN), ("gru", torch.nn.GRU), ("lstm", torch.nn.LSTM)]:
    state, metadata = read_safetensors(f"{folder}/{kind}.safetensors")
    sample, _ = read_safetensors(f"{folder}/{kind}-sample.safetensors")
    module = module_type(int(metadata["input_size"]), int(metadata["hidden_size"]), batch_first=True)
    module.load_state_dict(state, strict=True)
    h0 = sample["h0"].unsqueeze(0)  # PyTorch's states have a leading (layers) axis
    with torch.no_grad():
        if kind == "lstm":
            output, (h_n, c_n) = module(sample["x"], (h0, sample["c0"].unsqueeze(0)))
            finals = {"h_n": h_n, "c_n": c_n}
        else:
            output, h_n = module(sample["x"], h0)
            finals = {"h_n": h_n}
    differences = {"output": (output - sample["output"]).abs().max().item()}
    differences.update({name: (value.squeeze(0) - sample[name]).abs().max().item() for name, value in finals.items()})
    worst = max(worst, *differences.values())
    print(f"{kind}: strict load of {list(state)}; largest difference " + ", ".join(f"{k} {v:.2e}" for k, v in differences.items()))
print(f"largest difference over all: {worst:.2e} ({'within' if worst <= 1e-5 else 'beyond'} 1e-5)")
sys.exit(0 if worst <= 1e-5 else 1)
