"""The engine's ops as PyTorch computes them, one entry a step name of differential.json (make_differential.py).

Each takes the step (its parameters) and its operands. Some check that their operands are fair to compare (see
make_differential.py) and raise Reject otherwise; the checks run while a graph is built, in float64, and are
switched off (Checks.enabled) when a finished graph is replayed.
"""
import math

import numpy as np
import torch
import torch.nn.functional as F


class Reject(Exception):
    """The draw is unfair to compare (see make_differential.py); the case is drawn again."""


class Checks:
    enabled = True


def away_from_kink(x, what):
    # relu, abs and leaky_relu switch slope at 0: the engine and PyTorch round differently, so an input
    # this close to 0 could land on either side.
    if Checks.enabled and (x.abs() <= 1e-4 * max(1.0, float(x.abs().max()))).any():
        raise Reject(f"{what} input near 0")
    return x


def away_from_zero(x, what):
    if Checks.enabled and (x.abs() < 0.05).any():
        raise Reject(f"{what} near 0")
    return x


def untied(groups, what):
    """groups: (count, size). The top two values of each group must differ, or the winner could flip."""
    if Checks.enabled and groups.shape[-1] > 1:
        top = groups.topk(2, dim=-1).values
        if ((top[:, 0] - top[:, 1]) <= 1e-4 * top[:, 0].abs().clamp(min=1.0)).any():
            raise Reject(f"{what}: near tie")


def reduce_axes(x, step):
    axes = step["axes"]
    return tuple(range(x.dim())) if axes is None else tuple(axes)


def amax(step, x):
    axes = reduce_axes(x, step)
    if x.dim() > 0:
        moved = x.permute([a for a in range(x.dim()) if a not in [d % x.dim() for d in axes]] + [d % x.dim() for d in axes])
        untied(moved.reshape(-1, max(1, int(np.prod([x.shape[d] for d in axes])))), "max")
    return torch.amax(x, dim=axes, keepdim=step["keep_dims"])


def max_pool(step, x):
    k, s = step["kernel"], step["stride"]
    windows = F.unfold(x.reshape(-1, 1, *x.shape[2:]), k, stride=s)  # (N·C, k·k, L)
    untied(windows.transpose(1, 2).reshape(-1, k * k), "max_pool2d")
    return F.max_pool2d(x, k, s)


def slice_view(step, x):
    index = [slice(None)] * x.dim()
    index[step["axis"]] = slice(step["start"], step["end"], step["step"])
    return x[tuple(index)]


def gather(step, x):
    axis = step["axis"]
    shape = list(x.shape)
    shape[axis] = 1
    return torch.gather(x, axis, torch.tensor(step["indices"]).reshape(shape))


def attention(step, x, wq, bq, wk, bk, wv, bv, wo, bo):
    # As engine/NN/MultiHeadSelfAttention.cs: heads split from E, scaled dot products, causal mask of -1e9.
    b, t, e = x.shape
    heads = step["heads"]
    d = e // heads

    def split(y):
        return y.reshape(b, t, heads, d).permute(0, 2, 1, 3)

    q, k, v = split(F.linear(x, wq, bq)), split(F.linear(x, wk, bk)), split(F.linear(x, wv, bv))
    scores = q @ k.transpose(-1, -2) / float(np.float32(math.sqrt(d)))
    if step["causal"]:
        scores = scores + torch.triu(torch.full((t, t), -1e9, dtype=x.dtype), diagonal=1)
    joined = (scores.softmax(-1) @ v).permute(0, 2, 1, 3).reshape(b, t, e)
    return F.linear(joined, wo, bo)


def f32(value):
    """A constant as the engine holds it: a float."""
    return float(np.float32(value))


