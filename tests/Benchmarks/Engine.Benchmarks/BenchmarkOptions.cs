namespace DeepLearning.Benchmarks;

/// <summary>Command-line options of the full benchmark (all optional).</summary>
/// <param name="MatMulSizes">Square sizes for the GFLOPS table: --sizes 256,512,1024,2048.</param>
/// <param name="LadderSize">Size at which chapter 9's five versions are timed: --ladder-size 512.</param>
/// <param name="Data">Folder with the four Fashion-MNIST IDX files: --data /usr/share/datasets/fashion-mnist.</param>
/// <param name="Models">Which trainings to run: --models mlp,cnn.</param>
/// <param name="OutputFolder">Where benchmark.json and benchmark.md go: --out tests/Benchmarks/results.</param>
internal sealed record BenchmarkOptions(int[] MatMulSizes, int LadderSize, string Data, string[] Models, string OutputFolder)
{
    public static BenchmarkOptions Parse(string[] args)
    {
        var options = new BenchmarkOptions([256, 512, 1024, 2048], 512, "/usr/share/datasets/fashion-mnist", ["mlp", "cnn"], "tests/Benchmarks/results");
        for (var i = 0; i < args.Length; i += 2)
        {
            var value = i + 1 < args.Length ? args[i + 1] : throw new ArgumentException($"{args[i]} needs a value");
            options = args[i] switch
            {
                "--sizes" => options with { MatMulSizes = value.Split(',').Select(int.Parse).ToArray() },
                "--ladder-size" => options with { LadderSize = int.Parse(value) },
                "--data" => options with { Data = value },
                "--models" => options with { Models = value == "none" ? [] : value.Split(',') },
                "--out" => options with { OutputFolder = value },
                _ => throw new ArgumentException($"unknown option {args[i]}; options: --sizes, --ladder-size, --data, --models, --out"),
            };
        }
        return options;
    }
}
