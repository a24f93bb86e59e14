using System.Reflection;
using DeepLearning.Gpu.Accelerators;
using ILGPU;
using ILGPU.Backends.EntryPoints;
using ILGPU.Backends.PTX;
using ILGPU.Runtime;
using ILGPU.Runtime.Cuda;

namespace DeepLearning.Gpu.Diagnostics;

/// <summary>
/// Compiles a kernel to PTX, NVIDIA's virtual assembly, on any machine: ILGPU's PTX backend needs no GPU and
/// no CUDA install. Reading the PTX shows what the GPU will actually be asked to do: <c>ld.global.v4.f32</c>
/// (a 128-bit load), <c>shfl.sync</c> (a warp shuffle), <c>bar.sync</c> (a barrier), <c>fma.rn.f32</c>.
/// </summary>
public static class PtxInspector
{
    /// <summary>Hopper (H100, H200): compute capability 9.0.</summary>
    public static CudaArchitecture DefaultArchitecture => CudaArchitecture.SM_90;

    /// <summary>
    /// The PTX of an explicitly grouped kernel (one launched with a <see cref="KernelConfig"/>), compiled with
    /// the same options as <see cref="AcceleratorSession"/> uses.
    /// </summary>
    public static string Compile(MethodInfo kernel, CudaArchitecture? architecture = null)
    {
        using var context = Context.Create(builder => builder.EnableAlgorithms().Optimize(OptimizationLevel.O2));
        // No NVVM: ILGPU writes the PTX itself; NVVM is only needed for CUDA's libdevice math, which we don't use.
        var backend = new PTXBackend(context, architecture ?? DefaultArchitecture, CudaInstructionSet.ISA_80, nvvmAPI: null!);
        var entryPoint = EntryPointDescription.FromExplicitlyGroupedKernel(kernel);
        var specialization = KernelSpecialization.Empty;
        var compiled = (PTXCompiledKernel)backend.Compile(entryPoint, specialization);
        return compiled.PTXAssembly;
    }

    /// <summary>How many lines of <paramref name="ptx"/> hold an instruction starting with <paramref name="opcode"/>.</summary>
    public static int Count(string ptx, string opcode) =>
        ptx.Split('\n').Count(line => line.TrimStart().StartsWith(opcode, StringComparison.Ordinal));
}
