using DeepLearning.Backends;
using DeepLearning.Gpu.Backend;

namespace DeepLearning.Gpu.Tests.Backend;

/// <summary>
/// A backend fixture that runs twice on the CPU accelerator: once launching the kernels as a real GPU does
/// (<see cref="LaunchPlan.Gpu"/>: the barriers and shuffles a GPU runs), once as the CPU accelerator's own device does
/// (<see cref="LaunchPlan.CpuAccelerator"/>: what every other test and chapter 9 run). A derived fixture names the
/// source: <c>[TestFixtureSource(typeof(OnBothLaunchPlans), nameof(Plans))]</c>.
/// </summary>
public abstract class OnBothLaunchPlans(LaunchPlan plan)
{
    public static IEnumerable<LaunchPlan> Plans => [LaunchPlan.Gpu, LaunchPlan.CpuAccelerator];

    protected LaunchPlan Plan { get; } = plan;

    protected GpuDevice TestDevice { get; } = SharedGpuDevice.DeviceWith(plan);

    protected IBackend GpuLoops => TestDevice.Backend;

    protected float[] ToDevice(float[] values) => SharedGpuDevice.ToDevice(TestDevice, values);

    protected StridedView ToDevice(StridedView view) => view with { Storage = ToDevice(view.Storage) };

    protected float[] ToHost(float[] storage) => SharedGpuDevice.ToHost(TestDevice, storage);
}
