using System.Reflection;
using System.Runtime.CompilerServices;

namespace DeepLearning.Notebooks.Fallbacks;

/// <summary>Prints a notice once in each cell that runs, however often the cell calls what prints it.</summary>
internal static class CellNotice
{
    private static readonly ConditionalWeakTable<object, HashSet<string>> s_printed = [];
    private static readonly HashSet<string> s_printedOutsideAKernel = [];
    private static readonly Lazy<PropertyInfo?> s_currentCell = new(FindCurrentCell);

    public static void Once(string notice)
    {
        var cell = s_currentCell.Value?.GetValue(null);
        var printed = cell is null ? s_printedOutsideAKernel : s_printed.GetOrCreateValue(cell);
        lock (printed)
        {
            if (!printed.Add(notice))
            {
                return;
            }
        }
        Console.WriteLine(notice);
    }

    // .NET Interactive runs a cell as one command, whose KernelInvocationContext is current (an async-local) while
    // the cell's code runs. The kit is not built against the kernel, whose version is the host's, so the property is
    // found by reflection; outside a kernel it is absent and a notice prints once.
    private static PropertyInfo? FindCurrentCell() =>
        AppDomain.CurrentDomain.GetAssemblies()
            .FirstOrDefault(assembly => assembly.GetName().Name == "Microsoft.DotNet.Interactive")
            ?.GetType("Microsoft.DotNet.Interactive.KernelInvocationContext")
            ?.GetProperty("Current", BindingFlags.Public | BindingFlags.Static);
}
