"""A random op graph while it is drawn: its inputs (values and storage layouts) and its steps, run eagerly in float64."""
import numpy as np
import torch

from differential_ops import TORCH_OPS, Reject


class Value:
    """A tensor in the graph (an input as the ops see it, or a step's output), held in float64 while building."""

    def __init__(self, tensor, positive=False):
        self.tensor = tensor
        self.positive = positive
        self.index = None

    @property
    def shape(self):
        return list(self.tensor.shape)

    @property
    def rank(self):
        return self.tensor.dim()


class Graph:
    def __init__(self, rng):
        self.rng = rng
        self.inputs = []  # (Value, JSON description)
        self.steps = []  # (op, [Value], params, Value)

    # --- random draws -----------------------------------------------------------------------------------

    def chance(self, p):
        return self.rng.random() < p

    def pick(self, options):
        return options[self.rng.integers(len(options))]

    def size(self, high=5):
        return int(self.rng.integers(1, high + 1))

    def shape(self, rank, high=5, limit=400):
        while True:
            shape = [self.size(high) for _ in range(rank)]
            if np.prod(shape) <= limit:
                return shape

    def values(self, shape, distribution, scale):
        n = int(np.prod(shape))
        if distribution == "normal":
            data = np.round(self.rng.standard_normal(n) * scale, 3)
            data[data == 0] = 0.01 * scale  # an exact 0 would sit on the kink of relu and abs
        elif distribution == "positive":
            data = np.round(self.rng.uniform(0.5, 2.0, n), 3)
        elif distribution == "away":
            data = np.round(self.rng.choice([-1, 1], n) * self.rng.uniform(0.5, 2.0, n), 3)
        elif distribution == "probability":
            data = np.round(self.rng.uniform(0, 1, n), 3)
        elif distribution == "distinct":
            # All different and at least 0.001 apart: no ties for max.
            step = max(0.001, round(4.0 / n, 3))
            data = np.round((self.rng.permutation(n) - (n - 1) / 2) * step * scale, 3)
        else:
            raise ValueError(distribution)
        return [float(v) for v in data]

    # --- inputs ---------------------------------------------------------------------------------------------

    def leaf(self, shape, distribution="normal", scale=1.0, layouts=("contiguous", "permuted", "sliced", "both", "expanded"),
             parameter=False, grad=True):
        """An input of `shape`, laid out in storage one of `layouts` (drawn)."""
        layout = self.pick([l for l in layouts if self.layout_fits(l, shape)] or ["contiguous"])
        description = {}
        stored = list(shape)
        if layout == "expanded":
            stored = self.squashed(shape)
            description["expand"] = list(shape)
        if layout in ("permuted", "both"):
            # View axis i is storage axis order[i]; the axes longer than 1 must change order, or nothing moves.
            order = list(self.rng.permutation(len(shape)))
            while [order[i] for i, size in enumerate(shape) if size > 1] == sorted(order[i] for i, size in enumerate(shape) if size > 1):
                order = list(self.rng.permutation(len(shape)))
            description["permute"] = [int(a) for a in order]
        if layout in ("sliced", "both"):
            # The view starts at an offset and steps over storage (start and step index the storage axes, which
            # are the permuted ones); at least one axis longer than 1 steps by more than 1, so there are gaps.
            description["start"] = [int(self.rng.integers(0, 3)) for _ in shape]
            description["step"] = [int(self.rng.integers(1, 4)) for _ in shape]
            storage_sizes = [shape[description["permute"].index(j)] for j in range(len(shape))] if "permute" in description else shape
            long_axes = [j for j, size in enumerate(storage_sizes) if size > 1]
            if not any(description["step"][j] > 1 for j in long_axes):
                description["step"][self.pick(long_axes)] = 2
        data = self.values(stored, distribution, scale)
        tensor = torch.tensor(data, dtype=torch.float32).double().reshape(stored)
        entry = {"shape": stored, "layout": description or "contiguous", "data": data}
        if parameter:
            entry["parameter"] = True
        if not grad:
            entry["grad"] = False
        value = Value(tensor.expand(shape) if layout == "expanded" else tensor,
                      positive=distribution == "positive")
        self.inputs.append((value, entry))
        return value

    @staticmethod
    def layout_fits(layout, shape):
        """Whether the layout changes anything: a permutation needs two axes longer than 1, a slice or an expand one."""
        long_axes = sum(size > 1 for size in shape)
        if layout in ("permuted", "both"):
            return long_axes >= 2
        return layout == "contiguous" or long_axes >= 1

    def squashed(self, shape):
        """A smaller shape that expands to `shape`: some sizes set to 1, sometimes the leading axis dropped."""
        stretchable = [a for a, size in enumerate(shape) if size > 1]
        squash = [a for a in stretchable if self.chance(0.5)] or [self.pick(stretchable)]
        small = [1 if a in squash else size for a, size in enumerate(shape)]
        if len(small) > 1 and small[0] == 1 and self.chance(0.5):
            small = small[1:]
        return small

    # --- steps ------------------------------------------------------------------------------------------------

    def op(self, name, args, positive=False, **params):
        step = {"op": name, **params}
        result = TORCH_OPS[name](step, *[a.tensor for a in args])
        if not torch.isfinite(result).all() or result.abs().max() > 1e4:
            raise Reject(f"{name}: overflow")
        value = Value(result, positive)
        self.steps.append((name, args, params, value))
        return value

    def unary(self, x, name=None):
        """One element-wise op that fits x's values (log and sqrt only on positive values)."""
        options = ["neg", "exp", "tanh", "sigmoid", "relu", "abs", "leaky_relu", "gelu", "pow2", "pow3", "scalar"]
        if x.positive:
            options += ["log", "sqrt", "pow_fraction", "rdiv_scalar"]
        name = name or self.pick(options)
        if name == "exp" and float(x.tensor.abs().max()) > 6:
            name = "tanh"
        if name == "pow2" or name == "pow3":
            return self.op("pow", [x], exponent=2 if name == "pow2" else 3)
        if name == "pow_fraction":
            return self.op("pow", [x], positive=True, exponent=self.pick([0.5, -0.5, 1.5, -1.0, 2.5]))
        if name == "leaky_relu":
            return self.op("leaky_relu", [x], slope=self.pick([0.01, 0.1, 0.2]))
        if name == "rdiv_scalar":
            return self.op("rdiv_scalar", [x], positive=True, value=self.pick([1.0, 2.5]))
        if name in ("scalar", "add_scalar", "sub_scalar", "rsub_scalar", "mul_scalar", "div_scalar"):
            op = self.pick(["add_scalar", "sub_scalar", "rsub_scalar", "mul_scalar", "div_scalar"]) if name == "scalar" else name
            value = self.pick([0.5, 1.5, -2.0, 3.0])
            keeps_sign = x.positive and ((op == "add_scalar" and value > 0) or (op in ("mul_scalar", "div_scalar") and value > 0))
            return self.op(op, [x], positive=keeps_sign, value=value)
        return self.op(name, [x], positive=name in ("exp", "sigmoid", "sqrt"))

    def broadcast_partner(self, x, distribution="normal"):
        """A new input whose shape broadcasts against x's (some sizes 1, maybe fewer axes)."""
        shape = x.shape
        if shape:
            shape = [1 if self.chance(0.4) else size for size in shape]
            if self.chance(0.3):
                shape = shape[int(self.rng.integers(0, len(shape) + 1)):]
        return self.leaf(shape, distribution)

    def binary(self, x, name=None):
        name = name or self.pick(["add", "sub", "mul", "div"])
        other = self.broadcast_partner(x, "away" if name == "div" else "normal")
        args = [other, x] if name != "div" and self.chance(0.4) else [x, other]
        return self.op(name, args)

    def axes(self, rank):
        if rank == 0 or self.chance(0.15):
            return None
        count = int(self.rng.integers(1, rank + 1))
        chosen = sorted(int(a) for a in self.rng.permutation(rank)[:count])
        return [a - rank if self.chance(0.3) else a for a in chosen]

    def reduction(self, x, name=None):
        options = ["sum", "mean", "logsumexp", "max"] + (["sum_to_shape"] if any(size > 1 for size in x.shape) else [])
        name = name or self.pick(options)
        if name == "sum_to_shape":
            return self.op(name, [x], shape=self.squashed(x.shape))
        return self.op(name, [x], axes=self.axes(x.rank), keep_dims=self.chance(0.4))

    def view_options(self, x):
        options = ["reshape", "flatten", "unsqueeze", "expand", "contiguous", "clone"]
        if x.rank >= 1:
            options += ["slice"]
        if x.rank >= 2:
            options += ["transpose", "permute"]
        if x.rank == 2:
            options += ["t"]
        if 1 in x.shape:
            options += ["squeeze"]
        return options

    def view(self, x, name=None):
        """One view op that fits x's shape (`name`, or one drawn)."""
        shape = x.shape
        name = name or self.pick(self.view_options(x))
        if name == "reshape":
            n = int(np.prod(shape))
            factors = [f for f in range(1, n + 1) if n % f == 0]
            f = self.pick(factors)
            target = [f, -1] if self.chance(0.5) else [n // f, f]
            return self.op("reshape", [x], shape=target)
        if name == "unsqueeze":
            return self.op("unsqueeze", [x], axis=int(self.rng.integers(-x.rank - 1, x.rank + 1)))
        if name == "expand":
            ones = [a for a, size in enumerate(shape) if size == 1]
            target = list(shape)
            if ones and self.chance(0.6):
                target[self.pick(ones)] = self.size(4) + 1
            else:
                target = [self.size(3) + 1] + target
            return self.op("expand", [x], shape=target)
        if name == "slice":
            axis = int(self.rng.integers(x.rank))
            size = shape[axis]
            start = int(self.rng.integers(0, max(1, size // 2)))
            end = int(self.rng.integers(start + 1, size + 1))
            if self.chance(0.25):
                start, end = start - size, end - size if end < size else end  # negative ends count from the end
            return self.op("slice", [x], axis=axis if self.chance(0.7) else axis - x.rank, start=start, end=end,
                           step=int(self.rng.integers(1, 4)))
        if name == "transpose":
            a, b = (int(v) for v in self.rng.permutation(x.rank)[:2])
            return self.op("transpose", [x], axes=[a, b - x.rank if self.chance(0.3) else b])
        if name == "permute":
            return self.op("permute", [x], order=[int(a) for a in self.rng.permutation(x.rank)])
        if name == "squeeze":
            ones = [a for a, size in enumerate(shape) if size == 1]
            return self.op("squeeze", [x], axis=None if self.chance(0.3) else self.pick(ones))
        return self.op(name, [x])

    def post(self, x, count):
        """`count` more ops after the op a case is about, drawn from those that fit any tensor."""
        for _ in range(count):
            if len(self.steps) >= 5:
                break
            kinds = ["unary", "binary", "view"]
            if x.rank >= 1:
                kinds += ["reduction", "reduction", "softmax"]
                if x.shape[-1] <= 64:
                    kinds += ["matmul"]
            kind = self.pick(kinds)
            if kind == "unary":
                x = self.unary(x)
            elif kind == "binary":
                x = self.binary(x)
            elif kind == "view":
                x = self.view(x)
            elif kind == "reduction":
                x = self.reduction(x)
            elif kind == "softmax":
                x = self.op(self.pick(["softmax", "log_softmax"]), [x], axis=int(self.rng.integers(-x.rank, x.rank)))
            else:
                other = self.leaf([x.shape[-1]] if self.chance(0.2) else [x.shape[-1], self.size(6)])
                x = self.op("matmul", [x, other])
        return x

    def maybe_pre(self, x, p=0.3):
        """Sometimes one element-wise op before the op a case is about (x keeps its shape)."""
        if not self.chance(p):
            return x
        return self.unary(x) if self.chance(0.7) else self.binary(x)

    def finish(self, x, low=0, high=2):
        """Post ops so that the chain has 2 to 5 steps."""
        count = int(self.rng.integers(low, high + 1))
        count = max(count, 2 - len(self.steps))
        return self.post(x, min(count, 5 - len(self.steps)))
