using System.Globalization;
using System.Text;

namespace DeepLearning.Tests.Support;

/// <summary>
/// Compares the gradients that <see cref="Tensor.Backward"/> computes with central differences.
/// </summary>
/// <remarks>
/// The scalar checked is L = Σ f(inputs) · R, with R a fixed random tensor of f's shape. A plain sum
/// (R = 1) would let through a backward that hands the right values to the wrong positions (a permute
/// that forgets to permute back), because every position would get the same weight.
/// The analytic side seeds Backward with dL/df = R directly, so the check does not lean on the
/// engine's own mul and sum. The numeric side nudges one storage element at a time by ±ε and
/// evaluates L in double: dL/dx ≈ (L(x+ε) − L(x−ε)) / 2ε.
/// </remarks>
public static class GradientChecker
{
    /// <summary>
    /// Throws <see cref="GradientCheckFailedException"/> when an analytic gradient of
    /// <paramref name="function"/> differs from the numeric one.
    /// </summary>
    /// <param name="function">The computation to check; it must read its inputs only through ops.</param>
    /// <param name="inputs">Leaf tensors, possibly non-contiguous views; each must own its storage.</param>
    public static void Check(Func<Tensor[], Tensor> function, params Tensor[] inputs) =>
        Check(function, inputs, GradientCheckOptions.Default);

    public static void Check(Func<Tensor[], Tensor> function, Tensor[] inputs, GradientCheckOptions options)
    {
        var mismatches = FindMismatches(function, inputs, options);
        if (mismatches.Count > 0)
        {
            throw new GradientCheckFailedException(Describe(mismatches, options));
        }
    }

    /// <summary>Every storage element whose analytic and numeric gradients disagree beyond the tolerance.</summary>
    public static IReadOnlyList<GradientMismatch> FindMismatches(
        Func<Tensor[], Tensor> function, Tensor[] inputs, GradientCheckOptions options)
    {
        RejectSharedStorage(inputs);
        var analytic = AnalyticGradients(function, inputs, options, out var weights);
        using var _ = NumericOnTheHost(inputs);
        var mismatches = new List<GradientMismatch>();
        for (var k = 0; k < inputs.Length; k++)
        {
            foreach (var element in StorageElements(inputs[k]))
            {
                // An element that several view positions alias (an expanded input) moves all of them at
                // once, so its numeric derivative is the sum of their analytic gradients.
                var analyticSum = element.Positions.Sum(position => (double)analytic[k][position]);
                var numeric = NumericDerivative(function, inputs, inputs[k], element.StorageIndex, weights, options.Epsilon);
                var tolerance = options.AbsoluteTolerance + options.RelativeTolerance * Math.Max(Math.Abs(analyticSum), Math.Abs(numeric));
                // Written as !(a <= b) so that a NaN on either side counts as a mismatch.
                if (!(Math.Abs(analyticSum - numeric) <= tolerance))
                {
                    mismatches.Add(new GradientMismatch(k, Describe(inputs[k]), element.FirstIndex, element.Positions.Count, analyticSum, numeric, tolerance));
                }
            }
        }
        return mismatches;
    }

    private static float[][] AnalyticGradients(
        Func<Tensor[], Tensor> function, Tensor[] inputs, GradientCheckOptions options, out float[] weights)
    {
        foreach (var input in inputs)
        {
            if (!input.IsLeaf)
            {
                throw new ArgumentException($"gradient check: inputs must be leaves; one is the output of '{input.GradFn!.OpName}'");
            }
            input.RequiresGrad = true;
            input.ZeroGrad();
        }
        var output = function(inputs);
        var weighting = Tensor.Randn(output.Shape, new Generator(options.WeightSeed));
        weights = weighting.ToArray();
        if (output.RequiresGrad)
        {
            output.Backward(weighting);
        }
        // An input that f does not reach gets no Grad: its gradient is zero.
        return inputs.Select(input => input.Grad?.ToArray() ?? new float[input.ElementCount]).ToArray();
    }

    private static double NumericDerivative(
        Func<Tensor[], Tensor> function, Tensor[] inputs, Tensor input, int storageIndex, float[] weights, float epsilon)
    {
        // Through the tensor, so that an input on a device is perturbed where it lives.
        var original = input.ReadStorage(storageIndex);
        // Float32 rounds x ± ε; dividing by the step actually taken removes that error.
        var up = original + epsilon;
        var down = original - epsilon;
        input.WriteStorage(storageIndex, up);
        var lossUp = WeightedLoss(function, inputs, weights);
        input.WriteStorage(storageIndex, down);
        var lossDown = WeightedLoss(function, inputs, weights);
        input.WriteStorage(storageIndex, original);
        return (lossUp - lossDown) / ((double)up - down);
    }

    private static double WeightedLoss(Func<Tensor[], Tensor> function, Tensor[] inputs, float[] weights)
    {
        float[] values;
        using (Autograd.NoGrad())
        {
            values = function(inputs).ToArray();
        }
        var loss = 0.0;
        for (var i = 0; i < values.Length; i++)
        {
            loss += (double)values[i] * weights[i];
        }
        return loss;
    }

