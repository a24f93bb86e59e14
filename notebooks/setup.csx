// The set-up of every chapter: its first code cell runs `#load "setup.csx"`. It brings in the course kit, which
// README's set-up builds into notebooks/lib/ (`dotnet build`): the engine, Plotly.NET, the GPU kernels of chapter 9
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

// Charts render offline: plotly.js goes out once, in this cell's output, and each chart only calls it.
Formatter.Register<Plotly.NET.GenericChart>((chart, writer) => writer.Write(OfflinePlotly.ChartHtml(chart)), HtmlFormatter.MimeType);
Formatter.SetPreferredMimeTypesFor(typeof(Plotly.NET.GenericChart), HtmlFormatter.MimeType);

/// <summary>
/// Runs the checks of a "your turn" task on your function, e.g. <c>Check("1.2", Tanh)</c>: for a task of exercises/,
/// its visible tests, the same ones `dotnet test` and the grader run.
/// </summary>
string Check(string taskId, Delegate solution) => YourTurn.Check(taskId, solution);

Kernel.display(Kernel.HTML(
    OfflinePlotly.ScriptElement() +
    $"<p>Course kit ready: engine {typeof(DeepLearning.Tensor).Assembly.GetName().Version}, {Course.ModeName} mode, " +
    $"plotly.js {OfflinePlotly.PlotlyJsVersion} embedded (charts work offline).</p>"));
