using System.Runtime.CompilerServices;
using DeepLearning.Backends;

namespace DeepLearning;

/// <summary>
/// Where a tensor's values live: <see cref="Cpu"/> (host memory), or an accelerator such as a GPU. Every op runs
/// on the device of its operands, with that device's backend, and its result lives there too; operands on two
/// different devices are an error, never a silent copy. Values move between devices only when asked to:
/// <see cref="Tensor.To(Device)"/>, or reading them on the host (<see cref="Tensor.ToArray"/>,
/// <see cref="Tensor.Item"/>, the indexer). Each such move is a transfer, counted in <see cref="Transfers"/>.
/// </summary>
/// <remarks>
/// A device tensor keeps a host array as its storage, like every tensor, but on a device that array is only the
/// storage's identity (allocated uninitialised, never read or written on the host): the values are in the
/// device buffer that the device keeps for that array. This keeps views, the ops and the backend interface the
/// same for every device.
/// </remarks>
public abstract class Device
{
    private static readonly ConditionalWeakTable<float[], Device> Residents = new();

    /// <summary>Host memory; ops run on its <see cref="CpuDevice.Backend"/>, the fast CPU backend unless changed.</summary>
    public static CpuDevice Cpu { get; } = new();

    /// <summary>
    /// Where the creation functions (<see cref="Tensor.FromArray(float[], int[])"/>, <see cref="Tensor.Zeros(int[])"/>,
    /// <see cref="Tensor.Randn(int[], Generator?)"/>, ...) put new tensors: <see cref="Cpu"/> unless changed,
    /// as <c>torch.set_default_device</c>. A tensor made from host values on another device is uploaded (counted).
    /// </summary>
    public static Device Default { get; set; } = Cpu;

    /// <summary>Makes <paramref name="device"/> the default until the returned scope is disposed.</summary>
    public static IDisposable UseDefault(Device device)
    {
        var previous = Default;
        Default = device;
        return new RestoreDefault(previous);
    }

    /// <summary>A short name, as in messages and printed tensors: <c>cpu</c>, <c>cuda:0</c>.</summary>
    public abstract string Name { get; }

    /// <summary>The loops that ops on this device's tensors run.</summary>
    public abstract IBackend Backend { get; }

    public bool IsCpu => ReferenceEquals(this, Cpu);

    /// <summary>Every copy between host and this device so far.</summary>
    public TransferCounts Transfers { get; } = new();

    public override string ToString() => Name;

    /// <summary>The device whose memory holds <paramref name="storage"/>.</summary>
    internal static Device Of(float[] storage) => Residents.TryGetValue(storage, out var device) ? device : Cpu;

    /// <summary>Storage for <paramref name="count"/> elements on this device, not initialised: the caller writes every element.</summary>
    internal float[] NewStorage(int count)
    {
        var storage = AllocateStorage(count);
        if (!IsCpu)
        {
            Residents.AddOrUpdate(storage, this);
        }
        return storage;
    }

    /// <summary>Copies host values into storage of this device (a counted transfer).</summary>
    internal void CopyToDevice(ReadOnlySpan<float> source, float[] storage)
    {
        Transfers.CountToDevice(source.Length * sizeof(float));
        Upload(source, storage);
    }

    /// <summary>Copies <paramref name="destination"/>.Length values from storage of this device, from <paramref name="offset"/> on (a counted transfer).</summary>
    internal void CopyToHost(float[] storage, int offset, Span<float> destination)
    {
        Transfers.CountToHost(destination.Length * sizeof(float));
        Download(storage, offset, destination);
    }

    /// <summary>
    /// A new array that stands for <paramref name="count"/> elements of this device's memory. For an
    /// accelerator: an uninitialised host array (its identity) and a device buffer kept for it.
    /// </summary>
    protected abstract float[] AllocateStorage(int count);

    /// <summary>Writes <paramref name="source"/> into the device buffer of <paramref name="storage"/>, from element 0.</summary>
    protected abstract void Upload(ReadOnlySpan<float> source, float[] storage);

    /// <summary>Reads <paramref name="destination"/>.Length elements of the device buffer of <paramref name="storage"/>, from <paramref name="offset"/>.</summary>
    protected abstract void Download(float[] storage, int offset, Span<float> destination);

    /// <summary>Waits until every operation queued on this device has finished (for timing).</summary>
    public virtual void Synchronize()
    {
    }

    private sealed class RestoreDefault(Device previous) : IDisposable
    {
        public void Dispose() => Default = previous;
    }
}

/// <summary>
/// Host memory, and the CPU backend that ops on host tensors run: <see cref="Backends.Backend.FastCpu"/> unless
/// changed, for example to <see cref="Backends.Backend.Reference"/> to see the plain loops at work.
/// </summary>
public sealed class CpuDevice : Device
{
    internal CpuDevice()
    {
    }

    public override string Name => "cpu";

    /// <summary>The loops that ops on host tensors run; settable, as the CPU has more than one backend.</summary>
    public override IBackend Backend => _backend;

    private IBackend _backend = Backends.Backend.FastCpu;

    /// <summary>
    /// Makes <paramref name="backend"/> the CPU's backend: until the returned scope is disposed, or for good when
    /// it is not (as a command-line tool does once at start-up).
    /// </summary>
    public IDisposable UseBackend(IBackend backend)
    {
        var previous = _backend;
        _backend = backend;
        return new RestoreBackend(this, previous);
    }

    protected override float[] AllocateStorage(int count) => BufferPool.Rent(count);

    protected override void Upload(ReadOnlySpan<float> source, float[] storage) => source.CopyTo(storage);

    protected override void Download(float[] storage, int offset, Span<float> destination) =>
        storage.AsSpan(offset, destination.Length).CopyTo(destination);

    private sealed class RestoreBackend(CpuDevice cpu, IBackend previous) : IDisposable
    {
        public void Dispose() => cpu._backend = previous;
    }
}

/// <summary>How many copies went each way between host and a device, and how many bytes.</summary>
public sealed class TransferCounts
{
    private long _toDevice, _toDeviceBytes, _toHost, _toHostBytes;

    public long ToDevice => Interlocked.Read(ref _toDevice);

    public long ToDeviceBytes => Interlocked.Read(ref _toDeviceBytes);

    public long ToHost => Interlocked.Read(ref _toHost);

    public long ToHostBytes => Interlocked.Read(ref _toHostBytes);

    /// <summary>Counts an upload; the backend of a device counts the index arrays it uploads (labels, gather indices) here too.</summary>
    public void CountToDevice(long bytes)
    {
        Interlocked.Increment(ref _toDevice);
        Interlocked.Add(ref _toDeviceBytes, bytes);
    }

    public void CountToHost(long bytes)
    {
        Interlocked.Increment(ref _toHost);
        Interlocked.Add(ref _toHostBytes, bytes);
    }

    public override string ToString() =>
        $"{ToDevice} to the device ({ToDeviceBytes / 1024.0:F1} KiB), {ToHost} to the host ({ToHostBytes / 1024.0:F1} KiB)";
}