TORCH_OPS = {
    "neg": lambda s, x: -x,
    "exp": lambda s, x: x.exp(),
    "log": lambda s, x: away_from_zero(x, "log").log(),
    "sqrt": lambda s, x: away_from_zero(x, "sqrt").sqrt(),
    "pow": lambda s, x: x.pow(f32(s["exponent"])),
    "tanh": lambda s, x: x.tanh(),
    "sigmoid": lambda s, x: x.sigmoid(),
    "relu": lambda s, x: F.relu(away_from_kink(x, "relu")),
    "abs": lambda s, x: away_from_kink(x, "abs").abs(),
    "leaky_relu": lambda s, x: F.leaky_relu(away_from_kink(x, "leaky_relu"), f32(s["slope"])),
    "gelu": lambda s, x: F.gelu(x, approximate="tanh"),
    "add_scalar": lambda s, x: x + f32(s["value"]),
    "sub_scalar": lambda s, x: x - f32(s["value"]),
    "rsub_scalar": lambda s, x: f32(s["value"]) - x,
    "mul_scalar": lambda s, x: x * f32(s["value"]),
    "div_scalar": lambda s, x: x / f32(s["value"]),
    "rdiv_scalar": lambda s, x: f32(s["value"]) / away_from_zero(x, "denominator"),
    "add": lambda s, a, b: a + b,
    "sub": lambda s, a, b: a - b,
    "mul": lambda s, a, b: a * b,
    "div": lambda s, a, b: a / away_from_zero(b, "denominator"),
    "matmul": lambda s, a, b: torch.matmul(a, b),
    "sum": lambda s, x: torch.sum(x, dim=reduce_axes(x, s), keepdim=s["keep_dims"]),
    "sum_to_shape": lambda s, x: x.sum_to_size(s["shape"]),
    "mean": lambda s, x: torch.mean(x, dim=reduce_axes(x, s), keepdim=s["keep_dims"]),
    "max": amax,
    "logsumexp": lambda s, x: torch.logsumexp(x, dim=reduce_axes(x, s), keepdim=s["keep_dims"]),
    "reshape": lambda s, x: x.reshape(s["shape"]),
    "flatten": lambda s, x: x.reshape(-1),
    "transpose": lambda s, x: x.transpose(s["axes"][0], s["axes"][1]),
    "t": lambda s, x: x.t(),
    "permute": lambda s, x: x.permute(s["order"]),
    "slice": slice_view,
    "expand": lambda s, x: x.expand(s["shape"]),
    "unsqueeze": lambda s, x: x.unsqueeze(s["axis"]),
    "squeeze": lambda s, x: x.squeeze() if s["axis"] is None else x.squeeze(s["axis"]),
    "contiguous": lambda s, x: x.contiguous(),
    "clone": lambda s, x: x.clone(),
    "concat": lambda s, *xs: torch.cat(xs, s["axis"]),
    "stack": lambda s, *xs: torch.stack(xs, s["axis"]),
    "gather": gather,
    "index_select": lambda s, x: torch.index_select(x, s["axis"], torch.tensor(s["indices"])),
    "softmax": lambda s, x: x.softmax(s["axis"]),
    "log_softmax": lambda s, x: x.log_softmax(s["axis"]),
    "im2col": lambda s, x: F.unfold(x, s["kernel"], padding=s["padding"], stride=s["stride"]),
    "max_pool2d": max_pool,
    "avg_pool2d": lambda s, x: F.avg_pool2d(x, s["kernel"], s["stride"], s["padding"], count_include_pad=True),
    "conv2d": lambda s, x, w, b=None: F.conv2d(x, w, b, stride=s["stride"], padding=s["padding"]),
    "linear": lambda s, x, w, b=None: F.linear(x, w, b),
    "layer_norm": lambda s, x, w, b: F.layer_norm(x, (x.shape[-1],), w, b, eps=1e-5),
    "batch_norm": lambda s, x, w, b: F.batch_norm(x, None, None, w, b, training=True, eps=1e-5),
    "embedding": lambda s, w: F.embedding(torch.tensor(s["ids"]).reshape(s["ids_shape"]), w),
    "attention": attention,
    "cross_entropy": lambda s, z: F.cross_entropy(z, torch.tensor(s["targets"]), label_smoothing=f32(s["label_smoothing"])),
    "nll_loss": lambda s, z: F.nll_loss(z, torch.tensor(s["targets"])),
    "mse_loss": lambda s, p, t: F.mse_loss(p, t),
    "bce_with_logits": lambda s, z, t: F.binary_cross_entropy_with_logits(away_from_kink(z, "bce logit"), t),
}
