using DeepLearning.Backends.MatMul;

namespace DeepLearning.Notebooks.Fallbacks;

/// <summary>Chapter 9's stand-ins: the engine's matrix products of the same names.</summary>
public static class Chapter09Fallbacks
{
    [FallbackFor("9.1", "the engine's ReorderedMatMul")]
    public static void MatMulIkj(float[] a, float[] b, float[] c, int m, int k, int n) => ReorderedMatMul.Multiply(a, b, c, m, k, n);

    [FallbackFor("9.2", "the engine's BlockedMatMul (with its own block sizes)")]
    public static void MatMulBlocked(float[] a, float[] b, float[] c, int m, int k, int n, int blockSize) => BlockedMatMul.Multiply(a, b, c, m, k, n);
}
