using System.Runtime.CompilerServices;

namespace DeepLearning.Backends;

/// <summary>
/// Storage arrays for op results, kept for reuse. A training step makes the same tensors every step, so an
/// array that one step finished with is exactly what the next step asks for: reusing it spares the garbage
/// collector the ~100 MB a CNN step would otherwise leave behind, and the memory the collector would let the
/// heap grow to meanwhile.
/// </summary>
/// <remarks>
/// Only arrays this pool handed out can come back to it (it remembers them weakly), so returning a parameter's
/// or a user's array by mistake is a no-op, and so is returning one twice. Arrays come back when the engine knows
/// nobody can read them any more: <see cref="Tensor.Backward"/> returns each gradient it has finished
/// propagating. Small arrays are left to the garbage collector, which handles them cheaply.
/// </remarks>
internal static class BufferPool
{
    /// <summary>Arrays shorter than this (16 KiB) are not pooled.</summary>
    public const int MinimumLength = 4096;

    /// <summary>The most memory kept in free arrays; beyond it a returned array is left to the garbage collector.</summary>
    private const long MaximumFreeBytes = 512L << 20;

    private static readonly Lock s_lock = new();
    private static readonly ConditionalWeakTable<float[], object?> s_handedOut = new();
    private static readonly Dictionary<int, Stack<float[]>> s_free = [];
    private static long s_freeBytes;

    /// <summary>An array of exactly <paramref name="length"/> floats, with undefined contents.</summary>
    public static float[] Rent(int length)
    {
        if (length < MinimumLength)
        {
            return GC.AllocateUninitializedArray<float>(length);
        }
        lock (s_lock)
        {
            float[] array;
            if (s_free.TryGetValue(length, out var stack) && stack.Count > 0)
            {
                array = stack.Pop();
                s_freeBytes -= (long)length * sizeof(float);
            }
            else
            {
                array = GC.AllocateUninitializedArray<float>(length);
            }
            s_handedOut.Add(array, null);
            return array;
        }
    }

    /// <summary>An array of <paramref name="length"/> zeros.</summary>
    public static float[] RentCleared(int length)
    {
        var array = Rent(length);
        Array.Clear(array);
        return array;
    }

    /// <summary>Takes back an array that this pool handed out; does nothing for any other array.</summary>
    public static void Return(float[] array)
    {
        lock (s_lock)
        {
            if (!s_handedOut.Remove(array) || s_freeBytes + (long)array.Length * sizeof(float) > MaximumFreeBytes)
            {
                return;
            }
            if (!s_free.TryGetValue(array.Length, out var stack))
            {
                s_free[array.Length] = stack = new Stack<float[]>();
            }
            stack.Push(array);
            s_freeBytes += (long)array.Length * sizeof(float);
        }
    }

    /// <summary>Whether <paramref name="array"/> is out of the pool now (handed out and not returned).</summary>
    public static bool IsHandedOut(float[] array)
    {
        lock (s_lock)
        {
            return s_handedOut.TryGetValue(array, out _);
        }
    }

    /// <summary>Lets an array go for good (it becomes a parameter's gradient): it will never be taken back.</summary>
    public static void Release(float[] array)
    {
        lock (s_lock)
        {
            s_handedOut.Remove(array);
        }
    }
}
