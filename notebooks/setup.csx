// The set-up of every chapter: its first code cell runs `#load "setup.csx"`. It brings in the course kit, which
// README's set-up builds into notebooks/lib/ (`dotnet build`): the engine, Plotly.NET, the GPU kernels of chapter 10
// with ILGPU, and the kit's helpers (the "your turn" checks, which run the exercises' visible tests, the diagrams,
// fast and full mode). Paths here are relative to this file.
#r "lib/DeepLearning.Engine.dll"
#r "lib/DeepLearning.Notebooks.Kit.dll"
#r "lib/DeepLearning.Gpu.dll"
#r "lib/ILGPU.dll"
#r "lib/ILGPU.Algorithms.dll"
#r "lib/Plotly.NET.dll"
#r "lib/Plotly.NET.CSharp.dll"
#r "lib/DynamicObj.dll"
// Plotly.NET 6.0.0 is compiled against FSharp.Core 10.1, and the .NET Interactive kernel ships FSharp.Core 10.0.
// Code that uses Plotly.NET must compile against 10.1 (else error CS1705), so the kit's copy is referenced here;
// at run time SharedFSharpCore (below) keeps the whole process on one FSharp.Core. This is the only place that
// deals with it: no chapter needs to.
#r "lib/FSharp.Core.dll"

using DeepLearning.Notebooks;
using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.Formatting;

// Before anything touches Plotly.NET.
SharedFSharpCore.Install();

// Charts render offline: plotly.js goes out once, in this cell's output, and each chart only calls it. HTML goes
// through the kit's HtmlFragment, never the kernel's HTML(...) helper, whose assembly (two versions in the kernel)
// would show every cell warning CS1701.
Formatter.Register<Plotly.NET.GenericChart>((chart, writer) => writer.Write(OfflinePlotly.ChartHtml(chart)), "text/html");
Formatter.SetPreferredMimeTypesFor(typeof(Plotly.NET.GenericChart), "text/html");
Formatter.Register<HtmlFragment>((fragment, writer) => writer.Write(fragment.Markup), "text/html");
Formatter.SetPreferredMimeTypesFor(typeof(HtmlFragment), "text/html");

/// <summary>
/// Runs the visible tests of a "your turn" task on your function, e.g. <c>Check("1.2", MulBackward);</c>, the same
/// tests that `dotnet test` and the grader run, and says in one line how it went. Returns the function the cells
/// below use: yours once it passes; until then, if you have not started the task, the engine's version.
/// </summary>
T Check<T>(string taskId, T yourFunction) where T : Delegate => YourTurn.Check(taskId, yourFunction);

/// <summary>Prints the your-turn cell of a task as it was at the start, e.g. <c>Stub("3.1")</c>, to paste over yours and start again.</summary>
void Stub(string taskId) => Console.WriteLine(YourTurn.Stub(taskId));

Kernel.display(new HtmlFragment(
    OfflinePlotly.ScriptElement() +
    $"<p>Course kit ready: engine {typeof(DeepLearning.Tensor).Assembly.GetName().Version}, {Course.ModeName} mode, " +
    $"plotly.js {OfflinePlotly.PlotlyJsVersion} embedded (charts work offline).</p>"), "text/html");
