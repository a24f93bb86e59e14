using System.Runtime.Intrinsics;

namespace DeepLearning.Backends.Fast;

/// <summary>
/// The Adam step eight parameters at a time, with the same operations in the same order as
/// <see cref="HostLoops.AdamStep"/> (so bit for bit the same result), then that loop for the rest. The update is
/// ~10 flops a parameter, and was the slowest part of a small model's training step when written per element.
/// </summary>
internal static class AdamVectors
{
    public static void Step(Span<float> parameter, ReadOnlySpan<float> gradient, Span<float> m, Span<float> v, AdamStepSettings s)
    {
        var count = Vector256.IsHardwareAccelerated ? parameter.Length - parameter.Length % Vector256<float>.Count : 0;
        var (decay, rate, rateTimesDecay) = (Vector256.Create(s.WeightDecay), Vector256.Create(s.LearningRate), Vector256.Create(s.LearningRate * s.WeightDecay));
        var (beta1, beta2) = (Vector256.Create(s.Beta1), Vector256.Create(s.Beta2));
        var (oneMinusBeta1, oneMinusBeta2) = (Vector256.Create(1 - s.Beta1), Vector256.Create(1 - s.Beta2));
        var (c1, c2, epsilon) = (Vector256.Create(s.Correction1), Vector256.Create(s.Correction2), Vector256.Create(s.Epsilon));
        for (var i = 0; i < count; i += Vector256<float>.Count)
        {
            var p = Vector256.Create<float>(parameter.Slice(i));
            var g = Vector256.Create(gradient.Slice(i));
            if (s.DecoupledWeightDecay)
            {
                p -= rateTimesDecay * p;
            }
            else
            {
                g += decay * p;
            }
            var mi = beta1 * Vector256.Create<float>(m.Slice(i)) + oneMinusBeta1 * g;
            var vi = beta2 * Vector256.Create<float>(v.Slice(i)) + oneMinusBeta2 * g * g;
            mi.CopyTo(m.Slice(i));
            vi.CopyTo(v.Slice(i));
            p -= rate * (mi / c1) / (Vector256.Sqrt(vi / c2) + epsilon);
            p.CopyTo(parameter.Slice(i));
        }
        HostLoops.AdamStep(parameter[count..], gradient[count..], m[count..], v[count..], s);
    }
}
