using ILGPU;
using ILGPU.Runtime;
using ILGPU.Runtime.CPU;
using ILGPU.Runtime.Cuda;
using ILGPU.Runtime.OpenCL;

namespace DeepLearning.Gpu.Accelerators;

/// <summary>
/// An ILGPU context and one accelerator opened on it with this library's settings (the backends to look for,
/// the CPU accelerator sized to one group, ILGPU.Algorithms, O2): what the kernel lab, the tests and chapter 10
/// launch kernels on, and what a <see cref="Backend.GpuDevice"/> (the engine's <c>Device</c> on an accelerator)
/// is built on. Dispose it to free the accelerator's memory and the compiled kernels.
/// </summary>
/// <remarks>
/// The CPU accelerator simulates a GPU with OS threads: each thread of a group is one OS thread, and
/// <c>Group.Barrier()</c> waits for all of them, so barriers are slow there (milliseconds, where a GPU takes
/// nanoseconds). Every kernel here launches groups of <see cref="GroupSize"/> threads, and the CPU device is
/// sized to exactly one such group (32-lane warps × 8 warps × 1 multiprocessor): measured, a device with
/// more threads than the group ran the tiled matmul ~1.6x slower, and ILGPU's default CPU device (16 threads)
/// cannot launch a 256-thread group at all. Its 32-lane warps also match NVIDIA's, so the warp-shuffle
/// kernels take the same number of steps on both.
/// </remarks>
public sealed class AcceleratorSession : IDisposable
{
    /// <summary>Threads a group, for every kernel in this library: 8 warps of 32 on an NVIDIA GPU.</summary>
    public const int GroupSize = 256;

    private AcceleratorSession(Context context, Accelerator accelerator)
    {
        Context = context;
        Accelerator = accelerator;
    }

    public Context Context { get; }

    public Accelerator Accelerator { get; }

    public AcceleratorType Kind => Accelerator.AcceleratorType;

    public bool IsCpu => Kind == AcceleratorType.CPU;

    /// <summary>The CPU device the CPU accelerator uses: exactly one group of <see cref="GroupSize"/> threads.</summary>
    public static CPUDevice CpuDeviceSizedToOneGroup { get; } =
        new(numThreadsPerWarp: 32, numWarpsPerMultiprocessor: GroupSize / 32, numMultiprocessors: 1);

    /// <summary>Opens an accelerator; <see cref="AcceleratorPreference.Auto"/> tries CUDA, then OpenCL, then the CPU.</summary>
    /// <exception cref="InvalidOperationException">The kind asked for is not present on this machine.</exception>
    public static AcceleratorSession Open(AcceleratorPreference preference = AcceleratorPreference.Auto)
    {
        var context = CreateContext(preference);
        try
        {
            var device = Choose(context, preference)
                ?? throw new InvalidOperationException($"no {preference} device on this machine ({DescribeDevices(context)})");
            return new AcceleratorSession(context, device.CreateAccelerator(context));
        }
        catch
        {
            context.Dispose();
            throw;
        }
    }

    /// <summary>Every device ILGPU finds on this machine (CUDA, OpenCL and the CPU accelerator), as "Kind: name".</summary>
    public static IReadOnlyList<string> ListAvailable()
    {
        using var context = CreateContext(AcceleratorPreference.Auto);
        return context.Devices.Select(d => $"{d.AcceleratorType}: {d.Name}").ToList();
    }

    /// <summary>The CPU accelerator, sized to one group: what the tests use.</summary>
    public static AcceleratorSession OpenCpu() => Open(AcceleratorPreference.Cpu);

    /// <summary>A line such as <c>Cuda: NVIDIA H100 80GB HBM3 (132 multiprocessors, warp 32, max group 1024, 79.1 GiB)</c>.</summary>
    public string Describe() =>
        $"{Kind}: {Accelerator.Name} ({Accelerator.NumMultiprocessors} multiprocessors, warp {Accelerator.WarpSize}, " +
        $"max group {Accelerator.MaxNumThreadsPerGroup}, {Memory})";

    // The CPU accelerator reports long.MaxValue: it allocates from host memory, without a limit of its own.
    private string Memory => IsCpu ? "host memory" : $"{Accelerator.MemorySize / (1024.0 * 1024 * 1024):F1} GiB";

    public void Dispose()
    {
        Accelerator.Dispose();
        Context.Dispose();
    }

    private static Context CreateContext(AcceleratorPreference preference) =>
        Context.Create(builder =>
        {
            // Registering a backend whose driver is missing registers no device; it does not throw.
            if (preference is AcceleratorPreference.Auto or AcceleratorPreference.Cuda)
            {
                builder.Cuda();
            }
            if (preference is AcceleratorPreference.Auto or AcceleratorPreference.OpenCL)
            {
                builder.OpenCL();
            }
            builder.CPU(CpuDeviceSizedToOneGroup);
            // XMath (exp in softmax) and the cuBLAS binding live in ILGPU.Algorithms.
            builder.EnableAlgorithms();
            builder.Optimize(OptimizationLevel.O2);
        });

    private static ILGPU.Runtime.Device? Choose(Context context, AcceleratorPreference preference)
    {
        var cuda = context.Devices.OfType<CudaDevice>().FirstOrDefault();
        // OpenCL can also list CPUs (POCL, Intel's runtime); only a GPU is worth preferring to the CPU accelerator.
        var openClDevices = context.Devices.OfType<CLDevice>().ToList();
        var openCl = openClDevices.FirstOrDefault(d => d.DeviceType == CLDeviceType.CL_DEVICE_TYPE_GPU)
            ?? (preference == AcceleratorPreference.OpenCL ? openClDevices.FirstOrDefault() : null);
        var cpu = context.Devices.OfType<CPUDevice>().First();
        return preference switch
        {
            AcceleratorPreference.Cuda => cuda,
            AcceleratorPreference.OpenCL => openCl,
            AcceleratorPreference.Cpu => cpu,
            _ => (ILGPU.Runtime.Device?)cuda ?? (ILGPU.Runtime.Device?)openCl ?? cpu,
        };
    }

    private static string DescribeDevices(Context context) =>
        context.Devices.Length == 0
            ? "no devices"
            : "present: " + string.Join(", ", context.Devices.Select(d => $"{d.AcceleratorType} {d.Name}"));
}
