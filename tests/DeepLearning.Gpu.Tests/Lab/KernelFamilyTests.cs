using DeepLearning.Gpu.Lab;
using DeepLearning.Gpu.MatMul;
using DeepLearning.Gpu.Reduction;
using DeepLearning.Gpu.Softmax;

namespace DeepLearning.Gpu.Tests.Lab;

/// <summary>
/// The families as the kernel lab runs them (clear, launch, validate), on small problems on the CPU accelerator;
/// and their validations, which must fail on a wrong output and say where.
/// </summary>
public sealed class KernelFamilyTests
{
    /// <summary>k = 7 and n = 5 are not multiples of 4, so the matmul family runs its 128-bit versions padded.</summary>
    private static IKernelFamily Open(string name) => name switch
    {
        "matmul" => new MatMulFamily(CpuAccelerator.Session.Accelerator, m: 9, k: 7, n: 5),
        "sum" => new ReductionFamily(CpuAccelerator.Session.Accelerator, n: 1000),
        _ => new SoftmaxFamily(CpuAccelerator.Session.Accelerator, rows: 3, columns: 300),
    };

    [TestCase("matmul", 8)]
    [TestCase("sum", 5)]
    [TestCase("softmax", 4)]
    public void Every_version_passes_its_familys_validation(string name, int versions)
    {
        using var family = Open(name);
        var accelerator = CpuAccelerator.Session.Accelerator;

        Assert.That(family.Versions, Has.Count.EqualTo(versions));
        Assert.Multiple(() =>
        {
            foreach (var version in family.Versions)
            {
                version.ClearOutput();
                version.Launch();
                accelerator.Synchronize();
                var check = version.Validate();

                Assert.That(check.Passed, Is.True, $"{name} {version.Name}: {check.Message}");
            }
        });
    }

    [Test]
    public void The_128_bit_matmuls_run_padded_on_a_shape_they_cannot_take()
    {
        using var family = Open("matmul");

        Assert.That(family.Versions.Select(v => v.Name), Is.SupersetOf(
            new[] { "Vectorized", "WarpTiled", "DoubleBuffered", "Autotuned" }.Select(version => $"{version} (padded to k=8, n=8)")));
    }

    [Test]
    public void The_autotuned_matmul_notes_the_tile_shape_it_chose()
    {
        using var family = Open("matmul");
        var autotuned = family.Versions.Single(v => v.Name.StartsWith("Autotuned", StringComparison.Ordinal));
        var before = autotuned.Note!();

        autotuned.Launch();
        CpuAccelerator.Session.Accelerator.Synchronize();

        Assert.Multiple(() =>
        {
            Assert.That(before, Is.Null, "nothing chosen before the first launch");
            Assert.That(autotuned.Note!(), Does.Match(@"^chose \d+x\d+x\d+ warps \d+x\d+ \(.* ms\) of "));
        });
    }

    [Test]
    public void A_wrong_matmul_entry_fails_and_is_named()
    {
        // A · I = A for the 2×2 identity I; the output gets its last entry wrong by 1.
        var validation = new MatMulValidation([1, 2, 3, 4], [1, 0, 0, 1], m: 2, k: 2, n: 2);

        var check = validation.Check([1, 2, 3, 5]);

        Assert.Multiple(() =>
        {
            Assert.That(check.Passed, Is.False);
            Assert.That(check.MaxError, Is.EqualTo(1));
            Assert.That(check.Message, Does.EndWith("worst: C[1, 1] = 5 against 4"));
        });
    }

    [Test]
    public void A_nan_output_is_an_infinite_error()
    {
        var check = new ReductionValidation([1, 2]).Check(float.NaN);

        Assert.Multiple(() =>
        {
            Assert.That(check.Passed, Is.False);
            Assert.That(check.MaxError, Is.EqualTo(double.PositiveInfinity));
        });
    }
}
