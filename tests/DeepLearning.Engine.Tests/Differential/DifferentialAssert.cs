using System.Globalization;
using DeepLearning.Backends;

namespace DeepLearning.Tests.Differential;

/// <summary>
/// Replays a <see cref="DifferentialCase"/> on the current backend and compares the output and every input's
/// gradient with PyTorch's.
/// </summary>
/// <remarks>
/// An element passes when |engine - torch| ≤ atol·max(1, max|torch|)·s + rtol·s·|torch|, with rtol = 1e-4 and
/// atol = 1e-5 (from the JSON), max|torch| over the tensor compared, and s the case's tolerance scale: 1, or
/// √(n/16384) for the few cases whose largest tensor has n &gt; 16,384 elements (no sum in a case is longer than
/// its largest tensor, and the rounding of a float sum grows like the square root of its length). The expected
/// values are float64 results from the same float32 inputs; the generator kept only cases where PyTorch's own
/// float32 result is within a quarter of this tolerance.
/// </remarks>
public static class DifferentialAssert
{
    /// <summary>One test case a graph, named by its op chain: <c>case 17: (transposed) matmul(3x4 @ 4x2) -> logsumexp(1)</c>.</summary>
    public static IEnumerable<TestCaseData> TestCases(IEnumerable<DifferentialCase> cases) =>
        cases.Select(testCase => new TestCaseData(testCase.Id).SetName(testCase.Name));

    public static void MatchesPyTorch(DifferentialCase testCase, IBackend backend)
    {
        var graph = new DifferentialGraph(testCase);

        var problems = new List<string>();
        Compare(testCase, "output", graph.Output.ToArray(), testCase.Output, problems);
        for (var k = 0; k < testCase.Inputs.Length; k++)
        {
            var expected = testCase.Gradients[k];
            if (expected is not null)
            {
                var input = testCase.Inputs[k];
                var name = $"gradient of input {k} (shape {Shapes.Format(input.Shape)}, {input.Layout.Describe()})";
                Compare(testCase, name, graph.GradientOf(k)!, expected, problems);
            }
        }
        if (problems.Count > 0)
        {
            Assert.Fail($"{testCase.Name}, on {backend.Name}: differs from PyTorch {DifferentialCase.All.TorchVersion}\n" + string.Join("\n", problems));
        }
    }

    /// <summary>Adds a line to <paramref name="problems"/> for a tensor that differs: how many elements, and the first.</summary>
    private static void Compare(DifferentialCase testCase, string name, float[] actual, float[] expected, List<string> problems)
    {
        if (actual.Length != expected.Length)
        {
            problems.Add($"  {name}: {actual.Length} elements, PyTorch has {expected.Length}");
            return;
        }
        var fixture = DifferentialCase.All;
        var scale = testCase.ToleranceScale;
        var absolute = fixture.AbsoluteTolerance * Math.Max(1, expected.Length == 0 ? 0 : expected.Max(MathF.Abs)) * scale;
        double Allowed(int i) => absolute + fixture.RelativeTolerance * scale * Math.Abs(expected[i]);
        var first = -1;
        var count = 0;
        for (var i = 0; i < expected.Length; i++)
        {
            // Written as !(a <= b) so that a NaN from the engine counts as a difference.
            if (!(Math.Abs((double)actual[i] - expected[i]) <= Allowed(i)))
            {
                first = first < 0 ? i : first;
                count++;
            }
        }
        if (count > 0)
        {
            problems.Add(string.Create(CultureInfo.InvariantCulture,
                $"  {name}: {count} of {expected.Length} elements differ; first at flat index {first}: engine {actual[first]:G9}, torch {expected[first]:G9} (allowed ±{Allowed(first):G3})"));
        }
    }
}
