using System.Text.Json;

namespace DeepLearning.Tests.Differential;

/// <summary>
/// How an input lies in storage: the view's axis i is storage axis <see cref="Permute"/>[i]; storage axis j
/// starts at <see cref="Start"/>[j] and steps by <see cref="Step"/>[j]; and a tensor with <see cref="Expand"/>
/// is stored small and expanded (stride 0) to that shape by a recorded Expand, so its gradient has the small shape.
/// </summary>
public sealed record InputLayout(int[]? Permute, int[]? Start, int[]? Step, int[]? Expand)
{
    public static readonly InputLayout Contiguous = new(null, null, null, null);

    public string Describe() =>
        string.Join(", ", new[]
        {
            Permute is null ? null : $"permuted {Shapes.Format(Permute)}",
            Start is null ? null : $"sliced from {Shapes.Format(Start)} by {Shapes.Format(Step!)}",
            Expand is null ? null : $"expanded to {Shapes.Format(Expand)}",
        }.Where(part => part is not null).DefaultIfEmpty("contiguous"));
}

/// <summary>
/// One input of a graph: its stored values (row-major, of <see cref="Shape"/>), its layout, and whether it is a
/// module's parameter (the module owns it, so it is contiguous) or needs no gradient.
/// </summary>
public sealed record DifferentialInput(int[] Shape, float[] Data, InputLayout Layout, bool IsParameter, bool NeedsGradient);

/// <summary>
/// One case of differential.json (written by make_differential.py beside this file): a graph of engine ops with
/// its inputs, the random weights r of L = Σ y·r, and what PyTorch computed in float64: the output y and
/// dL/dx for every input (null for an input that needs no gradient).
/// </summary>
public sealed record DifferentialCase(
    int Id,
    string Name,
    DifferentialInput[] Inputs,
    JsonElement[] Steps,
    float[] Weights,
    int[] OutputShape,
    float[] Output,
    float[]?[] Gradients,
    float ToleranceScale)
{
    private static readonly Lazy<DifferentialFixture> Fixture = new(() =>
        DifferentialFixture.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Differential", "differential.json"))));

    public static DifferentialFixture All => Fixture.Value;

    public override string ToString() => Name;

    public static DifferentialCase Parse(JsonElement json) => new(
        json.GetProperty("id").GetInt32(),
        json.GetProperty("name").GetString()!,
        json.GetProperty("inputs").EnumerateArray().Select(ParseInput).ToArray(),
        json.GetProperty("steps").EnumerateArray().ToArray(),
        Floats(json.GetProperty("weights")),
        Ints(json.GetProperty("output").GetProperty("shape")),
        Floats(json.GetProperty("output").GetProperty("data")),
        json.GetProperty("grads").EnumerateArray().Select(grad => grad.ValueKind == JsonValueKind.Null ? null : Floats(grad)).ToArray(),
        json.GetProperty("tolerance_scale").GetSingle());

    public static int[] Ints(JsonElement array) => array.EnumerateArray().Select(v => v.GetInt32()).ToArray();

    public static float[] Floats(JsonElement array) => array.EnumerateArray().Select(v => v.GetSingle()).ToArray();

    private static DifferentialInput ParseInput(JsonElement json)
    {
        var layout = InputLayout.Contiguous;
        var description = json.GetProperty("layout");
        if (description.ValueKind == JsonValueKind.Object)
        {
            int[]? Optional(string name) => description.TryGetProperty(name, out var value) ? Ints(value) : null;
            layout = new InputLayout(Optional("permute"), Optional("start"), Optional("step"), Optional("expand"));
        }
        return new DifferentialInput(
            Ints(json.GetProperty("shape")),
            Floats(json.GetProperty("data")),
            layout,
            json.TryGetProperty("parameter", out var parameter) && parameter.GetBoolean(),
            !json.TryGetProperty("grad", out var grad) || grad.GetBoolean());
    }
}

/// <summary>The whole fixture: the cases, and the tolerance they were drawn for.</summary>
public sealed record DifferentialFixture(string TorchVersion, float RelativeTolerance, float AbsoluteTolerance, DifferentialCase[] Cases)
{
    public static DifferentialFixture Parse(string text)
    {
        var root = JsonDocument.Parse(text).RootElement;
        return new DifferentialFixture(
            root.GetProperty("torch_version").GetString()!,
            root.GetProperty("rtol").GetSingle(),
            root.GetProperty("atol").GetSingle(),
            root.GetProperty("cases").EnumerateArray().Select(DifferentialCase.Parse).ToArray());
    }
}
