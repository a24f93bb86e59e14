using ILGPU.Algorithms;

namespace DeepLearning.Gpu.Softmax;

/// <summary>
/// The running pair of an "online" softmax: the largest value m seen so far and s = Σ e^(x - m) over the values
/// seen, updated one value at a time, so that a row's maximum and sum come out of one pass over it. Used by the
/// kernel lab's <see cref="SoftmaxKernels.OneGroupPerRow"/> and by the GPU backend's row softmax.
/// </summary>
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

    /// <summary>Merges the pair of another part of the row: m = max(m₁, m₂), s = s₁·e^(m₁ - m) + s₂·e^(m₂ - m).</summary>
    public static void Combine(ref float max, ref float sum, float otherMax, float otherSum)
    {
        var newMax = XMath.Max(max, otherMax);
        sum = sum * XMath.Exp(max - newMax) + otherSum * XMath.Exp(otherMax - newMax);
        max = newMax;
    }
}
