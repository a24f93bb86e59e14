using DeepLearning.Gpu.Accelerators;
using DeepLearning.Gpu.Diagnostics;

namespace DeepLearning.KernelLab;

/// <summary>The command line of the kernel lab; sizes left out get defaults that suit the device (see <see cref="WithDefaultsFor"/>).</summary>
public sealed record LabOptions
{
    public AcceleratorPreference Accelerator { get; init; } = AcceleratorPreference.Auto;
    public int? M { get; init; }
    public int? K { get; init; }
    public int? N { get; init; }
    public int? SumLength { get; init; }
    public int? SoftmaxRows { get; init; }
    public int? SoftmaxColumns { get; init; }
    public int? Warmup { get; init; }
    public int? Launches { get; init; }
    /// <summary>Seconds of timed launches a kernel gets at most: slow versions run fewer than <see cref="Launches"/>.</summary>
    public double TimeBudgetSeconds { get; init; } = 2;
    public string OutputFolder { get; init; } = Path.Combine("runs", "kernel-lab");
    public string? PtxFolder { get; init; }
    public HashSet<string> Families { get; init; } = [.. LabFamilies.Names];
    public double CpuGhz { get; init; } = DevicePeak.DefaultCpuGhz;
    public bool ListDevices { get; init; }
    public bool Help { get; init; }

    public const string Usage = """
        kernel-lab: every kernel version validated against a CPU reference, then timed.

        options:
          --device auto|cuda|opencl|cpu   which device (auto: CUDA, else an OpenCL GPU, else ILGPU's CPU accelerator)
          --size N                        matmul m = k = n = N (default 4096 on a GPU, 64 on the CPU accelerator)
          --m M --k K --n N               matmul shape, each on its own
          --sum-length N                  elements to sum (default 2^26 on a GPU, 2^16 on the CPU)
          --softmax-rows R --softmax-columns C   (default 4096 x 4096 on a GPU, 16 x 256 on the CPU)
          --warmup W --launches L         launches before timing, and at most L timed (default 3 and 20; CPU 1 and 3)
          --time-budget S                 seconds of timed launches a kernel gets at most (default 2)
          --only matmul,sum,softmax       which families to run
          --out DIR                       where kernel-lab.json and kernel-lab.md go (default runs/kernel-lab)
          --ptx DIR                       also write each kernel's PTX (compiled without a GPU) to DIR
          --cpu-ghz G                     clock for the CPU peak formula (default 2.445, the development machine)
          --list-devices                  print the devices ILGPU finds and stop
        """;

    public static LabOptions Parse(string[] args)
    {
        var options = new LabOptions();
        for (var i = 0; i < args.Length; i++)
        {
            string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            int Int() => int.Parse(Value(), System.Globalization.CultureInfo.InvariantCulture);
            options = args[i] switch
            {
                "--device" => options with { Accelerator = Enum.Parse<AcceleratorPreference>(Value(), ignoreCase: true) },
                "--size" => Int() is var size ? options with { M = size, K = size, N = size } : options,
                "--m" => options with { M = Int() },
                "--k" => options with { K = Int() },
                "--n" => options with { N = Int() },
                "--sum-length" => options with { SumLength = Int() },
                "--softmax-rows" => options with { SoftmaxRows = Int() },
                "--softmax-columns" => options with { SoftmaxColumns = Int() },
                "--warmup" => options with { Warmup = Int() },
                "--launches" => options with { Launches = Int() },
                "--time-budget" => options with { TimeBudgetSeconds = double.Parse(Value(), System.Globalization.CultureInfo.InvariantCulture) },
                "--only" => options with { Families = [.. Value().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)] },
                "--out" => options with { OutputFolder = Value() },
                "--ptx" => options with { PtxFolder = Value() },
                "--cpu-ghz" => options with { CpuGhz = double.Parse(Value(), System.Globalization.CultureInfo.InvariantCulture) },
                "--list-devices" => options with { ListDevices = true },
                "--help" or "-h" => options with { Help = true },
                _ => throw new ArgumentException($"unknown option {args[i]}"),
            };
        }
        var unknown = options.Families.Except(LabFamilies.Names).ToList();
        if (unknown.Count > 0)
        {
            throw new ArgumentException($"--only: unknown families {string.Join(", ", unknown)} ({string.Join(", ", LabFamilies.Names)})");
        }
        return options;
    }

    /// <summary>
    /// Fills the sizes left out: GPU-sized problems on a GPU; on the CPU accelerator, small ones, because each
    /// group thread there is an OS thread and a barrier costs milliseconds.
    /// </summary>
    public LabOptions WithDefaultsFor(bool cpu) => this with
    {
        M = M ?? (cpu ? 64 : 4096),
        K = K ?? (cpu ? 64 : 4096),
        N = N ?? (cpu ? 64 : 4096),
        SumLength = SumLength ?? (cpu ? 1 << 16 : 1 << 26),
        SoftmaxRows = SoftmaxRows ?? (cpu ? 16 : 4096),
        SoftmaxColumns = SoftmaxColumns ?? (cpu ? 256 : 4096),
        Warmup = Warmup ?? (cpu ? 1 : 3),
        Launches = Launches ?? (cpu ? 3 : 20),
    };
}
