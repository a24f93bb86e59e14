using System.Runtime.CompilerServices;
using ILGPU;
using ILGPU.Runtime;

namespace DeepLearning.Gpu.Backend;

/// <summary>
/// The device buffers behind host arrays used as handles: each handle (a <typeparamref name="T"/>[] that is
/// only an identity, never read) gets a device buffer of at least its length, looked up in a
/// <see cref="ConditionalWeakTable{TKey, TValue}"/>. Buffers are never freed one by one: when a handle is
/// garbage-collected, its buffer waits in the pool for a new handle of the same rounded size, so that a
/// training loop, which allocates the same sizes every step, stops allocating device memory after its
/// first steps.
/// </summary>
/// <remarks>
/// The pool learns that a handle is dead only after a garbage collection. When its buffers would grow past
/// <c>limit</c> bytes it collects once (<see cref="GC.Collect()"/>), frees the dead buffers of other sizes, and
/// retries; if the live tensors alone exceed the limit, it raises the limit instead of collecting again at
/// every allocation. Kernels run in launch order on one stream, so a buffer handed to a new handle is
/// never written before the kernels queued on its previous owner have read it.
/// </remarks>
internal sealed class DeviceMemoryPool<T>(Accelerator accelerator, long limitBytes) : IDisposable where T : unmanaged
{
    /// <summary>Buffer lengths are rounded up to a multiple of this many elements, so that near sizes share buffers.</summary>
    private const int Granule = 256;

    private readonly ConditionalWeakTable<T[], Slot> _byHandle = new();
    private readonly Dictionary<long, List<Slot>> _bySize = [];
    private readonly Lock _lock = new();
    private long _bytes;
    private long _limitBytes = limitBytes;

    /// <summary>Device bytes held by the pool, live and waiting.</summary>
    public long Bytes => Interlocked.Read(ref _bytes);

    /// <summary>A device buffer of at least <paramref name="count"/> elements for <paramref name="handle"/>, reused or new.</summary>
    public ArrayView<T> Rent(T[] handle, int count)
    {
        var size = Math.Max(1, (count + (long)Granule - 1) / Granule * Granule);
        lock (_lock)
        {
            if (_byHandle.TryGetValue(handle, out var existing))
            {
                if (existing.Buffer.Length >= count)
                {
                    return existing.Buffer.View;
                }
                existing.Owner.SetTarget(null!);
            }
            var slot = TakeDead(size);
            if (slot is null && _bytes + size * Unsafe.SizeOf<T>() > _limitBytes)
            {
                GC.Collect();
                slot = TakeDead(size) ?? FreeDeadAndRetry(size);
            }
            if (slot is null)
            {
                slot = new Slot(accelerator.Allocate1D<T>(size));
                _bytes += size * Unsafe.SizeOf<T>();
                if (!_bySize.TryGetValue(size, out var list))
                {
                    _bySize[size] = list = [];
                }
                list.Add(slot);
            }
            slot.Owner.SetTarget(handle);
            _byHandle.AddOrUpdate(handle, slot);
            return slot.Buffer.View;
        }
    }

    /// <summary>The buffer of <paramref name="handle"/>, if it has one in this pool.</summary>
    public bool TryGet(T[] handle, out ArrayView<T> view)
    {
        lock (_lock)
        {
            if (_byHandle.TryGetValue(handle, out var slot))
            {
                view = slot.Buffer.View;
                return true;
            }
        }
        view = default;
        return false;
    }

    public void Dispose()
    {
        lock (_lock)
        {
            foreach (var slot in _bySize.Values.SelectMany(list => list))
            {
                slot.Buffer.Dispose();
            }
            _bySize.Clear();
            _byHandle.Clear();
            _bytes = 0;
        }
    }

    private Slot? TakeDead(long size)
    {
        if (!_bySize.TryGetValue(size, out var list))
        {
            return null;
        }
        foreach (var slot in list)
        {
            if (!slot.Owner.TryGetTarget(out _))
            {
                return slot;
            }
        }
        return null;
    }

    /// <summary>After a collection found no dead buffer of the size: frees the dead ones of other sizes.</summary>
    private Slot? FreeDeadAndRetry(long size)
    {
        foreach (var (other, list) in _bySize)
        {
            if (other == size)
            {
                continue;
            }
            list.RemoveAll(slot =>
            {
                if (slot.Owner.TryGetTarget(out _))
                {
                    return false;
                }
                slot.Buffer.Dispose();
                _bytes -= other * Unsafe.SizeOf<T>();
                return true;
            });
        }
        var needed = _bytes + size * Unsafe.SizeOf<T>();
        if (needed > _limitBytes)
        {
            // The live tensors alone pass the limit: collecting again at every allocation would only cost time.
            _limitBytes = needed + needed / 2;
        }
        return null;
    }

    /// <summary>A device buffer and the handle it currently belongs to (weakly: the handle's death frees it for reuse).</summary>
    private sealed class Slot(MemoryBuffer1D<T, Stride1D.Dense> buffer)
    {
        public MemoryBuffer1D<T, Stride1D.Dense> Buffer { get; } = buffer;

        public WeakReference<T[]> Owner { get; } = new(null!);
    }
}
