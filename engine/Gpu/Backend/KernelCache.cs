using System.Reflection;
using ILGPU;
using ILGPU.Runtime;

namespace DeepLearning.Gpu.Backend;

/// <summary>
/// The kernels of the backend, each compiled for the accelerator once, on its first launch: one entry per
/// kernel method, and so one per generic instantiation (Map&lt;ExpFunction&gt; and Map&lt;LogFunction&gt; are two
/// kernels). The key is the method of the delegate that names the kernel; C# caches the delegate of a static
/// method group, so a launch allocates nothing once its kernel is loaded. A kernel the device compiler refuses
/// (an element function that can throw, say) is a <see cref="NotSupportedException"/> that names it.
/// </summary>
internal sealed class KernelCache(Accelerator accelerator)
{
    private readonly Dictionary<MethodInfo, Delegate> _loaded = [];
    private readonly Lock _lock = new();

    public Action<KernelConfig, T1, T2, T3> Load<T1, T2, T3>(Action<T1, T2, T3> kernel)
        where T1 : struct where T2 : struct where T3 : struct =>
        (Action<KernelConfig, T1, T2, T3>)(Find(kernel) ?? Add(kernel, static (target, k) => target.LoadStreamKernel((Action<T1, T2, T3>)k)));

    public Action<KernelConfig, T1, T2, T3, T4> Load<T1, T2, T3, T4>(Action<T1, T2, T3, T4> kernel)
        where T1 : struct where T2 : struct where T3 : struct where T4 : struct =>
        (Action<KernelConfig, T1, T2, T3, T4>)(Find(kernel) ?? Add(kernel, static (target, k) => target.LoadStreamKernel((Action<T1, T2, T3, T4>)k)));

    public Action<KernelConfig, T1, T2, T3, T4, T5> Load<T1, T2, T3, T4, T5>(Action<T1, T2, T3, T4, T5> kernel)
        where T1 : struct where T2 : struct where T3 : struct where T4 : struct where T5 : struct =>
        (Action<KernelConfig, T1, T2, T3, T4, T5>)(Find(kernel) ?? Add(kernel, static (target, k) => target.LoadStreamKernel((Action<T1, T2, T3, T4, T5>)k)));

    public Action<KernelConfig, T1, T2, T3, T4, T5, T6> Load<T1, T2, T3, T4, T5, T6>(Action<T1, T2, T3, T4, T5, T6> kernel)
        where T1 : struct where T2 : struct where T3 : struct where T4 : struct where T5 : struct where T6 : struct =>
        (Action<KernelConfig, T1, T2, T3, T4, T5, T6>)(Find(kernel) ?? Add(kernel, static (target, k) => target.LoadStreamKernel((Action<T1, T2, T3, T4, T5, T6>)k)));

    public Action<KernelConfig, T1, T2, T3, T4, T5, T6, T7> Load<T1, T2, T3, T4, T5, T6, T7>(Action<T1, T2, T3, T4, T5, T6, T7> kernel)
        where T1 : struct where T2 : struct where T3 : struct where T4 : struct where T5 : struct where T6 : struct where T7 : struct =>
        (Action<KernelConfig, T1, T2, T3, T4, T5, T6, T7>)(Find(kernel) ?? Add(kernel, static (target, k) => target.LoadStreamKernel((Action<T1, T2, T3, T4, T5, T6, T7>)k)));

    private Delegate? Find(Delegate kernel)
    {
        lock (_lock)
        {
            return _loaded.GetValueOrDefault(kernel.Method);
        }
    }

    /// <summary>Compiles <paramref name="kernel"/> and keeps it.</summary>
    /// <exception cref="NotSupportedException">The device compiler refuses the kernel (say, an element function that can throw).</exception>
    private Delegate Add(Delegate kernel, Func<Accelerator, Delegate, Delegate> load)
    {
        Delegate loaded;
        try
        {
            loaded = load(accelerator, kernel);
        }
        catch (Exception e) when (e is InternalCompilerException or NotSupportedException or AggregateException)
        {
            // A failed compilation leaves ILGPU's intermediate code half-built, and every later compilation would
            // fail on it; clearing the caches gives the next kernel a clean start (loaded kernels stay loaded).
            accelerator.Context.ClearCache(ClearCacheMode.Everything);
            throw new NotSupportedException(
                $"gpu backend: the kernel {KernelName(kernel.Method)} does not compile for {accelerator.Name}: {e.Message}", e);
        }
        lock (_lock)
        {
            _loaded[kernel.Method] = loaded;
        }
        return loaded;
    }

    private static string KernelName(MethodInfo method) =>
        method.IsGenericMethod
            ? $"{method.DeclaringType?.Name}.{method.Name}<{string.Join(", ", method.GetGenericArguments().Select(t => t.Name))}>"
            : $"{method.DeclaringType?.Name}.{method.Name}";
}
