using ILGPU.Runtime;

namespace DeepLearning.Exercises.Tests;

// Kernels run on an ILGPU CPU accelerator; the first launch compiles the kernel, hence the longer time limits.

[TestFixture, Category("task:10.1"), TimeLimit(30)]
public sealed class Task10_1_VectorAdd(Func<Accelerator, float[], float[], float[]> vectorAdd)
{
    public Task10_1_VectorAdd() : this(GpuKernels.VectorAdd) { }

    [Test, Hint("a kernel (Index1D i, ArrayView a, b, c) doing c[i] = a[i] + b[i], loaded with LoadAutoGroupedStreamKernel and launched over a.Length")]
    public void ThreeElements() => TensorAssert.Close([11f, 22, 33], vectorAdd(CpuAccelerator.Shared, [1, 2, 3], [10, 20, 30]), "[1, 2, 3] + [10, 20, 30]", comparison: new Comparison
    {
        Suspects =
        [
            new("c = a + a: the kernel is given the first array twice; pass a's view and b's", Tensor.FromArray([2f, 4, 6], 3)),
            new("c = b + b: the kernel is given the second array twice; pass a's view and b's", Tensor.FromArray([20f, 40, 60], 3)),
        ],
    });

    [Test, Hint("launch one thread per element, and wait (Synchronize) before copying the result back")]
    public void AThousandElements()
    {
        var (a, b) = (TensorAssert.Random(300, 1000).ToArray(), TensorAssert.Random(301, 1000).ToArray());
        var expected = a.Zip(b, (x, y) => x + y).ToArray();
        var actual = vectorAdd(CpuAccelerator.Shared, a, b);
        var unwritten = actual.Length == expected.Length ? actual.Reverse().TakeWhile(value => value == 0).Count() : 0;
        TensorAssert.Close(expected, actual, "the sum of two 1000-element vectors", comparison: new Comparison
        {
            Suspects = unwritten == 0 ? [] : [new($"the last {unwritten} element(s) were never written (still 0): launch one thread per element, over a.Length", Tensor.FromArray(actual, actual.Length))],
        });
    }
}

[TestFixture, Category("task:10.2"), TimeLimit(30)]
public sealed class Task10_2_MatMulNaive(Func<Accelerator, float[], float[], int, int, int, float[]> matMulNaive)
{
    public Task10_2_MatMulNaive() : this(GpuKernels.MatMulNaive) { }

    [Test, Weight(2), Hint("launch over Index2D(m, n); thread (row, column) sums A[row, p]·B[p, column] over p")]
    public void RectangularMatrices() => KernelAssert.MatchesReference(matMulNaive, 3, 4, 5, seed: 310);
}

[TestFixture, Category("task:10.3"), TimeLimit(30)]
public sealed class Task10_3_MatMulTiled(Func<Accelerator, float[], float[], int, int, int, float[]> matMulTiled)
{
    public Task10_3_MatMulTiled() : this(GpuKernels.MatMulTiled) { }

    [Test, Weight(2), Hint("groups of TileSize×TileSize threads; load a tile of A and of B into SharedMemory, Group.Barrier(), accumulate, Group.Barrier()")]
    public void SizesThatAreMultiplesOfTheTile() => KernelAssert.MatchesReference(matMulTiled, 8, 8, 8, seed: 320);

    [Test, Weight(2), Hint("threads outside the matrix load zeros into the tiles and write nothing, but still reach every barrier")]
    public void RaggedSizes() => KernelAssert.MatchesReference(matMulTiled, 6, 5, 7, seed: 321, tileSize: GpuKernels.TileSize);
}

internal static class KernelAssert
{
    public static void MatchesReference(Func<Accelerator, float[], float[], int, int, int, float[]> matMul, int m, int k, int n, ulong seed, int? tileSize = null)
    {
        var (a, b) = (TensorAssert.Random(seed, m * k).ToArray(), TensorAssert.Random(seed + 1, k * n).ToArray());
        var expected = MatMulAssert.Reference(a, b, m, k, n);
        var actual = matMul(CpuAccelerator.Shared, a, b, m, k, n);
        var (left, right) = (Tensor.FromArray(a, m, k), Tensor.FromArray(b, k, n));
        // What the usual slips give: C stored column by column, the sum over p stopping one short, the last partial tile along k left out.
        List<Suspect> suspects =
        [
            new("C is stored column by column: element (row, column) belongs at c[row·n + column]", Tensor.FromArray(expected, m, n).T.Contiguous().Reshape(m * n)),
            new("the last term, p = k - 1, is missing from the sum: run p from 0 while p < k", left.Slice(1, 0, k - 1).MatMul(right.Slice(0, 0, k - 1)).Reshape(m * n)),
        ];
        if (tileSize is { } tile && k % tile != 0)
        {
            var whole = k / tile * tile;
            // Before the other suspects: with k = 5 and tiles of 4 it is also the missing last term, and the tile is the cause here.
            suspects.Insert(0, new($"the last, partial tile along k is skipped: step over (k + {tile} - 1) / {tile} tiles, loading zeros outside A and B",
                left.Slice(1, 0, whole).MatMul(right.Slice(0, 0, whole)).Reshape(m * n)));
        }
        if (tileSize is { } size && actual?.Length == m * n && Enumerable.Range(0, m * n).Where(at => at / n >= m / size * size || at % n >= n / size * size).Any()
            && Enumerable.Range(0, m * n).Where(at => at / n >= m / size * size || at % n >= n / size * size).All(at => actual[at] == 0))
        {
            suspects.Add(new($"the last rows and columns of C are 0: launch (n + {size} - 1) / {size} by (m + {size} - 1) / {size} groups, so that partial tiles of C are computed too", Tensor.FromArray(actual, m * n)));
        }
        TensorAssert.Close(expected, actual, $"C = A B on the accelerator for A (m, k) = ({m},{k}), B (k, n) = ({k},{n}), flat row-major: C[row, column] at row·n + column",
            comparison: new Comparison { Suspects = suspects });
    }
}

