namespace DeepLearning.Gpu.Backend.Kernels;

/// <summary>
/// The shape that an element-wise or reduction kernel walks, passed by value (no upload): up to
/// <see cref="MaxRank"/> axes, right-aligned so that <see cref="Size7"/> is always the innermost axis and the
/// unused outer axes have size 1. The host merges axes first (<see cref="LayoutBuilder"/>), so most launches
/// are rank 1 to 3.
/// </summary>
/// <remarks>
/// Explicit fields instead of an array: a kernel parameter must be a plain value, and fields stay in registers
/// where an indexed array would spill to local memory on a GPU.
/// </remarks>
public struct LaunchShape
{
    public const int MaxRank = 8;

    public int Rank;
    public int Count;
    public int Size0, Size1, Size2, Size3, Size4, Size5, Size6, Size7;

    /// <summary>The index of element <paramref name="linear"/> (row-major), one division an axis of the rank.</summary>
    public readonly AxisIndex Unravel(int linear)
    {
        var index = default(AxisIndex);
        var rest = linear;
        if (Rank <= 1) { index.I7 = rest; return index; }
        index.I7 = rest % Size7; rest /= Size7;
        if (Rank == 2) { index.I6 = rest; return index; }
        index.I6 = rest % Size6; rest /= Size6;
        if (Rank == 3) { index.I5 = rest; return index; }
        index.I5 = rest % Size5; rest /= Size5;
        if (Rank == 4) { index.I4 = rest; return index; }
        index.I4 = rest % Size4; rest /= Size4;
        if (Rank == 5) { index.I3 = rest; return index; }
        index.I3 = rest % Size3; rest /= Size3;
        if (Rank == 6) { index.I2 = rest; return index; }
        index.I2 = rest % Size2; rest /= Size2;
        if (Rank == 7) { index.I1 = rest; return index; }
        index.I1 = rest % Size1; rest /= Size1;
        index.I0 = rest;
        return index;
    }

    internal void SetSize(int axis, int size)
    {
        switch (axis)
        {
            case 0: Size0 = size; break;
            case 1: Size1 = size; break;
            case 2: Size2 = size; break;
            case 3: Size3 = size; break;
            case 4: Size4 = size; break;
            case 5: Size5 = size; break;
            case 6: Size6 = size; break;
            default: Size7 = size; break;
        }
    }
}

/// <summary>One element's index along the axes of a <see cref="LaunchShape"/> (I7 innermost).</summary>
public struct AxisIndex
{
    public int I0, I1, I2, I3, I4, I5, I6, I7;
}

/// <summary>
/// Where one operand keeps the elements of a <see cref="LaunchShape"/>: element (i0, ..., i7) at
/// Offset + Σ iₐ·Strideₐ. A stride of 0 repeats an element (broadcasting).
/// </summary>
public struct OperandStrides
{
    public int Offset;
    public int Stride0, Stride1, Stride2, Stride3, Stride4, Stride5, Stride6, Stride7;

    public readonly int Locate(AxisIndex index) =>
        Offset + index.I0 * Stride0 + index.I1 * Stride1 + index.I2 * Stride2 + index.I3 * Stride3 +
        index.I4 * Stride4 + index.I5 * Stride5 + index.I6 * Stride6 + index.I7 * Stride7;

    /// <summary>True when the innermost axis is the only one and walks memory one element at a time.</summary>
    internal readonly bool IsUnitStride => Stride7 == 1 && Stride6 == 0 && Stride5 == 0 && Stride4 == 0 &&
        Stride3 == 0 && Stride2 == 0 && Stride1 == 0 && Stride0 == 0;

    internal void SetStride(int axis, int stride)
    {
        switch (axis)
        {
            case 0: Stride0 = stride; break;
            case 1: Stride1 = stride; break;
            case 2: Stride2 = stride; break;
            case 3: Stride3 = stride; break;
            case 4: Stride4 = stride; break;
            case 5: Stride5 = stride; break;
            case 6: Stride6 = stride; break;
            default: Stride7 = stride; break;
        }
    }
}
