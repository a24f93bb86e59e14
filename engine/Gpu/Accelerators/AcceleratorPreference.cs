namespace DeepLearning.Gpu.Accelerators;

/// <summary>Which kind of accelerator to open: <see cref="Auto"/> takes the best one present.</summary>
public enum AcceleratorPreference
{
    /// <summary>CUDA when an NVIDIA GPU and its driver are present, else an OpenCL GPU, else the CPU accelerator.</summary>
    Auto,
    Cuda,
    OpenCL,
    /// <summary>ILGPU's CPU accelerator: runs the same kernels on CPU threads, no GPU needed (tests, CI).</summary>
    Cpu,
}
