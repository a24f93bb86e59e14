namespace DeepLearning.Backends;

/// <summary>
/// Storage arrays for op results, kept for reuse. A training step makes the same tensors every step, so an
/// array that one step finished with is exactly what the next step asks for: reusing it spares the garbage
/// collector the ~100 MB a CNN step would otherwise leave behind, and the memory the collector would let the
/// heap grow to meanwhile.
/// </summary>
/// <remarks>
/// Arrays come back only when the engine knows nobody can read them any more: <see cref="Tensor.Backward"/>
/// returns each gradient it has finished propagating, and only an array rented while that backward pass was
/// recording (<see cref="RecordRentals"/>), so a parameter's, a user's or a forward tensor's array can never come
/// back by mistake. The record lives as long as one backward pass; an earlier version remembered every array it
/// handed out in a ConditionalWeakTable, whose weak handles every garbage collection had to walk, and that made a
/// gen-0 collection about ten times slower in a training loop of small tensors. Small arrays are left to the
/// garbage collector, which handles them cheaply.
/// </remarks>
internal static class BufferPool
{
    /// <summary>Arrays shorter than this (16 KiB) are not pooled.</summary>
    public const int MinimumLength = 4096;

    /// <summary>The most memory kept in free arrays; beyond it a returned array is left to the garbage collector.</summary>
    private const long MaximumFreeBytes = 512L << 20;

    private static readonly Lock s_lock = new();
    private static readonly Shelf<float> s_free = new();
    private static readonly Shelf<int> s_freeIndices = new();
    private static long s_freeBytes;

    /// <summary>The record that this thread's rentals are added to, if one is open.</summary>
    [ThreadStatic]
    private static RentalRecord? t_record;

    /// <summary>An array of exactly <paramref name="length"/> floats, with undefined contents.</summary>
    public static float[] Rent(int length)
    {
        if (length < MinimumLength)
        {
            return GC.AllocateUninitializedArray<float>(length);
        }
        var array = s_free.TakeOrAllocate(length);
        t_record?.Rented.Add(array);
        return array;
    }

    /// <summary>
    /// An int array of exactly <paramref name="length"/> elements, undefined contents, for indices that an op keeps
    /// for its backward (max pooling's winners). Pooled only under an open record, which gives all of them back
    /// at once when its step's graph is released (<see cref="RentalRecord.ReturnIndices"/>): only a graph's
    /// backward ever holds them.
    /// </summary>
    public static int[] RentIndices(int length)
    {
        var record = t_record;
        if (length < MinimumLength || record is null)
        {
            return GC.AllocateUninitializedArray<int>(length);
        }
        var array = s_freeIndices.TakeOrAllocate(length);
        record.RentedIndices.Add(array);
        return array;
    }

    /// <summary>Free arrays of one element type by length; the shelves share one lock and one budget (<see cref="MaximumFreeBytes"/>).</summary>
    private sealed class Shelf<T> where T : unmanaged
    {
        private readonly Dictionary<int, Stack<T[]>> _free = [];

        /// <summary>A free array of exactly <paramref name="length"/> elements if there is one, otherwise a new one; contents undefined.</summary>
        public T[] TakeOrAllocate(int length)
        {
            lock (s_lock)
            {
                if (_free.TryGetValue(length, out var stack) && stack.Count > 0)
                {
                    s_freeBytes -= Bytes(length);
                    return stack.Pop();
                }
            }
            return GC.AllocateUninitializedArray<T>(length);
        }

        /// <summary>Shelves <paramref name="array"/>; false, leaving it to the garbage collector, when the budget is full.</summary>
        public bool Put(T[] array)
        {
            lock (s_lock)
            {
                if (s_freeBytes + Bytes(array.Length) > MaximumFreeBytes)
                {
                    return false;
                }
                if (!_free.TryGetValue(array.Length, out var stack))
                {
                    _free[array.Length] = stack = new Stack<T[]>();
                }
                stack.Push(array);
                s_freeBytes += Bytes(array.Length);
                return true;
            }
        }

        private static long Bytes(int length) => (long)length * System.Runtime.CompilerServices.Unsafe.SizeOf<T>();
    }

    /// <summary>
    /// Starts recording the arrays this thread rents, until the record is disposed: only those may be returned
    /// through it. Records nest; the innermost one records.
    /// </summary>
    public static RentalRecord RecordRentals() => new();

    /// <summary>The arrays rented on one thread while it was open: the only ones that may come back to the pool.</summary>
    internal sealed class RentalRecord : IDisposable
    {
        private readonly RentalRecord? _outer = t_record;

        public RentalRecord() => t_record = this;

        /// <summary>Rented while this record was open and neither returned nor released since.</summary>
        public HashSet<float[]> Rented { get; } = [];

        /// <summary>Index arrays rented while this record was open (<see cref="RentIndices"/>).</summary>
        public List<int[]> RentedIndices { get; } = [];

        /// <summary>Gives back every index array rented under this record: the caller knows no backward will read them.</summary>
        public void ReturnIndices()
        {
            foreach (var array in RentedIndices)
            {
                if (!s_freeIndices.Put(array))
                {
                    break;
                }
            }
            RentedIndices.Clear();
        }

        /// <summary>Whether <paramref name="array"/> was rented under this record and is still out.</summary>
        public bool IsOut(float[] array) => Rented.Contains(array);

        /// <summary>Gives <paramref name="array"/> back for reuse, if it was rented under this record; otherwise nothing.</summary>
        public void Return(float[] array)
        {
            if (Rented.Remove(array))
            {
                s_free.Put(array);
            }
        }

        /// <summary>Lets an array go for good (it becomes a parameter's gradient): it will never be taken back.</summary>
        public void Release(float[] array) => Rented.Remove(array);

        public void Dispose() => t_record = _outer;
    }
}
