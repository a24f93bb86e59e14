#!/usr/bin/python3
"""Random op graphs run by PyTorch, for the engine's differential test (DifferentialTests.cs beside this file).

Regenerate offline with Debian's PyTorch (apt-get install python3-torch; PyTorch 1.13, CPU):
    /usr/bin/python3 tests/DeepLearning.Engine.Tests/Differential/make_differential.py
It writes differential.json beside this script; the same seed writes the same file. PyTorch is never needed
to build or run the tests: the JSON is committed, and the C# side replays every graph on every backend.

A case is a small graph: input tensors (each laid out in storage as the case says: transposed, sliced with an
offset and a step, or expanded from a smaller tensor), then a list of steps, each an engine op applied to
earlier values. The last step is the output y. With fixed random weights r, L = sum(y * r), and the case holds
y and dL/dx for every input x, computed in float64 from the same float32 inputs: the exact answer that the
engine, in float32, must come close to.

A case is drawn again (a rejection) when it sits where the comparison would be unfair: an input of relu, abs
or leaky_relu (or the logit of BCE) within a hair of the kink at 0, a max or max-pool window whose top two
values nearly tie, log or sqrt or a denominator near 0, values that overflow, or PyTorch's own float32 result
further from float64 than a quarter of the test's tolerance (an ill-conditioned graph).
"""
import json
import math
import os
import sys

sys.dont_write_bytecode = True  # no __pycache__ beside the tests

import numpy as np  # noqa: E402
import torch  # noqa: E402

from differential_cases import BUILDERS, LARGE_BUILDERS  # noqa: E402
from differential_graph import Graph  # noqa: E402
from differential_ops import TORCH_OPS, Checks, Reject  # noqa: E402

SEED = 20260515
CASES = 240
RTOL, ATOL = 1e-4, 1e-5  # DifferentialAssert.cs: |engine - torch| <= ATOL * max(1, max|torch|) * scale + RTOL * scale * |torch|
LARGE = 16384  # a case whose largest tensor has n > LARGE elements gets scale sqrt(n / LARGE): longer sums round more


# ---------------------------------------------------------------------------------------------------------
# Replaying a finished graph with gradients, and writing it out.

def label(op, params, args):
    """A short name for a step, for the test's name: sum(0,2, keep), slice(1, 0:5:2), matmul(3x4 @ 4)."""
    def shape_text(value):
        return "x".join(str(s) for s in value.shape) or "()"
    if op in ("sum", "mean", "max", "logsumexp"):
        axes = "all" if params["axes"] is None else ",".join(str(a) for a in params["axes"])
        return f"{op}({axes}{', keep' if params['keep_dims'] else ''})"
    if op == "matmul":
        return f"matmul({shape_text(args[0])} @ {shape_text(args[1])})"
    if op in ("add", "sub", "mul", "div"):
        return op if args[0].shape == args[1].shape else f"{op}(broadcast)"
    if op == "pow":
        return f"pow({params['exponent']:g})"
    if op == "leaky_relu":
        return f"leaky_relu({params['slope']:g})"
    if op.endswith("_scalar"):
        return f"{op}({params['value']:g})"
    if op in ("softmax", "log_softmax", "unsqueeze", "concat", "stack", "gather", "index_select"):
        return f"{op}({params['axis']})"
    if op == "squeeze":
        return f"squeeze({'' if params['axis'] is None else params['axis']})"
    if op in ("reshape", "expand", "sum_to_shape"):
        return f"{op}({','.join(str(s) for s in params['shape'])})"
    if op in ("transpose", "permute"):
        return f"{op}({','.join(str(a) for a in params.get('axes') or params['order'])})"
    if op == "slice":
        return f"slice({params['axis']}, {params['start']}:{params['end']}:{params['step']})"
    if op == "im2col":
        return f"im2col({params['kernel'][0]}x{params['kernel'][1]}, s{params['stride']}, p{params['padding']})"
    if op in ("max_pool2d",):
        return f"max_pool2d({params['kernel']}, s{params['stride']})"
    if op in ("avg_pool2d",):
        return f"avg_pool2d({params['kernel']}, s{params['stride']}, p{params['padding']})"
    if op == "conv2d":
        return f"conv2d({args[1].shape[2]}x{args[1].shape[3]}, s{params['stride']}, p{params['padding']}{'' if len(args) == 3 else ', no bias'})"
    if op == "batch_norm":
        return "batch_norm1d" if args[0].rank == 2 else "batch_norm2d"
    if op == "attention":
        return f"attention({params['heads']} heads{', causal' if params['causal'] else ''})"
    if op == "cross_entropy" and params["label_smoothing"]:
        return f"cross_entropy(smoothing {params['label_smoothing']:g})"
    return op


def layout_name(entry):
    layout = entry["layout"]
    if layout == "contiguous":
        return None
    names = [n for n, key in (("transposed", "permute"), ("strided", "step"), ("expanded", "expand")) if key in layout]
    return "+".join(names)


