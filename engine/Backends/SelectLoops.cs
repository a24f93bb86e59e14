using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace DeepLearning.Backends;

/// <summary>Vector loops for the piecewise functions that TensorPrimitives does not have (relu and its gradient).</summary>
internal static class SelectLoops
{
    /// <summary>
    /// y[i] = value[i] where condition[i] &gt; 0, else 0. A NaN condition gives 0, as the scalar
    /// <c>x &gt; 0 ? v : 0</c> does (a comparison with NaN is false), so both backends agree on NaN too.
    /// </summary>
    public static void WherePositive(ReadOnlySpan<float> condition, ReadOnlySpan<float> value, Span<float> y)
    {
        var i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            var conditions = MemoryMarshal.Cast<float, Vector256<float>>(condition);
            var values = MemoryMarshal.Cast<float, Vector256<float>>(value);
            var results = MemoryMarshal.Cast<float, Vector256<float>>(y);
            for (var v = 0; v < results.Length; v++)
            {
                results[v] = Vector256.ConditionalSelect(Vector256.GreaterThan(conditions[v], Vector256<float>.Zero), values[v], Vector256<float>.Zero);
            }
            i = results.Length * Vector256<float>.Count;
        }
        for (; i < y.Length; i++)
        {
            y[i] = condition[i] > 0 ? value[i] : 0;
        }
    }
}
