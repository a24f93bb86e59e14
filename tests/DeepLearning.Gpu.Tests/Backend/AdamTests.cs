using DeepLearning.Backends;
using static DeepLearning.Gpu.Tests.Backend.SharedGpuDevice;

namespace DeepLearning.Gpu.Tests.Backend;

/// <summary>The Adam step on the GPU backend against the reference loop, with and without decoupled weight decay.</summary>
public sealed class AdamTests
{
    [TestCase(false, 0f)]
    [TestCase(false, 0.1f)]
    [TestCase(true, 0.1f)]
    public void Three_steps_match_the_reference(bool decoupled, float weightDecay)
    {
        var random = new Random(70);
        var parameter = Views.Values(1000, random);
        var (m, v) = (new float[1000], new float[1000]);
        var (gpuParameter, gpuM, gpuV) = (ToDevice(parameter), ToDevice(m), ToDevice(v));
        for (var step = 1; step <= 3; step++)
        {
            var gradient = Views.Values(1000, random);
            var settings = new AdamStepSettings(1e-2f, 0.9f, 0.999f, 1e-8f, weightDecay, decoupled,
                1 - MathF.Pow(0.9f, step), 1 - MathF.Pow(0.999f, step));

            ReferenceLoops.AdamStep(parameter, gradient, m, v, settings);
            GpuLoops.AdamStep(gpuParameter, ToDevice(gradient), gpuM, gpuV, settings);
        }

        Views.AssertClose(ToHost(gpuParameter), parameter, tolerance: 1e-6f, what: "parameter");
        Views.AssertClose(ToHost(gpuM), m, tolerance: 1e-6f, what: "first moment");
        Views.AssertClose(ToHost(gpuV), v, tolerance: 1e-6f, what: "second moment");
    }
}