def serialize(g, case_id):
    for index, (value, _) in enumerate(g.inputs):
        value.index = index
    for index, (_, _, _, value) in enumerate(g.steps):
        value.index = len(g.inputs) + index
    steps = [{"op": op, "args": [a.index for a in args], **params} for op, args, params, _ in g.steps]
    layouts = sorted({name for name in (layout_name(entry) for _, entry in g.inputs) if name})
    chain = " -> ".join(label(op, params, args) for op, args, params, _ in g.steps)
    name = f"case {case_id}: " + (f"({', '.join(layouts)}) " if layouts else "") + chain
    return {"id": case_id, "name": name, "inputs": [entry for _, entry in g.inputs], "steps": steps}


def replay(case, dtype, weights):
    """Output and input gradients of sum(y * weights), from the inputs as the engine reads them."""
    leaves, values = [], []
    for entry in case["inputs"]:
        leaf = torch.tensor(entry["data"], dtype=torch.float32).to(dtype).reshape(entry["shape"])
        leaf.requires_grad_(entry.get("grad", True))
        leaves.append(leaf)
        layout = entry["layout"]
        values.append(leaf.expand(layout["expand"]) if layout != "contiguous" and "expand" in layout else leaf)
    for step in case["steps"]:
        values.append(TORCH_OPS[step["op"]](step, *[values[i] for i in step["args"]]))
    output = values[-1]
    (output * weights.to(dtype)).sum().backward()
    return output.detach(), [None if not leaf.requires_grad else leaf.grad.detach() for leaf in leaves]


def tolerance_scale(g):
    largest = max(int(np.prod(v.shape)) for v, _ in g.inputs)
    largest = max([largest] + [int(np.prod(v.shape)) for *_, v in g.steps])
    return max(1.0, math.sqrt(largest / LARGE))


def close_enough(float32, float64, scale):
    """PyTorch's own float32 answer within a quarter of the test's tolerance of the float64 one."""
    allowed = ATOL * max(1.0, largest(float64)) * scale + RTOL * scale * float64.abs()
    return bool(((float32.double() - float64).abs() <= allowed / 4).all())


def largest(tensor):
    return float(tensor.abs().max()) if tensor.numel() else 0.0


def rounded(tensor):
    return [float(f"{v:.7g}") for v in tensor.reshape(-1).tolist()]


def make_case(case_id, builder, rng, rejections):
    for _ in range(200):
        g = Graph(rng)
        try:
            Checks.enabled = True
            builder(g)
            case = serialize(g, case_id)
            Checks.enabled = False
            output = g.steps[-1][3].tensor
            weights = torch.tensor(np.round(rng.standard_normal(output.shape), 3), dtype=torch.float32)
            y64, grads64 = replay(case, torch.float64, weights)
            y32, grads32 = replay(case, torch.float32, weights)
            scale = tolerance_scale(g)
            pairs = [(y32, y64)] + [(a, b) for a, b in zip(grads32, grads64) if b is not None]
            if not all(close_enough(a, b, scale) for a, b in pairs):
                raise Reject("float32 far from float64")
            if any(not torch.isfinite(b).all() or largest(b) > 1e4 for _, b in pairs):
                raise Reject("gradient overflow")
        except Reject as reason:
            rejections[str(reason)] = rejections.get(str(reason), 0) + 1
            continue
        case["tolerance_scale"] = round(scale, 3)
        case["weights"] = [float(v) for v in weights.reshape(-1).tolist()]
        case["output"] = {"shape": list(y64.shape), "data": rounded(y64)}
        case["grads"] = [None if grad is None else rounded(grad) for grad in grads64]
        return case
    raise RuntimeError(f"case {case_id}: no fair draw in 200 tries")


def main():
    rng = np.random.default_rng(SEED)
    rejections = {}
    plan = [builder for _, builder in BUILDERS]
    plan = (plan * (CASES // len(plan) + 1))[:CASES - len(LARGE_BUILDERS)] + LARGE_BUILDERS
    cases = [make_case(case_id, builder, rng, rejections) for case_id, builder in enumerate(plan)]
    covered = sorted({step["op"] for case in cases for step in case["steps"]})
    missing = sorted(set(TORCH_OPS) - set(covered))
    if missing:
        raise RuntimeError(f"ops never drawn: {missing}")
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "differential.json")
    with open(path, "w") as f:
        f.write('{"torch_version": %s, "seed": %d, "rtol": %g, "atol": %g, "cases": [\n'
                % (json.dumps(torch.__version__), SEED, RTOL, ATOL))
        f.write(",\n".join(json.dumps(case, separators=(",", ":")) for case in cases))
        f.write("\n]}\n")
    print(f"wrote {path}: {len(cases)} cases, "
          f"{os.path.getsize(path) / 1e6:.2f} MB, {len(covered)} ops")
    print("rejected draws:", rejections)


if __name__ == "__main__":
    main()
