using System.Text.Json;
using DeepLearning.NN;

namespace DeepLearning.Tests.Differential;

/// <summary>
/// Replays one <see cref="DifferentialCase"/> with the engine, on the current backend and default device: makes
/// every input in the layout the case names (so the ops really see a transposed, sliced or expanded view),
/// applies the steps in order, and seeds the backward with the case's weights r, so that every input's
/// <see cref="Tensor.Grad"/> is dL/dx for L = Σ y·r.
/// </summary>
/// <remarks>
/// Values are numbered as in the JSON: the inputs first (as the ops see them, after any expand), then one
/// value per step. The step names are make_differential.py's; each maps to one engine op or module.
/// </remarks>
public sealed class DifferentialGraph
{
    private readonly DifferentialCase _case;
    private readonly List<Tensor> _values = [];

    /// <summary>For each input, the tensor whose Grad is dL/d(input): the leaf itself, or the module parameter it was loaded into.</summary>
    private readonly Tensor?[] _gradientSources;

    public DifferentialGraph(DifferentialCase testCase)
    {
        _case = testCase;
        _gradientSources = new Tensor?[testCase.Inputs.Length];
        foreach (var input in testCase.Inputs)
        {
            _values.Add(MakeInput(input, out var leaf));
            _gradientSources[_values.Count - 1] = input.NeedsGradient ? leaf : null;
        }
        foreach (var step in testCase.Steps)
        {
            _values.Add(Apply(step));
        }
        Output = _values[^1];
        Output.Backward(Tensor.FromArray(testCase.Weights, testCase.OutputShape));
    }

    public Tensor Output { get; }

    /// <summary>dL/d(input <paramref name="index"/>) as a row-major array, or null when the input needs none.</summary>
    public float[]? GradientOf(int index)
    {
        var source = _gradientSources[index];
        if (source is null)
        {
            return null;
        }
        // An input that the output does not depend on gets no gradient at all; PyTorch's is then zero.
        return source.Grad?.ToArray() ?? new float[source.ElementCount];
    }

    /// <summary>
    /// A leaf holding the input's values, laid out in storage as the input says: storage filled with NaN, cut
    /// by Slice and Permute (not recorded: nothing requires grad yet), then written through the view. An op that
    /// reads outside its view reads NaN and fails loudly.
    /// </summary>
    internal static Tensor MakeInput(DifferentialInput input, out Tensor leaf)
    {
        var layout = input.Layout;
        var values = Tensor.FromArray(input.Data, input.Shape);
        if (input.IsParameter || (layout.Permute is null && layout.Start is null))
        {
            leaf = values;
        }
        else
        {
            var rank = input.Shape.Length;
            var order = layout.Permute ?? Enumerable.Range(0, rank).ToArray();
            var storageShape = new int[rank];
            for (var axis = 0; axis < rank; axis++)
            {
                storageShape[order[axis]] = input.Shape[axis];
            }
            leaf = SlicedView(storageShape, layout.Start, layout.Step).Permute(order);
            leaf.CopyFrom(values);
        }
        leaf.RequiresGrad = input.NeedsGradient;
        return layout.Expand is null ? leaf : leaf.Expand(layout.Expand);
    }

    /// <summary>A view of <paramref name="shape"/> that starts at start[j] along each axis j and steps by step[j], in NaN storage.</summary>
    private static Tensor SlicedView(int[] shape, int[]? start, int[]? step)
    {
        if (start is null || step is null)
        {
            return Tensor.Full(shape, float.NaN);
        }
        // One NaN past the last element read, along every axis.
        var storage = Tensor.Full(shape.Select((size, j) => start[j] + (size - 1) * step[j] + 2).ToArray(), float.NaN);
        for (var j = 0; j < shape.Length; j++)
        {
            storage = storage.Slice(j, start[j], start[j] + (shape[j] - 1) * step[j] + 1, step[j]);
        }
        return storage;
    }

