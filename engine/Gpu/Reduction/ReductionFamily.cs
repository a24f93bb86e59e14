using DeepLearning.Gpu.Diagnostics;
using DeepLearning.Gpu.Lab;
using ILGPU;
using ILGPU.Runtime;

namespace DeepLearning.Gpu.Reduction;

/// <summary>
/// The sum versions of <see cref="ReductionLauncher"/> on n seeded whole numbers from {−2, −1, 1, 2}, each checked
/// by <see cref="ReductionValidation"/> (the exact sum).
/// </summary>
public sealed class ReductionFamily : IKernelFamily
{
    private readonly int _n;
    private readonly ReductionValidation _validation;
    private readonly MemoryBuffer1D<float, Stride1D.Dense> _xBuffer, _sumBuffer;

    public ReductionFamily(Accelerator accelerator, int n)
    {
        _n = n;
        var x = SeededInputs.SmallIntegers(n, seed: 3);
        _validation = new ReductionValidation(x);
        _xBuffer = accelerator.Allocate1D(x);
        _sumBuffer = accelerator.Allocate1D<float>(1);
        var launcher = new ReductionLauncher(accelerator);
        Versions = ReductionLauncher.Versions
            .Select(version => new KernelVersion(version.ToString(), ReductionLauncher.KernelOf(version).Method,
                () => _sumBuffer.MemSetToZero(),
                () => launcher.Launch(version, _xBuffer.View, _sumBuffer.View, n),
                () => _validation.Check(_sumBuffer.GetAsArray1D()[0])))
            .ToList();
    }

    public string Name => "sum";

    public string Shape => $"n={_n}";

    /// <summary>None: n additions for 4n bytes, 0.25 flop a byte, bound by memory bandwidth on every device.</summary>
    public double? Flops => null;

    /// <summary>x read once.</summary>
    public double Bytes => 4.0 * _n;

    public IReadOnlyList<KernelVersion> Versions { get; }

    public IReadOnlyList<string> Describe(DevicePeak peak) =>
    [
        $"sum of {_n} floats: reads {Units.Bytes(Bytes)}, n additions (0.25 flop a byte: bandwidth-bound)" +
            (peak.GBps is double bandwidth ? $"; {Units.Seconds(Bytes / (bandwidth * 1e9))} at the peak bandwidth" : "") +
            "; each launch also zeroes the result first (a 4-byte memset on the same stream)",
    ];

    public void Dispose()
    {
        _xBuffer.Dispose();
        _sumBuffer.Dispose();
    }
}
