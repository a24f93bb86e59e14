using DeepLearning.Gpu.Diagnostics;
using DeepLearning.Gpu.Lab;
using ILGPU;
using ILGPU.Runtime;

namespace DeepLearning.Gpu.MatMul;

/// <summary>
/// The matmul versions of <see cref="MatMulLauncher"/>, and cuBLAS SGEMM first where CUDA has it, on one m×k·k×n
/// problem of seeded floats in [−1, 1), each checked by <see cref="MatMulValidation"/>.
/// </summary>
public sealed class MatMulFamily : IKernelFamily
{
    private readonly Accelerator _accelerator;
    private readonly int _m, _k, _n;
    private readonly MatMulValidation _validation;
    private readonly MemoryBuffer1D<float, Stride1D.Dense> _aBuffer, _bBuffer, _cBuffer;
    private readonly MatMulLauncher _launcher;
    private readonly CuBlasSgemm? _cuBlas;
    private readonly string _cuBlasStatus;
    private readonly List<IDisposable> _paddedBuffers = [];

    public MatMulFamily(Accelerator accelerator, int m, int k, int n)
    {
        (_accelerator, _m, _k, _n) = (accelerator, m, k, n);
        var a = SeededInputs.Uniform(m * k, seed: 1, low: -1, high: 1);
        var b = SeededInputs.Uniform(k * n, seed: 2, low: -1, high: 1);
        _validation = new MatMulValidation(a, b, m, k, n);
        _aBuffer = accelerator.Allocate1D(a);
        _bBuffer = accelerator.Allocate1D(b);
        _cBuffer = accelerator.Allocate1D<float>((long)m * n);
        _launcher = new MatMulLauncher(accelerator);
        _cuBlas = CuBlasSgemm.TryCreate(accelerator, out _cuBlasStatus);

        var versions = new List<KernelVersion>();
        if (_cuBlas is CuBlasSgemm cuBlas)
        {
            versions.Add(new KernelVersion("cuBLAS SGEMM", null, ClearC,
                () => cuBlas.Launch(_aBuffer.View, _bBuffer.View, _cBuffer.View, m, k, n), CheckC, IsBaseline: true));
        }
        foreach (var version in MatMulLauncher.Versions)
        {
            versions.Add(MatMulLauncher.NeedsMultiplesOfFour(version) && (k % 4 != 0 || n % 4 != 0)
                ? Padded(version, a, b)
                : new KernelVersion(version.ToString(), MatMulLauncher.KernelOf(version).Method, ClearC,
                    () => _launcher.Launch(version, _aBuffer.View, _bBuffer.View, _cBuffer.View, m, k, n), CheckC,
                    Note: ChoiceOf(version, k, n)));
        }
        Versions = versions;
    }

    public string Name => "matmul";

    public string Shape => $"{_m}x{_k}x{_n}";

    /// <summary>2mnk: m·n outputs of k multiply-adds each.</summary>
    public double? Flops => MultiplyAddFlops;

    /// <summary>A and B read once, C written once, 4 bytes an element.</summary>
    public double Bytes => 4.0 * ((long)_m * _k + (long)_k * _n + (long)_m * _n);

    public IReadOnlyList<KernelVersion> Versions { get; }

    public IReadOnlyList<string> Describe(DevicePeak peak) =>
    [
        $"matmul {_m}x{_k} · {_k}x{_n}: 2mnk = {MultiplyAddFlops / 1e9:G4} GFLOP" +
            (peak.Gflops is double g ? $", {Units.Seconds(MultiplyAddFlops / (g * 1e9))} at the peak" : "") +
            $"; compulsory traffic (A, B read once, C written) {Units.Bytes(Bytes)}",
        $"  {_cuBlasStatus}",
    ];

    public void Dispose()
    {
        _cuBlas?.Dispose();
        foreach (var buffer in _paddedBuffers)
        {
            buffer.Dispose();
        }
        _aBuffer.Dispose();
        _bBuffer.Dispose();
        _cBuffer.Dispose();
    }

    private double MultiplyAddFlops => 2.0 * _m * _n * _k;

    private void ClearC() => _cBuffer.MemSetToZero();

    private KernelCheck CheckC() => _validation.Check(_cBuffer.GetAsArray1D());

    /// <summary>
    /// The vectorized version on a shape whose k or n is not a multiple of 4: A and B padded with zero columns and
    /// rows once, up front, so that the padding is not timed; the flops counted are those of the real shape, and
    /// only C's first n columns are checked.
    /// </summary>
    private KernelVersion Padded(MatMulVersion version, float[] a, float[] b)
    {
        int m = _m, k = _k, n = _n;
        int k4 = Padding.RoundUp(k, 4), n4 = Padding.RoundUp(n, 4);
        var aBuffer = _accelerator.Allocate1D(Padding.Pad(a, m, k, m, k4));
        var bBuffer = _accelerator.Allocate1D(Padding.Pad(b, k, n, k4, n4));
        var cBuffer = _accelerator.Allocate1D<float>((long)m * n4);
        _paddedBuffers.AddRange([aBuffer, bBuffer, cBuffer]);
        return new KernelVersion($"{version} (padded to k={k4}, n={n4})", MatMulLauncher.KernelOf(version).Method,
            () => cBuffer.MemSetToZero(),
            () => _launcher.Launch(version, aBuffer.View, bBuffer.View, cBuffer.View, m, k4, n4),
            () => _validation.Check(Padding.KeepColumns(cBuffer.GetAsArray1D(), m, n4, n)),
            Note: ChoiceOf(version, k4, n4));
    }

    /// <summary>For the autotuned version, the report's line on the tile shape it chose for this product (k, n as launched).</summary>
    private Func<string?>? ChoiceOf(MatMulVersion version, int k, int n) => version == MatMulVersion.Autotuned
        ? () => _launcher.Autotuner.Choices.TryGetValue((_m, k, n), out var choice) ? choice.Describe() : null
        : null;
}