    /// <summary>
    /// For inputs on an accelerator, the numeric side runs on the host: their storage moves to the CPU (offsets and
    /// strides kept) and new tensors are made there, until the returned scope moves them back. The analytic gradients,
    /// the thing under test, were computed on the accelerator already; the central differences only need the
    /// function's values, which are the same on every backend (the forward op tests check that), and on ILGPU's CPU
    /// accelerator two launches per element of every input took minutes. A function that reads accelerator tensors
    /// other than its inputs fails here with the engine's mixed-device message: pass them as inputs.
    /// </summary>
    private static IDisposable? NumericOnTheHost(Tensor[] inputs)
    {
        var device = inputs.Select(input => input.Device).FirstOrDefault(device => !device.IsCpu);
        if (device is null)
        {
            return null;
        }
        foreach (var input in inputs)
        {
            input.MoveStorageTo(Device.Cpu);
        }
        var cpuDefault = Device.UseDefault(Device.Cpu);
        return new Restore(() =>
        {
            cpuDefault.Dispose();
            foreach (var input in inputs)
            {
                input.MoveStorageTo(device);
            }
        });
    }

    private sealed class Restore(Action restore) : IDisposable
    {
        public void Dispose() => restore();
    }

    /// <summary>One storage element of a view and the row-major positions of the view that read it.</summary>
    private sealed record StorageElement(int StorageIndex, int[] FirstIndex, List<int> Positions);

    private static List<StorageElement> StorageElements(Tensor input)
    {
        var offsets = Tensor.StridedOffsets(input.ShapeSpan, input.StridesSpan, input.Offset);
        var byStorageIndex = new Dictionary<int, StorageElement>();
        var elements = new List<StorageElement>();
        for (var position = 0; position < offsets.Length; position++)
        {
            if (!byStorageIndex.TryGetValue(offsets[position], out var element))
            {
                element = new StorageElement(offsets[position], MultiIndex(position, input.Shape), []);
                byStorageIndex.Add(offsets[position], element);
                elements.Add(element);
            }
            element.Positions.Add(position);
        }
        return elements;
    }

    private static int[] MultiIndex(int position, int[] shape)
    {
        var index = new int[shape.Length];
        for (var axis = shape.Length - 1; axis >= 0; axis--)
        {
            index[axis] = position % shape[axis];
            position /= shape[axis];
        }
        return index;
    }

    private static void RejectSharedStorage(Tensor[] inputs)
    {
        for (var i = 0; i < inputs.Length; i++)
        {
            for (var j = i + 1; j < inputs.Length; j++)
            {
                if (ReferenceEquals(inputs[i].Storage, inputs[j].Storage))
                {
                    // Nudging one would nudge the other, and the numeric derivative would mix the two.
                    throw new ArgumentException($"gradient check: inputs {i} and {j} share storage");
                }
            }
        }
    }

    private const int MismatchesShown = 5;

    /// <summary>Shape and layout, e.g. "(2,3) with strides (1,2) at offset 0": a bug may live only in some layouts.</summary>
    private static string Describe(Tensor input) =>
        $"{input.ShapeText} with strides {Shapes.Format(input.StridesSpan)} at offset {input.Offset}";

    private static string Describe(IReadOnlyList<GradientMismatch> mismatches, GradientCheckOptions options)
    {
        var text = new StringBuilder().Append(CultureInfo.InvariantCulture,
            $"gradient check failed: {mismatches.Count} element(s) differ (ε = {options.Epsilon}, tolerance = {options.AbsoluteTolerance} + {options.RelativeTolerance} × max(|analytic|, |numeric|))");
        foreach (var mismatch in mismatches.Take(MismatchesShown))
        {
            text.AppendLine().Append("  ").Append(mismatch);
        }
        if (mismatches.Count > MismatchesShown)
        {
            text.AppendLine().Append(CultureInfo.InvariantCulture, $"  ... and {mismatches.Count - MismatchesShown} more");
        }
        return text.ToString();
    }
}

/// <summary>Step size and tolerances of a gradient check, tuned for float32 data.</summary>
/// <remarks>
/// Epsilon is half the central-difference step: large enough that float32 rounding of f does not swamp
/// the difference, small enough that the O(ε²) truncation error stays far below the tolerance. An
/// element passes when |analytic − numeric| ≤ absolute + relative × max(|analytic|, |numeric|).
/// WeightSeed seeds the random weighting R of L = Σ f · R.
/// </remarks>
public sealed record GradientCheckOptions(
    float Epsilon = 5e-3f, double RelativeTolerance = 1e-2, double AbsoluteTolerance = 1e-3, ulong WeightSeed = 20240601)
{
    public static GradientCheckOptions Default { get; } = new();
}

/// <summary>
/// One element whose analytic gradient is not the numeric one. AliasCount is how many view positions
/// read its storage element (more than 1 in an expanded view); Analytic is then their sum.
/// </summary>
public sealed record GradientMismatch(
    int InputIndex, string InputDescription, int[] Element, int AliasCount, double Analytic, double Numeric, double Tolerance)
{
    public override string ToString()
    {
        var aliases = AliasCount > 1 ? $" (and {AliasCount - 1} more positions sharing its storage; analytic is their sum)" : "";
        return string.Create(CultureInfo.InvariantCulture,
            $"input {InputIndex} of shape {InputDescription}, element [{string.Join(",", Element)}]{aliases}: " +
            $"analytic {Analytic:G6}, numeric {Numeric:G6}, |difference| {Math.Abs(Analytic - Numeric):G3} > tolerance {Tolerance:G3}");
    }
}

/// <summary>A failed gradient check; an assertion failure, so NUnit reports it as a failed test.</summary>
public sealed class GradientCheckFailedException(string message) : AssertionException(message);
