using DeepLearning.Gpu.Diagnostics;
using DeepLearning.Gpu.Lab;
using ILGPU;
using ILGPU.Runtime;

namespace DeepLearning.Gpu.Softmax;

/// <summary>
/// The softmax versions of <see cref="SoftmaxLauncher"/> on a rows×columns matrix of seeded floats in [−5, 5),
/// each checked element by element by <see cref="SoftmaxValidation"/>.
/// </summary>
public sealed class SoftmaxFamily : IKernelFamily
{
    private readonly int _rows, _columns;
    private readonly SoftmaxValidation _validation;
    private readonly MemoryBuffer1D<float, Stride1D.Dense> _xBuffer, _yBuffer;

    public SoftmaxFamily(Accelerator accelerator, int rows, int columns)
    {
        (_rows, _columns) = (rows, columns);
        var x = SeededInputs.Uniform(rows * columns, seed: 4, low: -5, high: 5);
        _validation = new SoftmaxValidation(SoftmaxReference.Softmax(x, rows, columns), SoftmaxValidation.LabTolerance);
        _xBuffer = accelerator.Allocate1D(x);
        _yBuffer = accelerator.Allocate1D<float>(x.Length);
        var launcher = new SoftmaxLauncher(accelerator);
        Versions = SoftmaxLauncher.Versions
            .Select(version => new KernelVersion(version.ToString(), SoftmaxLauncher.KernelOf(version).Method,
                () => _yBuffer.MemSetToZero(),
                () => launcher.Launch(version, _xBuffer.View, _yBuffer.View, rows, columns),
                () => _validation.Check(_yBuffer.GetAsArray1D())))
            .ToList();
    }

    public string Name => "softmax";

    public string Shape => $"{_rows}x{_columns}";

    /// <summary>None: ~10 flops an element (an exp is a few instructions) for 8 bytes, bound by memory bandwidth.</summary>
    public double? Flops => null;

    /// <summary>x read once, y written once.</summary>
    public double Bytes => 8.0 * _rows * _columns;

    public IReadOnlyList<KernelVersion> Versions { get; }

    public IReadOnlyList<string> Describe(DevicePeak peak) =>
    [
        $"softmax {_rows}x{_columns}: compulsory traffic (x read once, y written once) {Units.Bytes(Bytes)}" +
            (peak.GBps is double bandwidth ? $", {Units.Seconds(Bytes / (bandwidth * 1e9))} at the peak bandwidth" : ""),
    ];

    public void Dispose()
    {
        _xBuffer.Dispose();
        _yBuffer.Dispose();
    }
}
