using System.Reflection;
using System.Runtime.InteropServices;
using ILGPU;
using ILGPU.Runtime;
using ILGPU.Runtime.Cuda;

namespace DeepLearning.Gpu.MatMul;

/// <summary>
/// NVIDIA's cuBLAS SGEMM through ILGPU.Algorithms' binding: the yardstick a hand-written matmul is measured
/// against. CUDA only, and only where the cuBLAS library is installed (it ships with the CUDA toolkit and
/// with PyTorch's wheels, not with the driver).
/// </summary>
/// <remarks>
/// ILGPU 1.5.3 binds the library by the names of CUDA 10 to 12 (<c>libcublas.so.12</c>...). The functions it
/// calls (<c>cublasCreate_v2</c>, <c>cublasSgemm_v2</c>...) are the stable v2 API, unchanged in CUDA 13, so
/// when those names are missing this class also tries <c>libcublas.so.13</c>; <see cref="LoadedLibrary"/>
/// says which file was used.
/// </remarks>
public sealed class CuBlasSgemm : IDisposable
{
    private static readonly string[] LibraryNames = ["libcublas.so.12", "libcublas.so.13", "libcublas.so.11", "libcublas.so"];
    private static readonly object ResolverLock = new();
    private static bool _resolverInstalled;

    private readonly CuBlas _blas;

    private CuBlasSgemm(CuBlas blas) => _blas = blas;

    /// <summary>The cuBLAS file the binding loaded, e.g. libcublas.so.13; null until one was loaded.</summary>
    public static string? LoadedLibrary { get; private set; }

    /// <summary>cuBLAS on <paramref name="accelerator"/>, or null with the reason when it is not CUDA or cuBLAS cannot be loaded.</summary>
    public static CuBlasSgemm? TryCreate(Accelerator accelerator, out string status)
    {
        if (accelerator is not CudaAccelerator cuda)
        {
            status = $"cuBLAS needs a CUDA device; this one is {accelerator.AcceleratorType}";
            return null;
        }
        InstallResolver();
        try
        {
            var blas = new CuBlas(cuda) { Stream = (CudaStream)cuda.DefaultStream };
            status = $"cuBLAS {blas.Version} from {LoadedLibrary ?? "the default search path"}";
            return new CuBlasSgemm(blas);
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException or CuBlasException or TypeInitializationException)
        {
            status = $"cuBLAS unavailable: {e.GetType().Name}: {e.Message}";
            return null;
        }
    }

    /// <summary>
    /// Queues C = A·B for ROW-major A (m×k), B (k×n), C (m×n) on the default stream. cuBLAS is column-major,
    /// and a row-major matrix read column-major is its transpose, so this asks for Cᵀ = Bᵀ·Aᵀ: no copies.
    /// </summary>
    public void Launch(ArrayView<float> a, ArrayView<float> b, ArrayView<float> c, int m, int k, int n) =>
        _blas.Gemm(CuBlasOperation.NonTranspose, CuBlasOperation.NonTranspose, n, m, k, 1f, b, n, a, k, 0f, c, n);

    public void Dispose() => _blas.Dispose();

    private static void InstallResolver()
    {
        lock (ResolverLock)
        {
            if (!_resolverInstalled)
            {
                NativeLibrary.SetDllImportResolver(typeof(CuBlas).Assembly, Resolve);
                _resolverInstalled = true;
            }
        }
    }

    private static IntPtr Resolve(string libraryName, Assembly assembly, DllImportSearchPath? searchPath)
    {
        if (!libraryName.Contains("cublas", StringComparison.OrdinalIgnoreCase) || !OperatingSystem.IsLinux())
        {
            return IntPtr.Zero; // not ours: the runtime's default search goes on
        }
        foreach (var name in LibraryNames)
        {
            if (NativeLibrary.TryLoad(name, assembly, searchPath, out var handle))
            {
                LoadedLibrary = name;
                return handle;
            }
        }
        return IntPtr.Zero;
    }
}
