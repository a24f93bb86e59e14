namespace DeepLearning.Backends.Fast;

// The per-piece work of the fast element-wise ops. A run whose elements are contiguous in every view goes
// straight to the function's span overload; a broadcast operand (stride 0) goes to the overload that takes
// one repeated value; any other stride is gathered into (or scattered from) per-thread scratch first.

internal struct MapPiece<TFunction>(StridedView x, StridedView y, RunLayout layout) : IPieceAction
    where TFunction : IUnaryFunction
{
    private readonly int _xStride = layout.RunStride(0);
    private readonly int _yStride = layout.RunStride(1);

    public readonly void Run(ReadOnlySpan<int> offsets, int length)
    {
        var source = Scratch.Read(x.Storage, offsets[0], _xStride, length, Scratch.First);
        var target = Scratch.Target(y.Storage, offsets[1], _yStride, length, Scratch.Output);
        TFunction.Apply(source, target);
        Scratch.Write(target, y.Storage, offsets[1], _yStride);
    }
}

internal struct MapWithParameterPiece<TFunction>(StridedView x, float parameter, StridedView y, RunLayout layout) : IPieceAction
    where TFunction : IUnaryFunctionWithParameter
{
    private readonly int _xStride = layout.RunStride(0);
    private readonly int _yStride = layout.RunStride(1);

    public readonly void Run(ReadOnlySpan<int> offsets, int length)
    {
        var source = Scratch.Read(x.Storage, offsets[0], _xStride, length, Scratch.First);
        var target = Scratch.Target(y.Storage, offsets[1], _yStride, length, Scratch.Output);
        TFunction.Apply(source, parameter, target);
        Scratch.Write(target, y.Storage, offsets[1], _yStride);
    }
}

internal struct ZipPiece<TFunction>(StridedView a, StridedView b, StridedView y, RunLayout layout) : IPieceAction
    where TFunction : IBinaryFunction
{
    private readonly int _aStride = layout.RunStride(0);
    private readonly int _bStride = layout.RunStride(1);
    private readonly int _yStride = layout.RunStride(2);

    public readonly void Run(ReadOnlySpan<int> offsets, int length)
    {
        var target = Scratch.Target(y.Storage, offsets[2], _yStride, length, Scratch.Output);
        if (_bStride == 0 && _aStride != 0)
        {
            TFunction.Apply(Scratch.Read(a.Storage, offsets[0], _aStride, length, Scratch.First), b.Storage[offsets[1]], target);
        }
        else if (_aStride == 0 && _bStride != 0)
        {
            TFunction.Apply(a.Storage[offsets[0]], Scratch.Read(b.Storage, offsets[1], _bStride, length, Scratch.Second), target);
        }
        else
        {
            TFunction.Apply(
                Scratch.Read(a.Storage, offsets[0], _aStride, length, Scratch.First),
                Scratch.Read(b.Storage, offsets[1], _bStride, length, Scratch.Second),
                target);
        }
        Scratch.Write(target, y.Storage, offsets[2], _yStride);
    }
}

/// <summary>
/// One piece of a reduction. The output is seen with the input's shape and stride 0 on the reduced axes, so a
/// run either lies along a reduced axis (output stride 0: fold the run into one value) or along a kept one
/// (output stride 1: combine the run element-wise into a row of results).
/// </summary>
internal struct ReducePiece<TReduction>(StridedView x, float[] y, RunLayout layout) : IPieceAction
    where TReduction : IReduction
{
    private readonly int _xStride = layout.RunStride(0);
    private readonly int _yStride = layout.RunStride(1);

    public readonly void Run(ReadOnlySpan<int> offsets, int length)
    {
        var source = Scratch.Read(x.Storage, offsets[0], _xStride, length, Scratch.First);
        if (_yStride == 0)
        {
            y[offsets[1]] = (float)TReduction.Combine(y[offsets[1]], TReduction.Fold(source));
            return;
        }
        var accumulators = _yStride == 1 ? y.AsSpan(offsets[1], length) : Scratch.Gather(y, offsets[1], _yStride, length, Scratch.Output);
        TReduction.CombineInto(source, accumulators);
        Scratch.Write(accumulators, y, offsets[1], _yStride);
    }
}

/// <summary>Per-thread scratch runs, for operands whose elements are not adjacent in storage.</summary>
internal static class Scratch
{
    [ThreadStatic] private static float[]? t_first;
    [ThreadStatic] private static float[]? t_second;
    [ThreadStatic] private static float[]? t_output;

    public static float[] First => t_first ??= new float[RunLayout.PieceLength];

    public static float[] Second => t_second ??= new float[RunLayout.PieceLength];

    public static float[] Output => t_output ??= new float[RunLayout.PieceLength];

    /// <summary>The run as a span: the storage itself when contiguous, else a copy gathered into <paramref name="scratch"/>.</summary>
    public static ReadOnlySpan<float> Read(float[] storage, int offset, int stride, int length, float[] scratch) =>
        stride == 1 ? storage.AsSpan(offset, length) : Gather(storage, offset, stride, length, scratch);

    /// <summary>Copies a strided run (stride 0: one repeated value) into <paramref name="scratch"/>.</summary>
    public static Span<float> Gather(float[] storage, int offset, int stride, int length, float[] scratch)
    {
        var run = scratch.AsSpan(0, length);
        if (stride == 0)
        {
            run.Fill(storage[offset]);
            return run;
        }
        for (var i = 0; i < length; i++)
        {
            run[i] = storage[offset + i * stride];
        }
        return run;
    }

    /// <summary>Where to compute an output run: the storage itself when contiguous, else scratch (then <see cref="Write"/>).</summary>
    public static Span<float> Target(float[] storage, int offset, int stride, int length, float[] scratch) =>
        stride == 1 ? storage.AsSpan(offset, length) : scratch.AsSpan(0, length);

    /// <summary>Scatters a run computed in scratch to its strided place; nothing to do for a contiguous one.</summary>
    public static void Write(ReadOnlySpan<float> run, float[] storage, int offset, int stride)
    {
        if (stride == 1)
        {
            return;
        }
        for (var i = 0; i < run.Length; i++)
        {
            storage[offset + i * stride] = run[i];
        }
    }
}
