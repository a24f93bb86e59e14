namespace DeepLearning.Exercises.Tests;

[TestFixture, Category("hidden")]
public sealed class Chapter9HiddenTests
{
    [Test, Category("task:9.1"), Hint("one-element and odd-sized matrices")]
    public void TinyAndOddSizes()
    {
        MatMulAssert.MatchesEngine(FastMatMul.MatMulIkj, 1, 1, 1, seed: 201);
        MatMulAssert.MatchesEngine(FastMatMul.MatMulIkj, 17, 9, 13, seed: 202);
    }

    [Test, Category("task:9.2"), Hint("sizes that leave a partial block along every axis")]
    public void RaggedSizesWithBlocksOfEight() => MatMulAssert.MatchesEngine((a, b, c, m, k, n) => FastMatMul.MatMulBlocked(a, b, c, m, k, n, 8), 33, 17, 21, seed: 212);

    [Test, Category("task:9.2"), Hint("a block larger than the matrix is a single partial block")]
    public void BlockLargerThanTheMatrix() => MatMulAssert.MatchesEngine((a, b, c, m, k, n) => FastMatMul.MatMulBlocked(a, b, c, m, k, n, 16), 5, 5, 5, seed: 213);
}