// Quick questions: each test compares a salted hash of the answer (Answers.Hash), so the answer is not written here.

[TestFixture, Category("task:10.a")]
public sealed class Question10_a(Func<int> answer)
{
    public Question10_a() : this(GpuKernels.Question10A) { }

    [Test]
    public void IsTheAnswer() =>
        Answers.Check("10.a", answer(), "42b1c9d8f488a561ea12684fcdc0d377d526bab214226346ebcf1eb1165b3ee7",
            lookAgainAt: "which threads read A[i, p]: every thread of row i");
}

[TestFixture, Category("task:10.b")]
public sealed class Question10_b(Func<int> answer)
{
    public Question10_b() : this(GpuKernels.Question10B) { }

    [Test]
    public void IsTheAnswer() =>
        Answers.Check("10.b", answer(), "674a955ab3d53951ecfc9454ac1ee3a2c92daa7bdbcd6e5bd90a3e49947ba09c",
            lookAgainAt: "each group loads a tile of A once for its T × T threads; how many groups need row block i?");
}

[TestFixture, Category("task:10.c")]
public sealed class Question10_c(Func<char> answer)
{
    public Question10_c() : this(GpuKernels.Question10C) { }

    [Test]
    public void IsTheAnswer() =>
        Answers.Check("10.c", answer(), "c1fec3e38bfb07e06cd2fbd8d75dc938d99ffa14c552fde82e82cb09ceaba991",
            lookAgainAt: "the intensity n/6 of a square product against the H100's 20 flops a byte");
}

[TestFixture, Category("task:10.4"), TimeLimit(30)]
public sealed class Task10_4_TreeSum(Func<Accelerator, float[], float> treeSum)
{
    public Task10_4_TreeSum() : this(GpuKernels.TreeSum) { }

    [Test, Weight(2), Hint("one element a thread into SharedMemory, Group.Barrier(); then for half = SumGroupSize / 2 down to 1: threads below half add the partial at thread + half, Group.Barrier() after each halving")]
    public void OneFullGroup() => SumAssert.Matches(treeSum, Counting(GpuKernels.SumGroupSize), "1 + 2 + ... + 16, one full group");

    [Test, Weight(2), Hint("launch (n + SumGroupSize - 1) / SumGroupSize groups; threads past the end load 0 and still reach every barrier")]
    public void LengthNotAMultipleOfTheGroupSize() => SumAssert.Matches(treeSum, Counting(37), "1 + 2 + ... + 37, two full groups and 5 elements");

    [Test, Hint("one group, whose threads past the first load 0")]
    public void OneElement() => SumAssert.Matches(treeSum, [7], "the sum of [7]");

    [Test, Hint("the sum of no values is 0: return it before allocating or launching anything")]
    public void NoElements() => SumAssert.Matches(treeSum, [], "the sum of an empty array");

    private static float[] Counting(int n) => [.. Enumerable.Range(1, n).Select(i => (float)i)];
}

internal static class SumAssert
{
    /// <summary>
    /// Compares the learner's sum with the sum in double. Whole-number values (as most tests use) are summed
    /// exactly in any order, so the tolerance only matters for the random ones.
    /// </summary>
    public static void Matches(Func<Accelerator, float[], float> treeSum, float[] values, string what, double tolerance = 1e-6)
    {
        const int size = GpuKernels.SumGroupSize;
        var n = values.Length;
        double SumWhere(Func<int, bool> kept) => Enumerable.Range(0, n).Where(kept).Sum(i => (double)values[i]);
        // What the usual slips give for these values: the tail left out, the last halving skipped (thread 0 keeps
        // the even positions of its group), the group's offset forgotten (group g sums values[g .. g + 15]), one group only.
        List<Suspect> suspects = [];
        if (n % size != 0)
        {
            suspects.Add(Suspect.Number($"the last {n % size} element(s) are left out: launch (n + {size} - 1) / {size} groups, rounding up, and load 0 past the end", SumWhere(i => i < n / size * size)));
        }
        suspects.Add(Suspect.Number("only the even positions of each group are summed: the last halving, half = 1, is skipped; halve while half > 0", SumWhere(i => i % 2 == 0)));
        if (n > 1)
        {
            var groups = (n + size - 1) / size;
            suspects.Add(Suspect.Number($"group g sums values[g] to values[g + {size - 1}]: a thread's element is Grid.IdxX · {size} + Group.IdxX, not Grid.IdxX + Group.IdxX",
                Enumerable.Range(0, groups).Sum(group => Enumerable.Range(group, size).Where(i => i < n).Sum(i => (double)values[i]))));
        }
        if (n > size)
        {
            suspects.Add(Suspect.Number("only the first group's total is returned: add the totals of all the groups", SumWhere(i => i < size)));
        }
        TensorAssert.Close(SumWhere(_ => true), treeSum(CpuAccelerator.Shared, values), $"{what} (n = {n}, groups of {size})", tolerance,
            new Comparison { Suspects = suspects });
    }
}
