using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace DeepLearning.Backends;

/// <summary>Vector loops for the piecewise functions that TensorPrimitives does not have (relu and its gradient).</summary>
internal static class SelectLoops
{
    /// <summary>
    /// y[i] = 0 where condition[i] &lt;= 0, else value[i]. A NaN condition keeps the value (a comparison with NaN is
    /// false), so relu lets NaN through as PyTorch does, and the scalar <c>x &lt;= 0 ? 0 : v</c> agrees on it.
    /// </summary>
    public static void ZeroWhereNotPositive(ReadOnlySpan<float> condition, ReadOnlySpan<float> value, Span<float> y)
    {
        var i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            var conditions = MemoryMarshal.Cast<float, Vector256<float>>(condition);
            var values = MemoryMarshal.Cast<float, Vector256<float>>(value);
            var results = MemoryMarshal.Cast<float, Vector256<float>>(y);
            for (var v = 0; v < results.Length; v++)
            {
                results[v] = Vector256.ConditionalSelect(Vector256.LessThanOrEqual(conditions[v], Vector256<float>.Zero), Vector256<float>.Zero, values[v]);
            }
            i = results.Length * Vector256<float>.Count;
        }
        for (; i < y.Length; i++)
        {
            y[i] = condition[i] <= 0 ? 0 : value[i];
        }
    }
}
