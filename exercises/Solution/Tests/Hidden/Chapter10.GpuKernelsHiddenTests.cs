namespace DeepLearning.Exercises.Tests;

[TestFixture, Category("hidden"), TimeLimit(30)]
public sealed class Chapter10HiddenTests
{
    [Test, Category("task:10.1"), Hint("lengths that are not a multiple of any group size")]
    public void OddLengths()
    {
        TensorAssert.Close([5f], GpuKernels.VectorAdd(CpuAccelerator.Shared, [2], [3]), "one element");
        var (a, b) = (TensorAssert.Random(302, 257).ToArray(), TensorAssert.Random(303, 257).ToArray());
        TensorAssert.Close(a.Zip(b, (x, y) => x + y).ToArray(), GpuKernels.VectorAdd(CpuAccelerator.Shared, a, b), "257 elements");
    }

    [Test, Category("task:10.2"), Hint("rows and columns of different lengths, and a 1×1 result")]
    public void OtherShapes()
    {
        KernelAssert.MatchesReference(GpuKernels.MatMulNaive, 16, 8, 12, seed: 311);
        KernelAssert.MatchesReference(GpuKernels.MatMulNaive, 1, 7, 1, seed: 312);
    }

    [Test, Category("task:10.3"), Weight(2), Hint("partial tiles along every axis, and a matrix smaller than one tile")]
    public void PartialTilesEverywhere()
    {
        KernelAssert.MatchesReference(GpuKernels.MatMulTiled, 17, 13, 9, seed: 322);
        KernelAssert.MatchesReference(GpuKernels.MatMulTiled, 1, 1, 1, seed: 323);
    }

    [Test, Category("task:10.4"), Weight(2), Hint("many groups, lengths one short of and one past a group, and random values")]
    public void ManyGroupsAndRaggedEnds()
    {
        foreach (var n in new[] { 15, 17, 20 * GpuKernels.SumGroupSize + 3 })
        {
            SumAssert.Matches(GpuKernels.TreeSum, [.. Enumerable.Range(0, n).Select(i => (float)(i % 9 - 4))], "whole numbers from -4 to 4");
        }
        // Random floats: float addition in a tree differs from the double sum in the last bits only.
        SumAssert.Matches(GpuKernels.TreeSum, TensorAssert.Random(330, 1000).ToArray(), "1000 random values", tolerance: 1e-4);
    }
}