    private Tensor Apply(JsonElement step)
    {
        var argumentIndices = DifferentialCase.Ints(step.GetProperty("args"));
        var args = argumentIndices.Select(i => _values[i]).ToArray();
        var x = args[0];
        int Int(string name) => step.GetProperty(name).GetInt32();
        float Float(string name) => step.GetProperty(name).GetSingle();
        int[] Ints(string name) => DifferentialCase.Ints(step.GetProperty(name));
        int[]? Axes() => step.GetProperty("axes").ValueKind == JsonValueKind.Null ? null : Ints("axes");
        bool KeepDims() => step.GetProperty("keep_dims").GetBoolean();
        return step.GetProperty("op").GetString() switch
        {
            "neg" => -x,
            "exp" => x.Exp(),
            "log" => x.Log(),
            "sqrt" => x.Sqrt(),
            "pow" => x.Pow(Float("exponent")),
            "tanh" => x.Tanh(),
            "sigmoid" => x.Sigmoid(),
            "relu" => x.Relu(),
            "abs" => x.Abs(),
            "leaky_relu" => Functional.LeakyRelu(x, Float("slope")),
            "gelu" => Functional.Gelu(x),
            "add_scalar" => x + Float("value"),
            "sub_scalar" => x - Float("value"),
            "rsub_scalar" => Float("value") - x,
            "mul_scalar" => x * Float("value"),
            "div_scalar" => x / Float("value"),
            "rdiv_scalar" => Float("value") / x,
            "add" => x + args[1],
            "sub" => x - args[1],
            "mul" => x * args[1],
            "div" => x / args[1],
            "matmul" => x.MatMul(args[1]),
            "sum" => x.Sum(Axes(), KeepDims()),
            "sum_to_shape" => x.SumToShape(Ints("shape")),
            "mean" => x.Mean(Axes(), KeepDims()),
            "max" => x.Max(Axes(), KeepDims()),
            "logsumexp" => x.LogSumExp(Axes(), KeepDims()),
            "reshape" => x.Reshape(Ints("shape")),
            "flatten" => x.Flatten(),
            "transpose" => x.Transpose(Ints("axes")[0], Ints("axes")[1]),
            "t" => x.T,
            "permute" => x.Permute(Ints("order")),
            "slice" => x.Slice(Int("axis"), Int("start"), Int("end"), Int("step")),
            "expand" => x.Expand(Ints("shape")),
            "unsqueeze" => x.Unsqueeze(Int("axis")),
            "squeeze" => x.Squeeze(step.GetProperty("axis").ValueKind == JsonValueKind.Null ? null : Int("axis")),
            "contiguous" => x.Contiguous(),
            "clone" => x.Clone(),
            "concat" => Tensor.Concat(args, Int("axis")),
            "stack" => Tensor.Stack(args, Int("axis")),
            "gather" => x.Gather(Int("axis"), Ints("indices")),
            "index_select" => x.IndexSelect(Int("axis"), Ints("indices")),
            "softmax" => x.Softmax(Int("axis")),
            "log_softmax" => x.LogSoftmax(Int("axis")),
            "im2col" => x.Im2Col(Ints("kernel")[0], Ints("kernel")[1], Int("stride"), Int("padding")),
            "max_pool2d" => new MaxPool2d(Int("kernel"), Int("stride")).Forward(x),
            "avg_pool2d" => new AvgPool2d(Int("kernel"), Int("stride"), Int("padding")).Forward(x),
            "conv2d" => Conv2d(x, argumentIndices, Int("stride"), Int("padding")),
            "linear" => Linear(x, argumentIndices),
            "layer_norm" => WithParameters(new LayerNorm(x.Size(-1)), argumentIndices[1..], "weight", "bias").Forward(x),
            "batch_norm" => WithParameters(x.Rank == 2 ? (BatchNorm)new BatchNorm1d(x.Size(1)) : new BatchNorm2d(x.Size(1)), argumentIndices[1..], "weight", "bias").Forward(x),
            "embedding" => Embedding(argumentIndices, Ints("ids"), Ints("ids_shape")),
            "attention" => Attention(x, argumentIndices, Int("heads"), step.GetProperty("causal").GetBoolean()),
            "cross_entropy" => Losses.CrossEntropy(x, Ints("targets"), Float("label_smoothing")),
            "nll_loss" => Losses.NllLoss(x, Ints("targets")),
            "mse_loss" => Losses.MeanSquaredError(x, args[1]),
            "bce_with_logits" => Losses.BinaryCrossEntropyWithLogits(x, args[1]),
            var op => throw new NotSupportedException($"case {_case.Id}: unknown op '{op}' in differential.json"),
        };
    }

    private Tensor Conv2d(Tensor x, int[] args, int stride, int padding)
    {
        var weight = _case.Inputs[args[1]].Shape;
        var conv = new Conv2d(weight[1], weight[0], weight[2], new Generator(0), stride, padding, bias: args.Length == 3);
        return WithParameters(conv, args[1..], args.Length == 3 ? ["weight", "bias"] : ["weight"]).Forward(x);
    }

    private Tensor Linear(Tensor x, int[] args)
    {
        var weight = _case.Inputs[args[1]].Shape;
        var linear = new Linear(weight[1], weight[0], new Generator(0), bias: args.Length == 3);
        return WithParameters(linear, args[1..], args.Length == 3 ? ["weight", "bias"] : ["weight"]).Forward(x);
    }

    private Tensor Embedding(int[] args, int[] ids, int[] idsShape)
    {
        var weight = _case.Inputs[args[0]].Shape;
        var embedding = new Embedding(weight[0], weight[1], new Generator(0));
        return WithParameters(embedding, args, "weight").Lookup(ids, idsShape);
    }

    private Tensor Attention(Tensor x, int[] args, int heads, bool causal)
    {
        var attention = new MultiHeadSelfAttention(x.Size(-1), heads, new Generator(0), causal);
        string[] names = ["query.weight", "query.bias", "key.weight", "key.bias", "value.weight", "value.bias", "output.weight", "output.bias"];
        return WithParameters(attention, args[1..], names).Forward(x);
    }

    /// <summary>
    /// Loads the inputs <paramref name="inputs"/> into the module's parameters <paramref name="names"/> (buffers
    /// keep their values), and takes the module's parameters as those inputs' gradient sources.
    /// </summary>
    private T WithParameters<T>(T module, int[] inputs, params string[] names) where T : Module
    {
        var state = module.StateDict().ToDictionary(named => named.Name, named => named.Tensor);
        var parameters = module.NamedParameters().ToDictionary(named => named.Name, named => named.Parameter);
        for (var k = 0; k < names.Length; k++)
        {
            var input = inputs[k];
            if (!_case.Inputs[input].IsParameter)
            {
                throw new InvalidDataException($"case {_case.Id}: input {input}, the {names[k]} of {module}, is not marked as a parameter");
            }
            state[names[k]] = _values[input];
            _gradientSources[input] = parameters[names[k]];
        }
        module.LoadStateDict(state);
        return module;
    }
}
