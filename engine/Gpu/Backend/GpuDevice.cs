using DeepLearning.Backends;
using DeepLearning.Gpu.Accelerators;
using ILGPU;
using ILGPU.Runtime;

namespace DeepLearning.Gpu.Backend;

/// <summary>
/// A GPU (or ILGPU's CPU accelerator, which runs the same kernels on CPU threads) as a <see cref="Device"/> of
/// the engine: tensors moved here with <see cref="Tensor.To(Device)"/> keep their values in device memory,
/// and every op on them runs the kernels of <see cref="GpuBackend"/>. Dispose it to free its memory.
/// </summary>
/// <remarks>
/// It is built on an <see cref="AcceleratorSession"/>, the same accelerator-opening type the kernel lab and the
/// kernel tests use; this class adds what the engine needs on top: memory pools, compiled-kernel cache, backend.
/// A tensor's storage on this device is a host array that is never read or written: it is the identity of
/// a device buffer, kept in a <see cref="DeviceMemoryPool{T}"/>. Kernels are queued on the accelerator's
/// default stream and run in order while the host goes on; reading values back (a download) waits for them.
/// </remarks>
public sealed class GpuDevice : Device, IDisposable
{
    /// <summary>The pool stops to collect garbage past this share of device memory (host memory: 2 GiB).</summary>
    private const long CpuAcceleratorPoolLimit = 2L << 30;

    private readonly AcceleratorSession _session;
    private readonly GpuBackend _backend;

    private GpuDevice(AcceleratorSession session, LaunchPlan plan)
    {
        _session = session;
        var limit = session.IsCpu ? CpuAcceleratorPoolLimit : session.Accelerator.MemorySize / 4;
        Floats = new DeviceMemoryPool<float>(session.Accelerator, limit);
        Integers = new DeviceMemoryPool<int>(session.Accelerator, limit);
        Kernels = new KernelCache(session.Accelerator);
        Name = session.Kind switch
        {
            AcceleratorType.Cuda => "cuda:0",
            AcceleratorType.OpenCL => "opencl:0",
            _ => "cpu-accelerator",
        };
        _backend = new GpuBackend(this, plan);
    }

    /// <summary>Opens the engine device on the best accelerator present (<see cref="AcceleratorPreference.Auto"/>: CUDA, else an OpenCL GPU, else the CPU accelerator).</summary>
    public static GpuDevice Open(AcceleratorPreference preference = AcceleratorPreference.Auto) => Open(preference, plan: null);

    /// <summary>
    /// Opens the engine device with the kernels' work shared out as <paramref name="plan"/> says (null: the plan
    /// that suits the accelerator, <see cref="LaunchPlan.For"/>); the tests run <see cref="LaunchPlan.Gpu"/> on the
    /// CPU accelerator to check what a real GPU runs.
    /// </summary>
    public static GpuDevice Open(AcceleratorPreference preference, LaunchPlan? plan)
    {
        var session = AcceleratorSession.Open(preference);
        return new GpuDevice(session, plan ?? LaunchPlan.For(session.Accelerator));
    }

    /// <summary><c>cuda:0</c>, <c>opencl:0</c> or <c>cpu-accelerator</c>.</summary>
    public override string Name { get; }

    public override IBackend Backend => _backend;

    /// <summary>A line such as <c>Cuda: NVIDIA H100 80GB HBM3 (132 multiprocessors, warp 32, ...)</c>.</summary>
    public string Describe() => _session.Describe();

    /// <summary>Device bytes held for tensors (live, or waiting for reuse).</summary>
    public long PooledBytes => Floats.Bytes + Integers.Bytes;

    internal Accelerator Accelerator => _session.Accelerator;

    internal bool IsCuda => _session.Kind == AcceleratorType.Cuda;

    internal DeviceMemoryPool<float> Floats { get; }

    /// <summary>Device copies of index arrays: uploaded gather indices, max-pool winners, matmul offset tables.</summary>
    internal DeviceMemoryPool<int> Integers { get; }

    internal KernelCache Kernels { get; }

    public override void Synchronize()
    {
        Accelerator.Bind();
        Accelerator.Synchronize();
    }

    public void Dispose()
    {
        Floats.Dispose();
        Integers.Dispose();
        _session.Dispose();
    }

    protected override float[] AllocateStorage(int count)
    {
        Accelerator.Bind();
        // The array is only an identity: uninitialised, never touched (a length-0 one is still a new object).
        var handle = count == 0 ? new float[0] : GC.AllocateUninitializedArray<float>(count);
        Floats.Rent(handle, count);
        return handle;
    }

    protected override void Upload(ReadOnlySpan<float> source, float[] storage)
    {
        if (source.IsEmpty)
        {
            return;
        }
        Accelerator.Bind();
        BufferOf(storage, "upload").SubView(0, source.Length).CopyFromCPU(Accelerator.DefaultStream, source);
    }

    protected override void Download(float[] storage, int offset, Span<float> destination)
    {
        if (destination.IsEmpty)
        {
            return;
        }
        Accelerator.Bind();
        BufferOf(storage, "download").SubView(offset, destination.Length).CopyToCPU(Accelerator.DefaultStream, destination);
    }

    /// <summary>The device buffer of a storage array of this device.</summary>
    /// <exception cref="InvalidOperationException">The array is host memory, or another device's.</exception>
    internal ArrayView<float> BufferOf(float[] storage, string operation) =>
        Floats.TryGet(storage, out var view)
            ? view
            : throw new InvalidOperationException(
                $"gpu backend ({Name}): an operand of {operation} is not on this device; move it with Tensor.To(device)");

    /// <summary>
    /// Copies a host index array into its device buffer (counted as a transfer) and returns the buffer, without
    /// waiting for the queued kernels: on CUDA the driver copies pageable memory to a staging buffer before the
    /// call returns, and the copy runs in stream order; elsewhere the copy waits for the stream.
    /// </summary>
    internal unsafe ArrayView<int> UploadIndices(int[] indices)
    {
        var view = Integers.Rent(indices, indices.Length);
        if (indices.Length == 0)
        {
            return view;
        }
        Transfers.CountToDevice((long)indices.Length * sizeof(int));
        var target = view.SubView(0, indices.Length);
        if (IsCuda)
        {
            fixed (int* first = indices)
            {
                target.CopyFromCPUUnsafeAsync(Accelerator.DefaultStream, ref *first, indices.Length);
            }
        }
        else
        {
            target.CopyFromCPU(Accelerator.DefaultStream, indices);
        }
        return view;
    }
}
