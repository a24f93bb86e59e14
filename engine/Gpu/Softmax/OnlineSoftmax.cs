using ILGPU.Algorithms;
using ILGPU.Util;

namespace DeepLearning.Gpu.Softmax;

/// <summary>
/// The running pair of an "online" softmax: the largest value m seen so far and s = Σ e^(x - m) over the values
/// seen, updated one value at a time, so that a row's maximum and sum come out of one pass over it; the pairs of
/// several parts of a row then merge into the row's. Used by <see cref="SoftmaxKernels.OneGroupPerRow"/> and the
/// softmax kernels after it, and by the GPU backend's row softmax (<see cref="Backend.Kernels.RowKernels.Softmax"/>).
/// </summary>
/// <remarks>
/// A part starts from the empty pair (float.MinValue, 0), so that a part with no values (a thread past the end of
/// a short row) merges as nothing: its term is 0·e^(float.MinValue - m) = 0. With −∞ instead, merging two empty
/// parts would compute e^(−∞ - (−∞)) = e^NaN.
/// </remarks>
public static class OnlineSoftmax
{
    /// <summary>
    /// Folds one value in: a larger value becomes the maximum and rescales the sum by e^(m_old - m_new), then
    /// adds its own e^0 = 1; any other value adds e^(x - m).
    /// </summary>
    public static void Add(ref float max, ref float sum, float value)
    {
        if (value > max)
        {
            sum = sum * XMath.Exp(max - value) + 1f;
            max = value;
        }
        else
        {
            sum += XMath.Exp(value - max);
        }
    }

    /// <summary>
    /// Folds a Float4 in with one rescale: m = max(m_old, v.X, v.Y, v.Z, v.W), s = s·e^(m_old − m) + Σ_c e^(v_c − m).
    /// Five exps and no branch, where four <see cref="Add"/>s take four exps and four branches.
    /// </summary>
    public static void AddFour(ref float max, ref float sum, Float4 values)
    {
        var newMax = XMath.Max(max, XMath.Max(XMath.Max(values.X, values.Y), XMath.Max(values.Z, values.W)));
        sum = sum * XMath.Exp(max - newMax)
            + XMath.Exp(values.X - newMax) + XMath.Exp(values.Y - newMax) + XMath.Exp(values.Z - newMax) + XMath.Exp(values.W - newMax);
        max = newMax;
    }

    /// <summary>Merges the pair of another part of the row: m = max(m₁, m₂), s = s₁·e^(m₁ - m) + s₂·e^(m₂ - m).</summary>
    public static void Combine(ref float max, ref float sum, float otherMax, float otherSum)
    {
        var newMax = XMath.Max(max, otherMax);
        sum = sum * XMath.Exp(max - newMax) + otherSum * XMath.Exp(otherMax - newMax);
        max = newMax;
    }
}
