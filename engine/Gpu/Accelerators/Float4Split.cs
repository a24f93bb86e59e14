using ILGPU;
using ILGPU.Runtime;
using ILGPU.Util;

namespace DeepLearning.Gpu.Accelerators;

/// <summary>
/// A run of floats cut where 128-bit loads can read it: <see cref="Head"/> floats (0–3) before the first 16-byte
/// boundary, <see cref="Quads"/> aligned <see cref="Float4"/>s, then <see cref="Tail"/> floats (0–3). A
/// <c>ld.global.v4.f32</c> must read an address that is a multiple of 16; in a view that starts on one, float
/// <c>start</c> does only when start is a multiple of 4 (a softmax row of 1023 columns starts on one in four rows),
/// so the vectorized kernels read the head and the tail one float at a time and the middle 16 bytes at a time.
/// </summary>
/// <remarks>
/// <para>For n floats from float <c>start</c> of an aligned view: Head = min((4 − start mod 4) mod 4, n),
/// Quads = ⌊(n − Head)/4⌋, Tail = the rest; quad q is floats Head + 4q .. Head + 4q + 3 of the run.</para>
/// <para>The head is computed from the index, not from the address: ILGPU 1.5.3's <c>AlignTo16</c> masks the
/// address with 16 instead of 15 in PTX (wrong on a GPU) and places the views it returns at the start of the
/// buffer on the CPU accelerator. So the launchers require views that start on a 16-byte boundary
/// (<see cref="RequireAligned"/>), which every buffer does.</para>
/// </remarks>
internal readonly struct Float4Split
{
    public Float4Split(int start, int length)
    {
        Head = Math.Min((4 - start % 4) % 4, length);
        Quads = (length - Head) / 4;
        Tail = length - Head - 4 * Quads;
    }

    public int Head { get; }

    public int Quads { get; }

    public int Tail { get; }

    /// <summary>The index of the first tail float in the run.</summary>
    public int TailStart => Head + 4 * Quads;

    /// <summary>
    /// The aligned middle of <paramref name="run"/> as Float4s. With no quad it is an empty view at the run's start
    /// (a sub-view may not start at the end of its view), never read.
    /// </summary>
    public ArrayView<Float4> Float4s(ArrayView<float> run) => run.SubView(Quads > 0 ? Head : 0, 4 * Quads).AsAligned16().Cast<Float4>();

    /// <summary>Host side: refuses a view whose first float is not on a 16-byte boundary (a sub-view at an offset that is no multiple of 4).</summary>
    public static void RequireAligned(string what, ArrayView<float> view)
    {
        var address = ((IArrayView)view).Buffer.NativePtr + (nint)((IContiguousArrayView)view).IndexInBytes;
        if (address % 16 != 0)
        {
            throw new ArgumentException($"{what}: the 128-bit loads need a view that starts on a 16-byte boundary; this one starts {address % 16} bytes past one");
        }
    }
}
