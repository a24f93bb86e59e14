using DeepLearning.Gpu.Accelerators;
using DeepLearning.Gpu.Diagnostics;
using DeepLearning.Gpu.MatMul;
using DeepLearning.Gpu.Reduction;
using DeepLearning.Gpu.Softmax;
using DeepLearning.KernelLab;

// The kernel lab: every kernel version validated against the CPU reference, then timed, with its throughput as
// a fraction of the device's peak (the spirit of llm.c's dev/cuda). Exit code 1 when a version fails validation.
LabOptions options;
try
{
    options = LabOptions.Parse(args);
}
catch (Exception e) when (e is ArgumentException or FormatException)
{
    Console.Error.WriteLine(e.Message);
    Console.Error.WriteLine(LabOptions.Usage);
    return 2;
}
if (options.Help)
{
    Console.WriteLine(LabOptions.Usage);
    return 0;
}
if (options.ListDevices)
{
    foreach (var line in AcceleratorSession.ListAvailable())
    {
        Console.WriteLine(line);
    }
    return 0;
}

AcceleratorSession session;
try
{
    session = AcceleratorSession.Open(options.Accelerator);
}
catch (InvalidOperationException e)
{
    Console.Error.WriteLine($"kernel-lab: {e.Message}");
    return 3;
}
using var _ = session;
options = options.WithDefaultsFor(session.IsCpu);
var peak = DevicePeak.For(session.Accelerator, options.CpuGhz);
var notes = new List<string>();
Console.WriteLine($"device: {session.Describe()}");
Console.WriteLine($"fp32 peak: {peak.Gflops?.ToString("F1") ?? "unknown"} GFLOPS = {peak.GflopsSource}");
Console.WriteLine($"memory peak: {peak.GBps?.ToString("F1") ?? "unknown"} GB/s = {peak.BandwidthSource}");
if (session.IsCpu)
{
    notes.Add("ILGPU's CPU accelerator runs each group thread as an OS thread and scalar code: its fraction of the SIMD peak is tiny by design; it is here to validate, not to be fast");
    Console.WriteLine($"note: {notes[^1]}");
}

if (options.PtxFolder is string ptxFolder)
{
    WritePtx(ptxFolder);
    Console.WriteLine($"PTX of every kernel written to {ptxFolder}");
}

var results = new List<LabResult>();
if (options.Families.Contains("matmul"))
{
    results.AddRange(MatMulLab.Run(session, options, peak, Console.Out));
}
if (options.Families.Contains("sum"))
{
    results.AddRange(SumLab.Run(session, options, peak, Console.Out));
}
if (options.Families.Contains("softmax"))
{
    results.AddRange(SoftmaxLab.Run(session, options, peak, Console.Out));
}

LabReport.Write(options.OutputFolder, session.Describe(), peak, options, results, notes);
var failed = results.Where(r => !r.Valid).Select(r => $"{r.Family} {r.Kernel}").ToList();
Console.WriteLine($"wrote {Path.Combine(options.OutputFolder, "kernel-lab.md")} and kernel-lab.json");
Console.WriteLine(failed.Count == 0 ? $"all {results.Count} kernels valid" : $"INVALID: {string.Join(", ", failed)}");
return failed.Count == 0 ? 0 : 1;

static void WritePtx(string folder)
{
    Directory.CreateDirectory(folder);
    var kernels = MatMulLauncher.Versions.Select(v => ($"matmul-{v}", MatMulLauncher.KernelOf(v).Method))
        .Concat(ReductionLauncher.Versions.Select(v => ($"sum-{v}", ReductionLauncher.KernelOf(v).Method)))
        .Concat(SoftmaxLauncher.Versions.Select(v => ($"softmax-{v}", SoftmaxLauncher.KernelOf(v).Method)));
    foreach (var (name, method) in kernels)
    {
        File.WriteAllText(Path.Combine(folder, name + ".ptx"), PtxInspector.Compile(method));
    }
}
