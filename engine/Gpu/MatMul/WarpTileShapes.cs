namespace DeepLearning.Gpu.MatMul;

/// <summary>
/// The tile shapes of the warp-tiled kernels (<see cref="MatMulKernels.WarpTiled{TTiles}"/>,
/// <see cref="MatMulKernels.DoubleBuffered{TTiles}"/>) as compile-time constants: a group computes a
/// <see cref="BlockRows"/>×<see cref="BlockColumns"/> block of C, walking along k <see cref="BlockDepth"/> at a
/// time; each warp computes a <see cref="WarpRows"/>×<see cref="WarpColumns"/> part of the block, and each of its
/// 32 threads an 8×8 tile of C in registers.
/// </summary>
/// <remarks>
/// <para>Why a type and not arguments: shared memory is sized when the kernel is compiled, so the tile sizes must
/// be constants. A kernel generic over a struct that implements this interface is compiled once per struct, and
/// ILGPU inlines each <c>static abstract</c> property into the constant it returns (as the backend's
/// <c>MapKernels</c> inline <c>TFunction.Apply</c>).</para>
/// <para>What a shape must satisfy (checked by <see cref="WarpTileShape.Validate"/>): a warp tile holds 32 threads ×
/// 64 outputs, WarpRows·WarpColumns = 2048; the warps tile the block; the group has 128 or 256 threads; the
/// depth is 8 or 16 (a row of A's tile is 2 or 4 Float4s); and each thread copies a whole number of Float4s of
/// A's and of B's tile, at most 4 of each (the copies are written out, see <c>TileCopies</c>).</para>
/// </remarks>
public interface IWarpTileShape
{
    static abstract int BlockRows { get; }

    static abstract int BlockColumns { get; }

    static abstract int BlockDepth { get; }

    static abstract int WarpRows { get; }

    static abstract int WarpColumns { get; }
}

/// <summary>128×128 of C a group, 16 deep, 8 warps of 64×32: the shape of <see cref="MatMulVersion.WarpTiled"/> and <see cref="MatMulVersion.DoubleBuffered"/>.</summary>
public readonly struct Block128x128Depth16Warp64x32 : IWarpTileShape
{
    public static int BlockRows => 128;
    public static int BlockColumns => 128;
    public static int BlockDepth => 16;
    public static int WarpRows => 64;
    public static int WarpColumns => 32;
}

/// <summary>The same block with 8 warps of 32×64: a warp's shared loads of A span 16 floats, of B 32.</summary>
public readonly struct Block128x128Depth16Warp32x64 : IWarpTileShape
{
    public static int BlockRows => 128;
    public static int BlockColumns => 128;
    public static int BlockDepth => 16;
    public static int WarpRows => 32;
    public static int WarpColumns => 64;
}

/// <summary>128×128, 8 deep: half the shared memory (two groups more per SM), twice the barriers.</summary>
public readonly struct Block128x128Depth8Warp64x32 : IWarpTileShape
{
    public static int BlockRows => 128;
    public static int BlockColumns => 128;
    public static int BlockDepth => 8;
    public static int WarpRows => 64;
    public static int WarpColumns => 32;
}

/// <summary>128×64 with 4 warps (128 threads): twice the groups of a 128×128 block, for products too small to fill 132 SMs.</summary>
public readonly struct Block128x64Depth16Warp64x32 : IWarpTileShape
{
    public static int BlockRows => 128;
    public static int BlockColumns => 64;
    public static int BlockDepth => 16;
    public static int WarpRows => 64;
    public static int WarpColumns => 32;
}

/// <summary>64×128 with 4 warps (128 threads): as 128×64, for short, wide products.</summary>
public readonly struct Block64x128Depth16Warp32x64 : IWarpTileShape
{
    public static int BlockRows => 64;
    public static int BlockColumns => 128;
    public static int BlockDepth => 16;
    public static int WarpRows => 32;
    public static int WarpColumns => 64;
}

/// <summary>
/// One tile shape as values, for the host: the grid it needs, its name in reports, and the check of the rules of
/// <see cref="IWarpTileShape"/>.
/// </summary>
public sealed record WarpTileShape(int BlockRows, int BlockColumns, int BlockDepth, int WarpRows, int WarpColumns)
{
    /// <summary>One warp a WarpRows×WarpColumns tile: 32 threads × an 8×8 tile each.</summary>
    public int Threads => BlockRows / WarpRows * (BlockColumns / WarpColumns) * 32;

    /// <summary>Shared memory of one stage: A's tile transposed with 4 floats of padding a depth, and B's tile.</summary>
    public int SharedBytesPerStage => 4 * BlockDepth * (BlockRows + 4 + BlockColumns);

    /// <summary>As the lab's report prints it: <c>128x128x16 warps 64x32</c>.</summary>
    public string Name => $"{BlockRows}x{BlockColumns}x{BlockDepth} warps {WarpRows}x{WarpColumns}";

    public static WarpTileShape Of<TTiles>() where TTiles : struct, IWarpTileShape =>
        new(TTiles.BlockRows, TTiles.BlockColumns, TTiles.BlockDepth, TTiles.WarpRows, TTiles.WarpColumns);

    /// <summary>Throws when the shape breaks one of the rules the kernels rely on (see <see cref="IWarpTileShape"/>).</summary>
    public WarpTileShape Validate()
    {
        var aCopies = BlockRows * BlockDepth / 4 / (double)Threads;
        var bCopies = BlockDepth * BlockColumns / 4 / (double)Threads;
        var broken = new (bool Broken, string Rule)[]
        {
            (WarpRows * WarpColumns != 2048, "a warp tile is 32 threads × 64 outputs"),
            (BlockRows % WarpRows != 0 || BlockColumns % WarpColumns != 0, "the warps tile the block"),
            (Threads is not (128 or 256), "128 or 256 threads a group"),
            (BlockDepth is not (8 or 16), "a depth of 8 or 16"),
            (aCopies is not (1 or 2 or 4) || bCopies is not (1 or 2 or 4), "1, 2 or 4 Float4 copies of A and of B a thread"),
        }.Where(rule => rule.Broken).Select(rule => rule.Rule).ToList();
        return broken.Count == 0 ? this : throw new ArgumentException($"tile shape {Name}: {string.Join("; ", broken)}");
    }
}
