"""The case builders: each draws one graph around one op (the op the case is about), with a random chain around it."""
import numpy as np


def unary_case(name):
    def build(g):
        distribution = "positive" if name in ("log", "sqrt", "pow_fraction", "rdiv_scalar") else "normal"
        x = g.leaf(g.shape(int(g.rng.integers(1, 4)), high=7), distribution)
        x = g.maybe_pre(x, 0.2) if distribution == "normal" else x
        g.finish(g.unary(x, name), 1, 2)
    return build


def binary_case(name):
    def build(g):
        x = g.leaf(g.shape(int(g.rng.integers(1, 5)), high=6))
        g.finish(g.binary(g.maybe_pre(x), name), 1, 2)
    return build


MATMUL_SHAPES = [
    lambda g, m, k, n: ([m, k], [k, n]),
    lambda g, m, k, n: ([g.size(3) + 1, m, k], [g.size(3) + 1, k, n]),  # sizes may differ: fixed below
    lambda g, m, k, n: ([g.size(3), m, k], [k, n]),
    lambda g, m, k, n: ([2, 1, m, k], [3, k, n]),
    lambda g, m, k, n: ([k], [k, n]),
    lambda g, m, k, n: ([m, k], [k]),
    lambda g, m, k, n: ([k], [k]),
    lambda g, m, k, n: ([k], [g.size(3), k, n]),
    lambda g, m, k, n: ([m, k], [g.size(3), k, n]),
]


def matmul_case(g):
    m, k, n = g.size(9), g.size(9), g.size(9)
    a, b = g.pick(MATMUL_SHAPES)(g, m, k, n)
    if len(a) == 3 and len(b) == 3:
        b[0] = a[0]
    x, y = g.leaf(a), g.leaf(b)
    g.finish(g.op("matmul", [g.maybe_pre(x, 0.2), y]), 0, 2)


def reduction_case(name):
    def build(g):
        rank = int(g.rng.integers(1, 5))
        shape = g.shape(rank, high=6)
        if name == "sum_to_shape" and max(shape) == 1:
            shape[0] = 3
        # A max needs distinct values: an expanded input would repeat them.
        x = g.leaf(shape, "distinct" if name == "max" else "normal",
                   layouts=("contiguous", "permuted", "sliced", "both") if name == "max" else
                   ("contiguous", "permuted", "sliced", "both", "expanded"))
        if name != "max":
            x = g.maybe_pre(x)
        g.finish(g.reduction(x, name), 1, 2)
    return build


def view_case(g):
    x = g.leaf(g.shape(int(g.rng.integers(1, 5)), high=5))
    x = g.view(g.maybe_pre(x, 0.2))
    x = g.view(x) if g.chance(0.5) else x
    g.finish(x, 0, 2)


def named_view_case(name):
    def build(g):
        shape = g.shape(2 if name == "t" else int(g.rng.integers(2, 5)), high=5)
        if name == "squeeze" and 1 not in shape:
            shape[int(g.rng.integers(len(shape)))] = 1
        x = g.maybe_pre(g.leaf(shape), 0.2)
        g.finish(g.view(x, name), 1, 2)
    return build


def join_case(name):
    def build(g):
        shape = g.shape(int(g.rng.integers(1, 4)), high=5)
        axis = int(g.rng.integers(-len(shape), len(shape) + (1 if name == "stack" else 0)))
        parts = []
        for _ in range(int(g.rng.integers(2, 4))):
            part = list(shape)
            if name == "concat":
                part[axis] = g.size(4)
            parts.append(g.maybe_pre(g.leaf(part), 0.2))
        g.finish(g.op(name, parts, axis=axis), 1, 2)
    return build


def gather_case(g):
    shape = g.shape(int(g.rng.integers(1, 4)), high=6)
    axis = int(g.rng.integers(len(shape)))
    x = g.maybe_pre(g.leaf(shape))
    picks = int(np.prod(shape)) // shape[axis]
    indices = [int(i) for i in g.rng.integers(0, shape[axis], picks)]
    g.finish(g.op("gather", [x], axis=axis - len(shape) if g.chance(0.3) else axis, indices=indices), 1, 2)


def index_select_case(g):
    shape = g.shape(int(g.rng.integers(1, 4)), high=6)
    axis = int(g.rng.integers(len(shape)))
    x = g.maybe_pre(g.leaf(shape))
    indices = [int(i) for i in g.rng.integers(0, shape[axis], g.size(6))]  # repeats allowed
    g.finish(g.op("index_select", [x], axis=axis, indices=indices), 1, 2)


