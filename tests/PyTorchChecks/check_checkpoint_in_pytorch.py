#!/usr/bin/python3
"""Loads a `dlc train --model mlp` checkpoint into a PyTorch model and re-measures its test accuracy.

A check that the safetensors file is what PyTorch expects (names from the module tree, F32, shapes, offsets),
done offline with Debian's PyTorch (apt-get install python3-torch) and no safetensors package: the format is
simple enough to read with the standard library, which is the point of the format.

    /usr/bin/python3 tests/PyTorchChecks/check_checkpoint_in_pytorch.py RUN_FOLDER [FASHION_MNIST_FOLDER]
"""
import gzip
import json
import struct
import sys

import torch
from torch import nn

run = sys.argv[1]
data = sys.argv[2] if len(sys.argv) > 2 else "/usr/share/datasets/fashion-mnist"

with open(f"{run}/model.safetensors", "rb") as f:
    (header_length,) = struct.unpack("<Q", f.read(8))
    header = json.loads(f.read(header_length))
    payload = f.read()
metadata = header.pop("__metadata__", {})
state = {}
for name, entry in header.items():
    assert entry["dtype"] == "F32", entry
    begin, end = entry["data_offsets"]
    state[name] = torch.frombuffer(bytearray(payload[begin:end]), dtype=torch.float32).reshape(entry["shape"])

model = nn.Sequential(nn.Flatten(), nn.Linear(784, 256), nn.ReLU(), nn.Linear(256, 128), nn.ReLU(), nn.Linear(128, 10))
model.load_state_dict(state)  # strict: every name and shape must match

with gzip.open(f"{data}/t10k-images-idx3-ubyte.gz") as f:
    images = torch.frombuffer(bytearray(f.read()[16:]), dtype=torch.uint8).float().reshape(-1, 1, 28, 28)
with gzip.open(f"{data}/t10k-labels-idx1-ubyte.gz") as f:
    labels = torch.frombuffer(bytearray(f.read()[8:]), dtype=torch.uint8).long()
images = (images / 255 - 0.2860) / 0.3530  # the trainer's normalisation (FashionMnist.Standardization)
with torch.no_grad():
    accuracy = (model(images).argmax(1) == labels).float().mean().item()
reported = json.load(open(f"{run}/metrics.json"))["test_accuracy"]
print(f"tensors: {list(state)}; metadata: {metadata}")
print(f"PyTorch test accuracy {accuracy:.4f}; dlc reported {reported:.4f}")
sys.exit(0 if abs(accuracy - reported) < 1e-3 else 1)
