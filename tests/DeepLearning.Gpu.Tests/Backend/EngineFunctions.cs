using System.Reflection;
using DeepLearning.Backends;

namespace DeepLearning.Gpu.Tests.Backend;

/// <summary>
/// The element functions and reductions the engine defines (private structs inside its ops, found by
/// reflection), and the backend's generic methods instantiated with them: the tests run every one of them
/// on the GPU backend, so a function the device compiler refuses shows up here.
/// </summary>
public static class EngineFunctions
{
    public static IEnumerable<Type> Implementing(Type @interface) =>
        typeof(Tensor).Assembly.GetTypes()
            .Where(type => type.IsValueType && !type.IsGenericTypeDefinition && @interface.IsAssignableFrom(type))
            .OrderBy(type => type.Name);

    /// <summary>y = f(x) on <paramref name="backend"/>, with the engine function <paramref name="function"/>.</summary>
    public static void Map(IBackend backend, Type function, StridedView x, StridedView y) =>
        Call(backend, nameof(IBackend.Map), 2, function, x, y);

    public static void Map(IBackend backend, Type function, StridedView x, float parameter, StridedView y) =>
        Call(backend, nameof(IBackend.Map), 3, function, x, parameter, y);

    public static void Zip(IBackend backend, Type function, StridedView a, StridedView b, StridedView y) =>
        Call(backend, nameof(IBackend.Zip), 3, function, a, b, y);

    public static void Reduce(IBackend backend, Type reduction, StridedView x, bool[] reducedAxes, float[] y) =>
        Call(backend, nameof(IBackend.Reduce), 3, reduction, x, reducedAxes, y);

    private static void Call(IBackend backend, string name, int parameters, Type function, params object[] arguments)
    {
        var method = typeof(IBackend).GetMethods().Single(m => m.Name == name && m.GetParameters().Length == parameters);
        try
        {
            method.MakeGenericMethod(function).Invoke(backend, arguments);
        }
        catch (TargetInvocationException e) when (e.InnerException is not null)
        {
            throw e.InnerException;
        }
    }
}
