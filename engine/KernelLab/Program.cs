using System.Reflection;
using DeepLearning.Gpu.Accelerators;
using DeepLearning.Gpu.Diagnostics;
using DeepLearning.Gpu.Lab;
using DeepLearning.KernelLab;

// The kernel lab: every version of every kernel family timed, then validated against the family's CPU reference,
// with its throughput as a fraction of the device's peak (the spirit of llm.c's dev/cuda). Each family lives in its
// own folder of engine/Gpu (MatMul/, Reduction/, Softmax/). Exit code 1 when a version fails validation.
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

// The lab only loops over families: each gives its versions, and every version is validated and timed the same way.
var results = new List<LabResult>();
foreach (var name in LabFamilies.Names.Where(options.Families.Contains))
{
    using var family = LabFamilies.Open(name, session.Accelerator, options);
    if (options.PtxFolder is string ptxFolder)
    {
        WritePtx(family, ptxFolder);
        Console.WriteLine($"PTX of the {family.Name} kernels written to {ptxFolder}");
    }
    results.AddRange(FamilyRunner.Run(family, session.Accelerator, options, peak, Console.Out));
}

LabReport.Write(options.OutputFolder, session.Describe(), peak, options, results, notes);
var failed = results.Where(r => !r.Valid).Select(r => $"{r.Family} {r.Kernel}").ToList();
Console.WriteLine($"wrote {Path.Combine(options.OutputFolder, "kernel-lab.md")} and kernel-lab.json");
Console.WriteLine(failed.Count == 0 ? $"all {results.Count} kernels valid" : $"INVALID: {string.Join(", ", failed)}");
return failed.Count == 0 ? 0 : 1;

// One file a kernel method, e.g. matmul-Tiled.ptx; a library baseline (cuBLAS) has no kernel of ours.
static void WritePtx(IKernelFamily family, string folder)
{
    Directory.CreateDirectory(folder);
    foreach (var kernel in family.Versions.Select(v => v.Kernel).OfType<MethodInfo>().Distinct())
    {
        File.WriteAllText(Path.Combine(folder, $"{family.Name}-{kernel.Name}.ptx"), PtxInspector.Compile(kernel));
    }
}