def softmax_case(name):
    def build(g):
        shape = g.shape(int(g.rng.integers(1, 4)), high=7)
        x = g.maybe_pre(g.leaf(shape, scale=2.0))
        g.finish(g.op(name, [x], axis=int(g.rng.integers(-len(shape), len(shape)))), 1, 2)
    return build


def images(g, channels=None, high=7, distribution="normal", layouts=("contiguous", "permuted", "sliced", "both", "expanded")):
    shape = [g.size(2), channels or g.size(3), g.size(high - 2) + 2, g.size(high - 2) + 2]
    return g.leaf(shape, distribution, layouts=layouts)


def window(g, x, padding=True):
    h, w = x.shape[2], x.shape[3]
    kernel = int(g.rng.integers(1, min(h, w, 3) + 1))
    stride = int(g.rng.integers(1, 3))
    pad = int(g.rng.integers(0, min(2, kernel // 2 + 1))) if padding else 0
    return kernel, stride, pad


def im2col_case(g):
    x = g.maybe_pre(images(g), 0.2)
    kernel, stride, padding = window(g, x)
    kw = max(1, min(x.shape[3], kernel + int(g.rng.integers(-1, 2))))
    g.finish(g.op("im2col", [x], kernel=[kernel, kw], stride=stride, padding=padding), 1, 2)


def max_pool_case(g):
    x = images(g, distribution="distinct", layouts=("contiguous", "permuted", "sliced", "both"))
    kernel, stride, _ = window(g, x, padding=False)
    kernel = max(kernel, 2)
    g.finish(g.op("max_pool2d", [x], kernel=kernel, stride=stride), 1, 2)


def avg_pool_case(g):
    x = g.maybe_pre(images(g), 0.2)
    kernel, stride, padding = window(g, x)
    g.finish(g.op("avg_pool2d", [x], kernel=kernel, stride=stride, padding=padding), 1, 2)


def conv2d_case(g):
    x = g.maybe_pre(images(g), 0.2)
    kernel, stride, padding = window(g, x)
    out_channels = g.size(4)
    w = g.leaf([out_channels, x.shape[1], kernel, kernel], scale=0.5, parameter=True, layouts=("contiguous",))
    args = [x, w] + ([g.leaf([out_channels], parameter=True, layouts=("contiguous",))] if g.chance(0.7) else [])
    g.finish(g.op("conv2d", args, stride=stride, padding=padding), 1, 2)


def linear_case(g):
    shape = g.shape(int(g.rng.integers(1, 4)), high=6)
    x = g.maybe_pre(g.leaf(shape))
    out = g.size(6)
    w = g.leaf([out, shape[-1]], scale=0.5, parameter=True, layouts=("contiguous",))
    args = [x, w] + ([g.leaf([out], parameter=True, layouts=("contiguous",))] if g.chance(0.7) else [])
    g.finish(g.op("linear", args), 1, 2)


def layer_norm_case(g):
    shape = g.shape(int(g.rng.integers(2, 4)), high=6)
    shape[-1] = max(shape[-1], 2)
    x = g.maybe_pre(g.leaf(shape, layouts=("contiguous", "permuted", "sliced", "both")))
    w = g.leaf([shape[-1]], parameter=True, layouts=("contiguous",))
    b = g.leaf([shape[-1]], parameter=True, layouts=("contiguous",))
    g.finish(g.op("layer_norm", [x, w, b]), 1, 2)


def batch_norm_case(g):
    shape = [g.size(4) + 1, g.size(4)] + ([g.size(3), g.size(3)] if g.chance(0.5) else [])
    x = g.maybe_pre(g.leaf(shape, layouts=("contiguous", "permuted", "sliced", "both")))
    w = g.leaf([shape[1]], parameter=True, layouts=("contiguous",))
    b = g.leaf([shape[1]], parameter=True, layouts=("contiguous",))
    g.finish(g.op("batch_norm", [x, w, b]), 1, 2)


def embedding_case(g):
    count, dimension = g.size(6) + 1, g.size(5)
    w = g.leaf([count, dimension], parameter=True, layouts=("contiguous",))
    ids_shape = g.shape(int(g.rng.integers(1, 3)), high=4)
    ids = [int(i) for i in g.rng.integers(0, count, int(np.prod(ids_shape)))]
    g.finish(g.op("embedding", [w], ids=ids, ids_shape=ids_shape), 1, 2)


def attention_case(g):
    heads = g.pick([1, 2])
    e = heads * g.size(3)
    x = g.leaf([g.size(2), g.size(4) + 1, e], layouts=("contiguous", "permuted", "sliced"))
    params = []
    for _ in range(4):
        params += [g.leaf([e, e], scale=0.5, parameter=True, layouts=("contiguous",)),
                   g.leaf([e], scale=0.2, parameter=True, layouts=("contiguous",))]
    g.finish(g.op("attention", [x] + params, heads=heads, causal=g.chance(0.6)), 1, 1)


def classification(g):
    n, c = g.size(6), g.size(6) + 1
    return g.leaf([n, c], scale=2.0, layouts=("contiguous", "permuted", "sliced", "both")), [int(t) for t in g.rng.integers(0, c, n)]


def cross_entropy_case(g):
    z, targets = classification(g)
    y = g.op("cross_entropy", [g.maybe_pre(z, 0.4)], targets=targets, label_smoothing=g.pick([0.0, 0.1]))
    g.finish(y, 0, 1)


def nll_loss_case(g):
    z, targets = classification(g)
    g.finish(g.op("nll_loss", [g.op("log_softmax", [z], axis=1)], targets=targets), 0, 1)


def mse_case(g):
    shape = g.shape(int(g.rng.integers(1, 4)), high=6)
    p = g.maybe_pre(g.leaf(shape), 0.4)
    g.finish(g.op("mse_loss", [p, g.leaf(shape)]), 0, 1)


def bce_case(g):
    shape = g.shape(int(g.rng.integers(1, 4)), high=6)
    z = g.maybe_pre(g.leaf(shape, scale=2.0), 0.3)
    g.finish(g.op("bce_with_logits", [z, g.leaf(shape, "probability")]), 0, 1)


# --- large cases: sizes that reach the fast backend's vector loops, blocked and parallel matmul, threads ---

def synthesized(g, rows, columns, squash="tanh"):
    """A full (rows, columns) matrix made from rows + columns inputs: squash(u ⊕ v) with u, v broadcast."""
    u = g.leaf([rows, 1], layouts=("contiguous",))
    v = g.leaf([1, columns], layouts=("contiguous",))
    return g.op(squash, [g.op(g.pick(["add", "mul"]), [u, v])])


def large_elementwise_case(g):
    # 256 x 520 = 133,120 elements: the fast backend splits element-wise ops over threads from 2^17.
    x = synthesized(g, 256, 520, g.pick(["tanh", "sigmoid", "gelu"]))
    x = g.op(g.pick(["mul", "add", "div"]), [x, g.leaf([520], "away")])
    g.op(g.pick(["sum", "logsumexp", "mean"]), [x], axes=[g.pick([0, 1])], keep_dims=False)


def large_matmul_case(g):
    # 70x130 @ 130x90: past the serial threshold, so C is cut into bands, one per thread.
    a = synthesized(g, 70, 130)
    b = synthesized(g, 130, 90, "sigmoid")
    g.op("logsumexp", [g.op("matmul", [a, b])], axes=[1], keep_dims=False)


def deep_matmul_case(g):
    # k = 300 > the 256-deep blocks, m = 150 > the 144-row blocks; the left operand transposed in storage.
    a = synthesized(g, 300, 150)
    b = synthesized(g, 300, 24, "sigmoid")
    g.op("mean", [g.op("matmul", [g.op("t", [a]), b])], axes=[0], keep_dims=False)


def stored_matmul_case(g):
    # 48x72 @ 72x40 from stored inputs, one transposed: every element of both gradients is compared.
    a = g.leaf([48, 72], scale=0.5, layouts=("permuted", "sliced", "contiguous"))
    b = g.leaf([72, 40], scale=0.5, layouts=("permuted", "contiguous"))
    g.op("sum", [g.op("tanh", [g.op("matmul", [a, b])])], axes=[1], keep_dims=False)


def batched_matmul_case(g):
    # 64 small products against one shared right matrix: its gradient sums 64 products (shared targets).
    a = g.leaf([64, 6, 8], layouts=("contiguous", "sliced", "permuted"))
    b = g.leaf([8, 5], layouts=("contiguous", "permuted"))
    g.op("logsumexp", [g.op("matmul", [a, b])], axes=[0, 2], keep_dims=g.chance(0.5))


def large_conv_case(g):
    x = g.leaf([4, 3, 12, 12], layouts=("contiguous", "sliced"))
    w = g.leaf([8, 3, 3, 3], scale=0.3, parameter=True, layouts=("contiguous",))
    b = g.leaf([8], parameter=True, layouts=("contiguous",))
    y = g.op("conv2d", [x, w, b], stride=g.pick([1, 2]), padding=1)
    g.op("mean", [g.op("relu", [y])], axes=[2, 3], keep_dims=False)


def large_im2col_case(g):
    x = synthesized(g, 6 * 4, 14 * 14)
    x = g.op("reshape", [x], shape=[6, 4, 14, 14])
    g.op("sum", [g.op("im2col", [x], kernel=[3, 3], stride=1, padding=1)], axes=[1], keep_dims=False)


def large_pool_case(g):
    # 80 planes: more than the 64 planes a block of the fast max pool.
    x = g.leaf([2, 40, 6, 6], "distinct", layouts=("contiguous", "sliced"))
    g.op("sum", [g.op("max_pool2d", [x], kernel=2, stride=2)], axes=[1], keep_dims=False)


def large_softmax_case(g):
    x = synthesized(g, 40, 100)
    g.op("sum", [g.op(g.pick(["softmax", "log_softmax"]), [x], axis=g.pick([0, 1]))], axes=[0], keep_dims=False)


def large_reduction_case(g):
    u = g.leaf([64, 1, 1], layouts=("contiguous",))
    v = g.leaf([1, 48, 1], layouts=("contiguous",))
    w = g.leaf([40], layouts=("contiguous", "sliced"))
    x = g.op("tanh", [g.op("add", [g.op("mul", [u, v]), w])])
    g.op(g.pick(["sum", "max", "logsumexp"]), [x], axes=[0, 2], keep_dims=False)


def large_layer_norm_case(g):
    x = g.leaf([32, 96], layouts=("contiguous", "permuted"))
    w = g.leaf([96], parameter=True, layouts=("contiguous",))
    b = g.leaf([96], parameter=True, layouts=("contiguous",))
    g.op("sum", [g.op("gelu", [g.op("layer_norm", [x, w, b])])], axes=[0], keep_dims=False)


def large_cross_entropy_case(g):
    z = g.leaf([128, 24], scale=2.0, layouts=("contiguous", "permuted"))
    g.op("cross_entropy", [z], targets=[int(t) for t in g.rng.integers(0, 24, 128)], label_smoothing=g.pick([0.0, 0.1]))


BUILDERS = (
    [(f"unary {name}", unary_case(name)) for name in
     ["neg", "exp", "log", "sqrt", "pow2", "pow3", "pow_fraction", "tanh", "sigmoid", "relu", "abs", "leaky_relu", "gelu",
      "add_scalar", "sub_scalar", "rsub_scalar", "mul_scalar", "div_scalar", "rdiv_scalar"]]
    + [(f"binary {name}", binary_case(name)) for name in ["add", "sub", "mul", "div"]] * 2
    + [("matmul", matmul_case)] * 8
    + [(f"reduction {name}", reduction_case(name)) for name in ["sum", "mean", "max", "logsumexp"]] * 2
    + [("reduction sum_to_shape", reduction_case("sum_to_shape"))]
    + [("views", view_case)] * 3
    + [(f"view {name}", named_view_case(name)) for name in
       ["reshape", "flatten", "transpose", "t", "permute", "slice", "expand", "unsqueeze", "squeeze", "contiguous", "clone"]]
    + [(f"join {name}", join_case(name)) for name in ["concat", "stack"]] * 2
    + [("gather", gather_case), ("index_select", index_select_case)] * 2
    + [(name, softmax_case(name)) for name in ["softmax", "log_softmax"]] * 2
    + [("im2col", im2col_case), ("max_pool2d", max_pool_case), ("avg_pool2d", avg_pool_case), ("conv2d", conv2d_case)] * 2
    + [("linear", linear_case), ("layer_norm", layer_norm_case), ("batch_norm", batch_norm_case), ("embedding", embedding_case),
       ("attention", attention_case)] * 2
    + [("cross_entropy", cross_entropy_case), ("nll_loss", nll_loss_case), ("mse_loss", mse_case), ("bce_with_logits", bce_case)] * 2
)

LARGE_BUILDERS = [
    large_elementwise_case, large_elementwise_case, large_matmul_case, deep_matmul_case, stored_matmul_case,
    batched_matmul_case, large_conv_case, large_im2col_case, large_pool_case, large_softmax_case,
    large_reduction_case, large_layer_norm_case, large_cross_entropy_case,
]
